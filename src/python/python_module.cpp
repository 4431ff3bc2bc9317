// `_cotrace`, the built-in module through which cotrace_asyncio.py reports what asyncio does. Each function
// is one small step into the C++ Recorder; none of them runs Python code of its own.
#include <unistd.h>

#include <algorithm>

#include "python_session.h"
#include "trace/views.h"

namespace cotrace::python {

namespace {

PyObject* recording_stopped = nullptr;  // _cotrace.RecordingStopped

Session* session_or_error() {
    if (!Session::current) PyErr_SetString(PyExc_RuntimeError, "cotrace is not recording");
    return Session::current;
}

PyObject* new_object(PyObject*, PyObject* args) {
    const char *kind_name, *name, *role_name = "";
    unsigned long owner;
    if (!PyArg_ParseTuple(args, "ssk|s", &kind_name, &name, &owner, &role_name)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    auto kind = object_kind_from_string(kind_name);
    if (!kind) return PyErr_Format(PyExc_ValueError, "unknown object kind %s", kind_name);
    auto role = *role_name ? object_role_from_string(role_name) : std::optional<ObjectRole>(ObjectRole::none);
    if (!role) return PyErr_Format(PyExc_ValueError, "unknown role %s", role_name);
    return PyLong_FromUnsignedLong(session->add_object(*kind, name, static_cast<ObjectId>(owner), {}, *role));
}

// asyncio's Future.__await__, by its code object: its frames are the trace's future_await frames.
PyObject* future_await_code(PyObject*, PyObject* args) {
    PyObject* code;
    if (!PyArg_ParseTuple(args, "O!", &PyCode_Type, &code)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    Py_INCREF(code);
    Py_XSETREF(session->future_await_code, code);
    Py_RETURN_NONE;
}

PyObject* emit(PyObject*, PyObject* args) {
    const char *kind_name, *text;
    Py_ssize_t text_size;
    unsigned long subject, other;
    double number;
    int here;
    if (!PyArg_ParseTuple(args, "skks#dp", &kind_name, &subject, &other, &text, &text_size, &number, &here)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    auto kind = event_kind_from_string(kind_name);
    if (!kind) return PyErr_Format(PyExc_ValueError, "unknown event kind %s", kind_name);
    Event event{.kind = *kind, .subject = static_cast<ObjectId>(subject), .other = static_cast<ObjectId>(other),
                .where = here ? session->program_place() : Location{}, .number = number,
                .text = std::string_view(text, static_cast<size_t>(text_size))};
    if (!session->emit(event)) return nullptr;
    Py_RETURN_NONE;
}

// emit(), at a place of asyncio's own code (the line of its Task.__step in tasks.py).
PyObject* emit_at(PyObject*, PyObject* args) {
    const char *kind_name, *text;
    Py_ssize_t text_size;
    unsigned long subject, other;
    double number;
    PyObject* path;
    int line;
    if (!PyArg_ParseTuple(args, "skks#dUi", &kind_name, &subject, &other, &text, &text_size, &number, &path, &line)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    auto kind = event_kind_from_string(kind_name);
    if (!kind) return PyErr_Format(PyExc_ValueError, "unknown event kind %s", kind_name);
    std::string file = utf8_of(path);
    session->keep_source_now(file);
    Event event{.kind = *kind, .subject = static_cast<ObjectId>(subject), .other = static_cast<ObjectId>(other),
                .where = session->recorder.locate_path(file, std::max(line, 1), 1), .number = number,
                .text = std::string_view(text, static_cast<size_t>(text_size))};
    if (!session->emit(event)) return nullptr;
    Py_RETURN_NONE;
}

PyObject* mention(PyObject*, PyObject* args) {
    unsigned long id;
    if (!PyArg_ParseTuple(args, "k", &id)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    return PyUnicode_FromString(session->recorder.mention_name(static_cast<ObjectId>(id)).c_str());
}

PyObject* frame_of(PyObject*, PyObject* args) {
    PyObject* coroutine;
    int here = 0;
    if (!PyArg_ParseTuple(args, "O|p", &coroutine, &here)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    return PyLong_FromUnsignedLong(session->frame_of(coroutine, here ? session->program_place() : Location{}));
}

PyObject* stepping(PyObject*, PyObject* args) {
    unsigned long task, frame;
    if (!PyArg_ParseTuple(args, "kk", &task, &frame)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    session->stepping = static_cast<ObjectId>(task);
    session->stepped_frame = static_cast<ObjectId>(frame);
    Py_RETURN_NONE;
}

PyObject* set_time(PyObject*, PyObject* args) {
    double time;
    if (!PyArg_ParseTuple(args, "d", &time)) return nullptr;
    if (Session* session = session_or_error()) {
        session->recorder.set_time(time);
        Py_RETURN_NONE;
    }
    return nullptr;
}

PyObject* real_clock(PyObject*, PyObject*) {
    Session* session = session_or_error();
    if (!session) return nullptr;
    return PyBool_FromLong(session->program.real_clock);
}

PyObject* echo(PyObject*, PyObject*) {
    Session* session = session_or_error();
    if (!session) return nullptr;
    return PyBool_FromLong(session->program.output != nullptr);
}

PyObject* write_output(PyObject*, PyObject* args) {
    const char* text;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "s#", &text, &size)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    if (session->program.output) session->program.output->write(text, size).flush();
    Py_RETURN_NONE;
}

PyObject* note_threads(PyObject*, PyObject*) {
    Session* session = session_or_error();
    if (!session) return nullptr;
    session->threads = true;
    Py_RETURN_NONE;
}

PyObject* rename(PyObject*, PyObject* args) {
    unsigned long id;
    const char* name;
    if (!PyArg_ParseTuple(args, "ks", &id, &name)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    if (id >= 1 && id <= session->recorder.trace().objects.size()) session->recorder.set_name(static_cast<ObjectId>(id), name);
    Py_RETURN_NONE;
}

PyObject* name(PyObject*, PyObject* args) {
    unsigned long id;
    if (!PyArg_ParseTuple(args, "k", &id)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    if (id < 1 || id > session->recorder.trace().objects.size()) return PyUnicode_FromString("");
    return PyUnicode_FromString(session->recorder.name(static_cast<ObjectId>(id)).c_str());
}

// ---- how the program ends, when cotrace must end it

PyObject* interrupted(PyObject*, PyObject* args) {
    int signal_number;
    if (!PyArg_ParseTuple(args, "i", &signal_number)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    if (!session->stopping) session->exit_status = 128 + signal_number;
    session->stop(std::string("the recording was interrupted by ") + signal_name(signal_number) + " at " + session->where_now() +
                  ", and stopped the program there");
    return nullptr;
}

PyObject* exit_now(PyObject*, PyObject* args) {
    int status;
    if (!PyArg_ParseTuple(args, "i", &status)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    flush_python_output();
    if (!session->forked) {
        std::string why = "RecordingStopped: the program called os._exit(" + std::to_string(status) + ") at " +
                          session->where_now() + ", which ends the process at once";
        Recording recording = session->end(why, status);
        if (session->program.on_exit_now) session->program.on_exit_now(recording);
    }
    ::_exit(status);
}

PyObject* forked(PyObject*, PyObject*) {
    // In the child of os.fork(): it runs on as under CPython, unrecorded, and never writes the trace.
    if (Session* session = Session::current) session->forked = true;
    PyEval_SetTrace(nullptr, nullptr);
    PyEval_SetProfile(nullptr, nullptr);
    Py_RETURN_NONE;
}

PyObject* hook_removed(PyObject*, PyObject* args) {
    const char* what;
    if (!PyArg_ParseTuple(args, "s", &what)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    session->stop(std::string("the program called ") + what + " at " + session->where_now() +
                  ": cotrace records through that hook and cannot go on without it, so the recording stopped there");
    return nullptr;
}

// ---- the sources a trace embeds

PyObject* embeds(PyObject*, PyObject* args) {
    PyObject* path;
    if (!PyArg_ParseTuple(args, "U", &path)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    return PyBool_FromLong(session->embeds(utf8_of(path)));
}

PyObject* keep_source(PyObject*, PyObject* args) {
    PyObject *path, *text;
    if (!PyArg_ParseTuple(args, "UU", &path, &text)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    session->keep_source(utf8_of(path), utf8_of(text));
    Py_RETURN_NONE;
}

PyObject* embed_folders(PyObject*, PyObject* args) {
    PyObject* asyncio_folder;
    if (!PyArg_ParseTuple(args, "U", &asyncio_folder)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    session->embed_folders(utf8_of(asyncio_folder));
    Py_RETURN_NONE;
}

PyMethodDef methods[] = {
    {"interrupted", interrupted, METH_VARARGS, "interrupted(signal): stops the program (raises RecordingStopped)"},
    {"exit_now", exit_now, METH_VARARGS, "exit_now(status): os._exit(): the trace is written, and the process exits"},
    {"forked", forked, METH_NOARGS, "in a forked child: record nothing from now on"},
    {"hook_removed", hook_removed, METH_VARARGS, "hook_removed(what): the program turned the recorder off (raises)"},
    {"embeds", embeds, METH_VARARGS, "embeds(path) -> whether the trace embeds this file's text"},
    {"keep_source", keep_source, METH_VARARGS, "keep_source(path, text): a module's text, as it was imported"},
    {"embed_folders", embed_folders, METH_VARARGS, "embed_folders(asyncio_folder): what the trace may embed"},
    {"rename", rename, METH_VARARGS, "rename(id, name): a task renamed with set_name()"},
    {"name", name, METH_VARARGS, "name(id) -> the object's name"},
    {"note_threads", note_threads, METH_NOARGS, "the program hands work to threads (run_in_executor)"},
    {"new_object", new_object, METH_VARARGS, "new_object(kind, name, owner, role='') -> id"},
    {"future_await_code", future_await_code, METH_VARARGS, "future_await_code(code): asyncio's Future.__await__.__code__"},
    {"emit", emit, METH_VARARGS, "emit(kind, subject, other, text, number, here)"},
    {"emit_at", emit_at, METH_VARARGS, "emit_at(kind, subject, other, text, number, path, line): an event at a place of asyncio's"},
    {"mention", mention, METH_VARARGS, "mention(future id) -> its name, futN at its first mention"},
    {"frame_of", frame_of, METH_VARARGS, "frame_of(coroutine, here=False) -> the id of its frame (here: made at the program's line now)"},
    {"stepping", stepping, METH_VARARGS, "stepping(task, frame): the task whose __step sends into frame"},
    {"set_time", set_time, METH_VARARGS, "set_time(seconds): the loop's time"},
    {"real_clock", real_clock, METH_NOARGS, "True on the real clock"},
    {"echo", echo, METH_NOARGS, "True when the program's prints are shown as well as recorded"},
    {"write_output", write_output, METH_VARARGS, "write_output(text): what the program prints, shown"},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef module = {PyModuleDef_HEAD_INIT, "_cotrace", "cotrace's recorder, for cotrace_asyncio.py", -1, methods};

}  // namespace

PyObject* stopped_exception() { return recording_stopped; }

std::string value_repr(PyObject* value) {
    // The common values directly; the rest (futures, objects with addresses) as cotrace_asyncio.py says.
    PyTypeObject* type = Py_TYPE(value);
    bool plain = value == Py_None || type == &PyLong_Type || type == &PyUnicode_Type || type == &PyBool_Type ||
                 type == &PyFloat_Type;
    PyObject* text = plain || !Session::current || !Session::current->value_repr_function
                         ? PyObject_Repr(value)
                         : PyObject_CallOneArg(Session::current->value_repr_function, value);
    std::string result = text ? utf8_of(text) : "<repr failed>";
    if (!text) PyErr_Clear();
    Py_XDECREF(text);
    return result;
}

PyObject* make_cotrace_module() {
    PyObject* made = PyModule_Create(&module);
    if (!made) return nullptr;
    // Like Ctrl+C: asyncio passes a KeyboardInterrupt straight out of the loop rather than logging it.
    recording_stopped = PyErr_NewException("_cotrace.RecordingStopped", PyExc_KeyboardInterrupt, nullptr);
    Py_XINCREF(recording_stopped);
    if (PyModule_AddObject(made, "RecordingStopped", recording_stopped) < 0) return nullptr;
    return made;
}

}  // namespace cotrace::python
