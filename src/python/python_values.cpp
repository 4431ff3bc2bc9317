// Variables: what the program's globals and its own frames' locals hold, recorded as they change (the
// trace's values, trace/values.h). Looked at when a line of the program's own files begins (CPython's
// line event, asked for only in those frames) and when one of its frames yields or returns, so that a
// value shows at the step after the line that set it, as Python Tutor shows it.
#include "python_session.h"

namespace cotrace::python {

bool is_code(PyObject* value) {
    return PyModule_Check(value) || PyFunction_Check(value) || PyType_Check(value) || PyCFunction_Check(value) ||
           PyMethod_Check(value);
}

namespace {

// A suspended frame cannot rebind its locals, but an object they hold may change (a list another task
// appends to): only frames holding mutable objects are looked at again, and only so many.
constexpr size_t most_frames_looked_at = 64;

}  // namespace

bool Session::note_line(PyFrameObject* frame, PyCodeObject* code) {
    if (sampling) return true;
    const CodeInfo& info = code_info(code);
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    auto followed = frames.find(key);
    int line = PyFrame_GetLineNumber(frame);
    if (line < 1) return true;
    ObjectId id = followed != frames.end() ? followed->second.id : program.data ? call_of(frame, code) : 0;
    if (!emit({.kind = EventKind::line, .subject = id, .where = recorder.locate_path(info.path, line, 1)})) return false;
    record_values(id ? key : nullptr);
    return true;
}

namespace {

// A value that cannot change in place: the very object shown before shows the same text.
bool unchangeable(PyObject* value) {
    return value == Py_None || PyLong_CheckExact(value) || PyFloat_CheckExact(value) || PyUnicode_CheckExact(value) ||
           PyBool_Check(value) || PyBytes_CheckExact(value) || PyComplex_CheckExact(value);
}

// One value as cotrace_values.py's shown() writes it.
Session::Shown shown_value(Session& session, std::string name, PyObject* value) {
    Session::Shown one{.name = std::move(name)};
    PyObject* got = PyObject_CallFunction(session.shown_function, "On", value, static_cast<Py_ssize_t>(session.program.max_repr));
    if (got && PyTuple_Check(got) && PyTuple_GET_SIZE(got) == 3) {
        one.text = utf8_of(PyTuple_GET_ITEM(got, 0));
        one.shared = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(got, 1)));
        one.object = static_cast<ObjectId>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(got, 2)));
    }
    if (PyErr_Occurred()) PyErr_Clear(), one.shared = 0, one.object = 0;
    Py_XDECREF(got);
    if (unchangeable(value)) one.same = Session::Held(value);
    return one;
}

// A namespace's variables as they are shown, in its order, as cotrace_values.py's variables() chooses
// them (the oracle's test uses that one). A value that is the very object shown before and cannot change
// in place keeps its text without asking Python again: most lines change one variable, if any.
std::vector<Session::Shown> shown_of(Session& session, PyObject* names, bool module_level, const std::vector<Session::Shown>& was) {
    std::vector<Session::Shown> shown;
    PyObject *key, *value;
    Py_ssize_t position = 0;
    while (PyDict_Next(names, &position, &key, &value)) {
        if (!PyUnicode_Check(key)) continue;
        Py_ssize_t size = 0;
        const char* letters = PyUnicode_AsUTF8AndSize(key, &size);
        if (!letters) {
            PyErr_Clear();
            continue;
        }
        std::string_view name(letters, static_cast<size_t>(size));
        if (name.starts_with('.') || (module_level && (name.starts_with("__") || is_code(value)))) continue;
        auto old = std::find_if(was.begin(), was.end(), [&](const Session::Shown& w) { return w.name == name; });
        if (old != was.end() && old->same.object == value) shown.push_back(*old);
        else shown.push_back(shown_value(session, std::string(name), value));
    }
    return shown;
}

// Records what differs between what was shown of `frame` and what it holds now.
void record_changes(Session& session, ObjectId frame, std::vector<Session::Shown> now) {
    std::vector<Session::Shown>& was = session.shown[frame];
    for (const Session::Shown& value : now) {
        auto old = std::find_if(was.begin(), was.end(), [&](const Session::Shown& w) { return w.name == value.name; });
        if (old != was.end() && old->text == value.text && old->shared == value.shared && old->object == value.object)
            continue;
        session.recorder.record_value({.frame = frame, .name = value.name, .text = value.text, .shared = value.shared,
                                       .object = value.object});
    }
    for (const Session::Shown& value : was) {
        bool kept = std::any_of(now.begin(), now.end(), [&](const Session::Shown& n) { return n.name == value.name; });
        if (!kept) session.recorder.record_value({.frame = frame, .name = value.name, .unbound = true});
    }
    was = std::move(now);
}

