// `_cotrace`, the built-in module through which cotrace_asyncio.py reports what asyncio does. Each function
// is one small step into the C++ Recorder; none of them runs Python code of its own.
#include "python_session.h"

namespace cotrace::python {

namespace {

PyObject* recording_stopped = nullptr;  // _cotrace.RecordingStopped

Session* session_or_error() {
    if (!Session::current) PyErr_SetString(PyExc_RuntimeError, "cotrace is not recording");
    return Session::current;
}

PyObject* new_object(PyObject*, PyObject* args) {
    const char *kind_name, *name;
    unsigned long owner;
    if (!PyArg_ParseTuple(args, "ssk", &kind_name, &name, &owner)) return nullptr;
    Session* session = session_or_error();
    if (!session) return nullptr;
    auto kind = object_kind_from_string(kind_name);
    if (!kind) return PyErr_Format(PyExc_ValueError, "unknown object kind %s", kind_name);
    return PyLong_FromUnsignedLong(session->add_object(*kind, name, static_cast<ObjectId>(owner)));
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

PyMethodDef methods[] = {
    {"rename", rename, METH_VARARGS, "rename(id, name): a task renamed with set_name()"},
    {"name", name, METH_VARARGS, "name(id) -> the object's name"},
    {"note_threads", note_threads, METH_NOARGS, "the program hands work to threads (run_in_executor)"},
    {"new_object", new_object, METH_VARARGS, "new_object(kind, name, owner) -> id"},
    {"emit", emit, METH_VARARGS, "emit(kind, subject, other, text, number, here)"},
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
    const char* utf8 = text ? PyUnicode_AsUTF8(text) : nullptr;
    std::string result = utf8 ? utf8 : "<repr failed>";
    if (!utf8) PyErr_Clear();
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
