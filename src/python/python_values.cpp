// Variables: what the program's globals and its own frames' locals hold, recorded as they change (the
// trace's values, trace/values.h). Looked at when a line of the program's own files begins (CPython's
// line event, asked for only in those frames) and when one of its frames yields or returns, so that a
// value shows at the step after the line that set it, as Python Tutor shows it.
#include "python_session.h"

namespace cotrace::python {

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
    ObjectId id = followed != frames.end() ? followed->second.id : 0;
    int line = PyFrame_GetLineNumber(frame);
    if (line < 1) return true;
    if (!emit({.kind = EventKind::line, .subject = id, .where = recorder.locate_path(info.path, line, 1)})) return false;
    record_values(id ? key : nullptr);
    return true;
}

namespace {

// What variables() makes of a namespace: (name, text, shared, object) for each variable shown.
std::vector<Session::Shown> shown_of(Session& session, PyObject* names, bool module_level) {
    std::vector<Session::Shown> shown;
    PyObject* got = PyObject_CallFunction(session.variables_function, "OOn", names, module_level ? Py_True : Py_False,
                                          static_cast<Py_ssize_t>(session.program.max_repr));
    if (!got || !PyList_Check(got)) {
        PyErr_Clear();
        Py_XDECREF(got);
        return shown;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(got); ++i) {
        PyObject* item = PyList_GET_ITEM(got, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 4) continue;
        Session::Shown one{.name = utf8_of(PyTuple_GET_ITEM(item, 0)), .text = utf8_of(PyTuple_GET_ITEM(item, 1))};
        one.shared = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(item, 2)));
        one.object = static_cast<ObjectId>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(item, 3)));
        if (PyErr_Occurred()) PyErr_Clear(), one.shared = 0, one.object = 0;
        shown.push_back(std::move(one));
    }
    Py_DECREF(got);
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
    if (followed == session.frames.end()) return;
    PyObject* locals = PyFrame_GetLocals(reinterpret_cast<PyFrameObject*>(frame));
    if (!locals) {
        PyErr_Clear();
        return;
    }
    std::vector<Session::Shown> now = shown_of(session, locals, false);
    Py_DECREF(locals);
    bool holds = std::any_of(now.begin(), now.end(), [](const Session::Shown& v) { return v.shared != 0; });
    auto& holders = session.holding_mutable;
    bool held = std::find(holders.begin(), holders.end(), frame) != holders.end();
    if (holds && !held) holders.push_back(frame);
    if (!holds && held) std::erase(holders, frame);
    record_changes(session, followed->second.id, std::move(now));
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
    return !session.forked && !session.stopping && !session.sampling && session.variables_function &&
           session.recorder.event_count() > 0;
}

}  // namespace

void Session::record_global(const std::string& name, PyObject* value) {
    if (!can_sample(*this) || !shown_function) return;
    Sampling sampling(*this);
    PyObject* got = PyObject_CallFunction(shown_function, "On", value, static_cast<Py_ssize_t>(program.max_repr));
    if (!got || !PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 3) {
        PyErr_Clear();
        Py_XDECREF(got);
        return;
    }
    Shown now{.name = name, .text = utf8_of(PyTuple_GET_ITEM(got, 0))};
    now.shared = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(got, 1)));
    now.object = static_cast<ObjectId>(PyLong_AsUnsignedLong(PyTuple_GET_ITEM(got, 2)));
    if (PyErr_Occurred()) PyErr_Clear(), now.shared = 0, now.object = 0;
    Py_DECREF(got);
    std::vector<Shown>& globals = shown[0];
    auto was = std::find_if(globals.begin(), globals.end(), [&](const Shown& g) { return g.name == name; });
    if (was != globals.end() && was->text == now.text && was->shared == now.shared && was->object == now.object) return;
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
    if (main_globals) record_changes(*this, 0, shown_of(*this, main_globals, true));
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

}  // namespace cotrace::python
