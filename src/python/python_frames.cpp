// Following frames: a C profile hook (PyEval_SetProfile) sees every Python frame start, resume, yield,
// return and raise. It keeps the coroutines, generators and __await__ iterators that a learner would see
// (python_session.h, code_info) and reports them as the C++ runtime's frames are reported: created,
// entered (inside an await, or driven by hand), resumed, yielding (the innermost) or passing a yield
// through, returning or raising.
//
// Py_BUILD_CORE: CPython 3.11's frame layout tells the value a resumed frame was sent (on its stack).
#define Py_BUILD_CORE 1
#include "python_session.h"

#include <internal/pycore_frame.h>
#include <opcode.h>

#include <algorithm>
#include <cstring>

namespace cotrace::python {

namespace {

// The instruction a frame last ran: YIELD_VALUE for a yield, and SEND before it when the yield only passes
// up an await (or `yield from`) from a frame below.
int opcode_at(PyCodeObject* code, int byte_offset) {
    if (byte_offset < 0 || byte_offset / 2 >= Py_SIZE(code)) return -1;
    return _Py_OPCODE(_PyCode_CODE(code)[byte_offset / 2]);
}

// The line a frame is at now. A frame that never ran (a coroutine cancelled before its first step) has no
// line yet: its function's first line stands for it.
Location here(Session& session, PyFrameObject* frame, const CodeInfo& info) {
    int line = PyFrame_GetLineNumber(frame);
    if (line < 1) {
        PyCodeObject* code = PyFrame_GetCode(frame);
        line = std::max(code->co_firstlineno, 1);
        Py_DECREF(code);
    }
    return session.recorder.locate_path(info.path, line, 1);
}

// The exception being raised, without disturbing it: for a frame see_exceptions saw none pass ("?").
std::string current_exception() {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    std::string text = value ? value_repr(value) : "?";
    PyErr_Restore(type, value, traceback);
    return text;
}

// The future a yielded value is, if cotrace_asyncio.py has made it known.
ObjectId future_id_of(PyObject* value) {
    if (!value || !PyObject_HasAttrString(value, "_asyncio_future_blocking")) return 0;
    PyObject* id = PyObject_GetAttrString(value, "_cotrace_id");
    if (!id) {
        PyErr_Clear();
        return 0;
    }
    ObjectId known = static_cast<ObjectId>(PyLong_AsUnsignedLong(id));
    Py_DECREF(id);
    if (PyErr_Occurred()) PyErr_Clear(), known = 0;
    return known;
}

// The chain of suspended followed frames that await `frame`, nearest first (a throw() reaches `frame` first).
std::vector<PyObject*> suspended_awaiters(Session& session, PyObject* frame) {
    std::vector<PyObject*> chain;
    for (PyObject* at = session.frames[frame].awaiter; at;) {
        auto it = session.frames.find(at);
        bool running = std::any_of(session.running.begin(), session.running.end(),
                                   [&](const Session::Running& entry) { return entry.frame == at; });
        if (it == session.frames.end() || !it->second.started || running) break;
        chain.push_back(at);
        at = it->second.awaiter;
    }
    return chain;
}

int frame_starts(Session& session, PyFrameObject* frame, PyCodeObject* code, const CodeInfo& info) {
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    // CPython resumes a frame that a throw() passed: it is on the control stack already.
    if (!session.running.empty() && session.running.back().frame == key && session.running.back().passed) {
        session.running.back().passed = false;
        return 0;
    }
    // Who drives it: a followed frame awaiting it (SEND), a task's step, or the program by hand. A frame
    // first seen at an await (Future.__await__'s, made by the await itself) was made at the await's line.
    PyObject* awaiter = nullptr;
    Location await_line;
    PyFrameObject* back = PyFrame_GetBack(frame);
    if (back && !session.running.empty() && session.running.back().frame == reinterpret_cast<PyObject*>(back)) {
        PyCodeObject* back_code = PyFrame_GetCode(back);
        if (opcode_at(back_code, PyFrame_GetLasti(back)) == SEND) {
            awaiter = session.running.back().frame;
            await_line = here(session, back, session.code_info(back_code));
        }
        Py_DECREF(back_code);
    }
    Py_XDECREF(back);
    Session::Followed& followed = session.follow(key, code, info, await_line);
    ObjectId id = followed.id;
    ObjectId awaiting = awaiter ? session.frames[awaiter].id : 0;
    if (awaiter && !followed.started) followed.awaiter = awaiter;
    // A throw() or close() resumes the innermost frame of the chain it was called on (CPython hides the
    // exception from the profile hook while it calls it, so the call itself says).
    bool thrown = session.throwing_into != nullptr && !awaiting && followed.started;
    std::vector<PyObject*> chain = thrown ? suspended_awaiters(session, key) : std::vector<PyObject*>{};
    if (thrown) session.throwing_into = nullptr;
    ObjectId driven = chain.empty() ? id : session.frames[chain.back()].id;  // what send() or throw() was called on
    bool by_step = session.stepped_frame == driven;
    if (by_step) session.stepped_frame = 0;
    bool ok = true;
    if (!followed.started && awaiting)
        ok = session.emit({.kind = EventKind::await_, .subject = awaiting, .other = id, .where = await_line});
    if (!awaiting && !by_step && ok) {
        // Driven by hand: next(), send() or throw() from code that is not a followed frame's await.
        if (thrown) {
            ok = session.emit({.kind = EventKind::throw_, .subject = driven, .where = session.program_place(), .text = "an exception"});
        } else {
            std::string sent = "None";
            _PyInterpreterFrame* inner = frame->f_frame;
            if (followed.started && inner->stacktop > 0) sent = value_repr(inner->localsplus[inner->stacktop - 1]);
            ok = session.emit({.kind = EventKind::send, .subject = id, .where = session.program_place(), .text = sent});
        }
    }
    // The frames a throw() passes on its way down the chain, outermost first.
    for (auto it = chain.rbegin(); ok && it != chain.rend(); ++it) {
        PyFrameObject* passed = reinterpret_cast<PyFrameObject*>(*it);
        PyCodeObject* passed_code = PyFrame_GetCode(passed);
        ok = session.emit({.kind = EventKind::frame_resume, .subject = session.frames[*it].id,
                           .where = here(session, passed, session.code_info(passed_code))});
        Py_DECREF(passed_code);
        session.running.push_back({*it, true});
    }
    if (!ok) return -1;
    Location where = followed.started ? here(session, frame, info)
                                      : session.recorder.locate_path(info.path, code->co_firstlineno, 1);
    if (!session.emit({.kind = followed.started ? EventKind::frame_resume : EventKind::frame_enter, .subject = id,
                       .other = followed.started ? 0 : awaiting, .where = where}))
        return -1;
    followed.started = true;
    session.running.push_back({key, false});
    return 0;
}

int frame_ends(Session& session, PyFrameObject* frame, PyCodeObject* code, const CodeInfo& info, PyObject* value) {
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    auto it = session.frames.find(key);
    if (it == session.frames.end() || session.running.empty() || session.running.back().frame != key) return 0;
    ObjectId id = it->second.id;
    session.running.pop_back();
    Location where = here(session, frame, info);
    if (!value) {  // raised
        auto raised = session.raised.find(key);
        std::string text = raised != session.raised.end() ? std::move(raised->second) : current_exception();
        bool ok = session.emit({.kind = EventKind::frame_raise, .subject = id, .where = where, .text = text});
        session.forget(key);
        return ok ? 0 : -1;
    }
    int lasti = PyFrame_GetLasti(frame);
    if (opcode_at(code, lasti) == YIELD_VALUE) {
        bool through = opcode_at(code, lasti - 2) == SEND;
        ObjectId future = through ? 0 : future_id_of(value);
        std::string text = value_repr(value);
        // Future.__await__ sets _asyncio_future_blocking before it yields the future itself.
        if (info.future_await && future &&
            !session.emit({.kind = EventKind::future_blocking, .subject = future, .where = where}))
            return -1;
        if (!session.emit({.kind = through ? EventKind::yield_through : EventKind::yield, .subject = id, .other = future,
                           .where = where, .text = text}))
            return -1;
        if (it->second.program) session.record_values(key);  // what its last line did, as it suspends
        // A yield after a throw() passes up through the frames the throw passed, which never ran.
        while (!session.running.empty() && session.running.back().passed) {
            PyFrameObject* passed = reinterpret_cast<PyFrameObject*>(session.running.back().frame);
            PyCodeObject* passed_code = PyFrame_GetCode(passed);
            bool ok = session.emit({.kind = EventKind::yield_through, .subject = session.frames[session.running.back().frame].id,
                                    .where = here(session, passed, session.code_info(passed_code)), .text = text});
            Py_DECREF(passed_code);
            session.running.pop_back();
            if (!ok) return -1;
        }
        return 0;
    }
    bool ok = session.emit({.kind = EventKind::frame_return, .subject = id, .where = where, .text = value_repr(value)});
    if (ok && it->second.program) session.record_values(key);  // what its last line did
    session.forget(key);
    return ok ? 0 : -1;
}

}  // namespace

// A call of a coroutine's or generator's throw() or close(): the frame it will resume is thrown into.
void note_throw(Session& session, int what, PyObject* callable) {
    if (what != PyTrace_C_CALL) {
        session.throwing_into = nullptr;
        return;
    }
    if (!PyCFunction_Check(callable)) return;
    PyObject* self = PyCFunction_GET_SELF(callable);
    if (!self || !(PyCoro_CheckExact(self) || PyGen_Check(self) || PyAsyncGen_CheckExact(self))) return;
    const char* method = reinterpret_cast<PyCFunctionObject*>(callable)->m_ml->ml_name;
    if (std::strcmp(method, "throw") != 0 && std::strcmp(method, "close") != 0) return;
    session.throwing_into = self;
}

int see_exceptions(PyObject*, PyFrameObject* frame, int what, PyObject* arg) {
    Session* session = Session::current;
    if (!session) return 0;
    if (what == PyTrace_CALL) {
        // Line events in the program's own files only (its lines are steps, and where its variables are
        // looked at); none in asyncio's or any other code.
        PyCodeObject* code = PyFrame_GetCode(frame);
        frame->f_trace_lines = frame->f_trace_opcodes = session->program.data && session->code_info(code).program;
        Py_DECREF(code);
        return 0;
    }
    if (what == PyTrace_OPCODE) return session->note_opcode(frame) ? 0 : -1;
    if (what == PyTrace_RETURN) {
        session->call_returns(frame);
        return 0;
    }
    if (what == PyTrace_LINE) {
        PyCodeObject* code = PyFrame_GetCode(frame);
        bool ok = session->note_line(frame, code);
        Py_DECREF(code);
        return ok ? 0 : -1;
    }
    // An exception reaches a frame's handlers: raised there, thrown in, or passed up from a call. The
    // last one that reached a followed frame is the one it raises if it ends raising (a `finally` that
    // re-raises does not tell again). Always 0: anything else would replace the program's exception.
    if (what != PyTrace_EXCEPTION || !PyTuple_Check(arg) || PyTuple_GET_SIZE(arg) < 2) return 0;
    PyObject* key = reinterpret_cast<PyObject*>(frame);
    PyObject* value = PyTuple_GET_ITEM(arg, 1);
    if (value && session->frames.count(key)) session->raised[key] = value_repr(value);
    return 0;
}

bool hooks_in_place() {
    PyThreadState* thread = PyThreadState_Get();
    return thread->c_profilefunc == follow_frames && thread->c_tracefunc == see_exceptions;
}

int follow_frames(PyObject*, PyFrameObject* frame, int what, PyObject* arg) {
    Session* session = Session::current;
    if (!session) return 0;
    if (what == PyTrace_CALL && stack_nearly_full(*session)) {
        // Deep recursion: CPython's own limit would stop it here if it were not raised so high.
        PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded (cotrace: the C stack is nearly full)");
        return -1;
    }
    if (what == PyTrace_C_CALL || what == PyTrace_C_RETURN || what == PyTrace_C_EXCEPTION) {
        note_throw(*session, what, arg);
        return 0;
    }
    if (what != PyTrace_CALL && what != PyTrace_RETURN) return 0;
    PyCodeObject* code = PyFrame_GetCode(frame);
    int result = 0;
    if (code->co_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR | CO_ITERABLE_COROUTINE)) {
        const CodeInfo& info = session->code_info(code);
        if (info.followed)
            result = what == PyTrace_CALL ? frame_starts(*session, frame, code, info)
                                          : frame_ends(*session, frame, code, info, arg);
    }
    Py_DECREF(code);
    return result;
}

}  // namespace cotrace::python