void record_frame(Session& session, PyObject* frame) {
    auto followed = session.frames.find(frame);
    auto call = session.calls.find(frame);
    if (followed == session.frames.end() && call == session.calls.end()) return;
    ObjectId id = followed != session.frames.end() ? followed->second.id : call->second;
    PyObject* locals = PyFrame_GetLocals(reinterpret_cast<PyFrameObject*>(frame));
    if (!locals) {
        PyErr_Clear();
        return;
    }
    std::vector<Session::Shown> now = shown_of(session, locals, false, session.shown[id]);
    Py_DECREF(locals);
    bool holds = std::any_of(now.begin(), now.end(), [](const Session::Shown& v) { return v.shared != 0; });
    auto& holders = session.holding_mutable;
    bool held = std::find(holders.begin(), holders.end(), frame) != holders.end();
    if (holds && !held) holders.push_back(frame);
    if (!holds && held) std::erase(holders, frame);
    record_changes(session, id, std::move(now));
}

// While it lives, values are being looked at: the program's own code that a repr runs (a __repr__ of
// its) makes no events (inside a hook, CPython traces nothing anyway; _cotrace.frame_of is not a hook),
// and an exception on its way (a frame returning by raising) stays as it was.
class Sampling {
public:
    explicit Sampling(Session& session) : session_(session), was_(session.sampling) {
        session.sampling = true;
        PyErr_Fetch(&type_, &value_, &traceback_);
    }
    ~Sampling() {
        PyErr_Restore(type_, value_, traceback_);
        session_.sampling = was_;
    }
    Sampling(const Sampling&) = delete;
    Sampling& operator=(const Sampling&) = delete;

private:
    Session& session_;
    bool was_;
    PyObject *type_ = nullptr, *value_ = nullptr, *traceback_ = nullptr;
};

bool can_sample(const Session& session) {
    return !session.forked && !session.stopping && !session.sampling && session.shown_function &&
           session.recorder.event_count() > 0;
}

}  // namespace

void Session::record_global(const std::string& name, PyObject* value) {
    if (!can_sample(*this)) return;
    Sampling sampling(*this);
    Shown now = shown_value(*this, name, value);
    std::vector<Shown>& globals = shown[0];
    auto was = std::find_if(globals.begin(), globals.end(), [&](const Shown& g) { return g.name == name; });
    if (was != globals.end() && was->text == now.text && was->shared == now.shared && was->object == now.object) {
        was->same = now.same;
        return;
    }
    recorder.record_value({.frame = 0, .name = now.name, .text = now.text, .shared = now.shared, .object = now.object});
    if (was != globals.end()) *was = std::move(now);
    else globals.push_back(std::move(now));
}

void Session::record_arguments(PyObject* frame) {
    if (!can_sample(*this)) return;
    Sampling sampling(*this);
    record_frame(*this, frame);
}

void Session::record_values(PyObject* current) {
    if (!can_sample(*this)) return;
    Sampling sampling(*this);
    if (main_globals) record_changes(*this, 0, shown_of(*this, main_globals, true, shown[0]));
    if (current) record_frame(*this, current);
    // Every frame was looked at as it was made (its arguments) and as it last ran: only those holding a
    // mutable object may have changed since (a copy: looking at one may change the list).
    std::vector<PyObject*> holders = holding_mutable;
    size_t looked_at = 0;
    for (PyObject* frame : holders) {
        if (frame == current) continue;
        if (++looked_at > most_frames_looked_at) break;
        record_frame(*this, frame);
    }
}

ObjectId Session::call_of(PyFrameObject* frame, PyCodeObject* code) {
    // A function's frame (CO_OPTIMIZED: a def, a lambda, a comprehension); the module's and a class
    // body's have no locals of their own to show.
    if (!(code->co_flags & CO_OPTIMIZED)) return 0;
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    if (auto known = calls.find(key); known != calls.end()) return known->second;
    const CodeInfo& info = code_info(code);
    ObjectId id = add_object(ObjectKind::frame, info.name, 0, recorder.locate_path(info.path, code->co_firstlineno, 1),
                             ObjectRole::call);
    calls.emplace(key, id);
    return id;
}

void Session::call_returns(PyFrameObject* frame) {
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    auto known = calls.find(key);
    if (known == calls.end()) return;
    ObjectId id = known->second;
    calls.erase(known);
    std::erase(holding_mutable, key);
    // Its variables go with it, at the next event (the last one is still its own last line's).
    if (auto was = shown.find(id); was != shown.end()) {
        std::vector<std::string> names;
        for (const Shown& value : was->second) names.push_back(value.name);
        returned.emplace_back(id, std::move(names));
        shown.erase(was);
    }
}

void Session::unbind_returned() {
    for (const auto& [id, names] : returned)
        for (const auto& name : names) recorder.record_value({.frame = id, .name = name, .unbound = true});
    returned.clear();
}

}  // namespace cotrace::python
