// Reads and writes: what the program's own frames read and write among the things tasks can share (its
// module's globals, objects' attributes, dict and list items), taken from CPython's opcode events, asked
// for in the program's own frames only. Each becomes a `read` or `write` event (docs/trace-format.md);
// analysis/races.cpp finds lost updates and stale checks in them. Nothing here looks at names or source
// text: the instruction about to run says what is read or written, and its operands are on the frame's
// value stack.
//
// Py_BUILD_CORE: CPython 3.11's frame layout holds the value stack (the object whose attribute or item
// an instruction reads or writes).
#define Py_BUILD_CORE 1
#include "python_session.h"

#include <internal/pycore_frame.h>
#include <opcode.h>

namespace cotrace::python {

namespace {

// The value `depth` places below the top of the frame's value stack (0: the top), or null.
PyObject* on_stack(PyFrameObject* frame, int depth) {
    _PyInterpreterFrame* inner = frame->f_frame;
    if (inner->stacktop - depth - 1 < inner->f_code->co_nlocalsplus) return nullptr;
    return inner->localsplus[inner->stacktop - depth - 1];
}

// An instance with a __dict__ of its own (not a module or a class: their attributes are code, mostly).
bool has_own_dict(PyObject* owner) {
    if (PyModule_Check(owner) || PyType_Check(owner)) return false;
    PyTypeObject* type = Py_TYPE(owner);
    return type->tp_dictoffset != 0 || (type->tp_flags & Py_TPFLAGS_MANAGED_DICT);
}

// An instance attribute, read from the object's own __dict__ (never through a descriptor or a property,
// which would run the program's code): null if it has none.
PyObject* own_attribute(PyObject* owner, PyObject* name) {
    if (!has_own_dict(owner)) return nullptr;
    PyObject* dict = PyObject_GenericGetDict(owner, nullptr);
    if (!dict) return PyErr_Clear(), nullptr;
    PyObject* value = PyDict_GetItemWithError(dict, name);  // borrowed; the object holds it
    Py_DECREF(dict);
    if (!value) PyErr_Clear();
    return value;
}

bool is_conditional_jump(int opcode) {
    switch (opcode) {
        case POP_JUMP_FORWARD_IF_FALSE: case POP_JUMP_FORWARD_IF_TRUE: case POP_JUMP_BACKWARD_IF_FALSE:
        case POP_JUMP_BACKWARD_IF_TRUE: case POP_JUMP_FORWARD_IF_NONE: case POP_JUMP_FORWARD_IF_NOT_NONE:
        case POP_JUMP_BACKWARD_IF_NONE: case POP_JUMP_BACKWARD_IF_NOT_NONE: case JUMP_IF_FALSE_OR_POP:
        case JUMP_IF_TRUE_OR_POP:
            return true;
        default: return false;
    }
}

// True when the instructions of the line at `offset`, from there on, branch on what they compute (an if,
// a while, an and/or): what is read there is tested.
bool line_branches(PyCodeObject* code, const unsigned char* bytes, Py_ssize_t size, int offset) {
    int line = PyCode_Addr2Line(code, offset);
    for (int at = offset; at + 1 < size && PyCode_Addr2Line(code, at) == line; at += 2)
        if (is_conditional_jump(bytes[at])) return true;
    return false;
}

// A repr on one line (a __repr__ of the program's may hold a newline: the event's text uses them).
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

// The number cotrace_values.py gives a mutable object (the same numbers as the values' `shared`).
std::uint32_t Session::object_number(PyObject* object) {
    if (!object_numbers) return 0;
    PyObject* key = PyLong_FromVoidPtr(object);
    if (!key) return PyErr_Clear(), 0;
    PyObject* known = PyDict_GetItemWithError(object_numbers, key);
    std::uint32_t number = 0;
    if (known) {
        number = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(known));
    } else if (!PyErr_Occurred()) {
        number = static_cast<std::uint32_t>(PyDict_GET_SIZE(object_numbers) + 1);
        PyObject* value = PyLong_FromUnsignedLong(number);
        if (!value || PyDict_SetItem(object_numbers, key, value) < 0) number = 0;
        Py_XDECREF(value);
    }
    if (PyErr_Occurred()) PyErr_Clear(), number = 0;
    Py_DECREF(key);
    return number;
}

bool Session::note_opcode(PyFrameObject* frame) {
    if (sampling || forked || stopping) return true;
    PyCodeObject* code = PyFrame_GetCode(frame);
    Py_DECREF(code);  // code_info holds it
    // Most instructions come from the code object the last one came from.
    if (code != last_opcode_code) last_opcode_code = code, last_opcode_info = &code_info(code);
    CodeInfo& info = *last_opcode_info;
    if (!info.bytecode) info.bytecode = PyCode_GetCode(code);  // without CPython's specializations
    if (!info.bytecode || !PyBytes_Check(info.bytecode)) return PyErr_Clear(), true;
    const auto* bytes = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(info.bytecode));
    Py_ssize_t size = PyBytes_GET_SIZE(info.bytecode);
    int offset = PyFrame_GetLasti(frame);
    if (offset < 0 || offset + 1 >= size) return true;
    int opcode = bytes[offset];
    unsigned oparg = bytes[offset + 1];
    for (int before = offset - 2, shift = 8; before >= 0 && bytes[before] == EXTENDED_ARG; before -= 2, shift += 8)
        oparg |= static_cast<unsigned>(bytes[before + 1]) << shift;

    bool write = false, test = false;
    std::string target;
    PyObject* value = nullptr;
    std::uint32_t object = 0;
    auto name_at = [&](unsigned index) -> PyObject* {
        return index < static_cast<unsigned>(PyTuple_GET_SIZE(code->co_names)) ? PyTuple_GET_ITEM(code->co_names, index) : nullptr;
    };
    PyObject* globals = frame->f_frame->f_globals;
    bool module_level = frame->f_frame->f_locals == globals;
    switch (opcode) {
        case LOAD_GLOBAL: case LOAD_NAME: case STORE_GLOBAL: case STORE_NAME: {
            if ((opcode == LOAD_NAME || opcode == STORE_NAME) && !module_level) return true;
            if (globals != main_globals) return true;  // another module's globals: not the program's shared data
            PyObject* name = name_at(opcode == LOAD_GLOBAL ? oparg >> 1 : oparg);
            if (!name) return true;
            write = opcode == STORE_GLOBAL || opcode == STORE_NAME;
            value = write ? on_stack(frame, 0) : PyDict_GetItemWithError(globals, name);
            if (!value || is_code(value)) return PyErr_Clear(), true;  // a builtin, or the program's code
            target = utf8_of(name);
            break;
        }
        case LOAD_ATTR: case STORE_ATTR: {
            PyObject* name = name_at(oparg);
            PyObject* owner = on_stack(frame, 0);
            if (!name || !owner) return true;
            write = opcode == STORE_ATTR;
            if (!has_own_dict(owner)) return true;
            value = write ? on_stack(frame, 1) : own_attribute(owner, name);
            if (!value || is_code(value)) return true;  // a method, a property, a class attribute: not the object's data
            object = object_number(owner);
            target = std::string(Py_TYPE(owner)->tp_name) + "#" + std::to_string(object) + "." + utf8_of(name);
            break;
        }
        case BINARY_SUBSCR: case STORE_SUBSCR: {
            PyObject* key = on_stack(frame, 0);
            PyObject* container = on_stack(frame, 1);
            if (!key || !container || !(PyDict_CheckExact(container) || PyList_CheckExact(container))) return true;
            write = opcode == STORE_SUBSCR;
            if (write) {
                value = on_stack(frame, 2);
            } else if (PyDict_CheckExact(container)) {
                value = PyDict_GetItemWithError(container, key);
            } else if (PyLong_CheckExact(key)) {
                Py_ssize_t index = PyLong_AsSsize_t(key), length = PyList_GET_SIZE(container);
                if (index < 0) index += length;
                value = index >= 0 && index < length ? PyList_GET_ITEM(container, index) : nullptr;
            }
            if (!value) return PyErr_Clear(), true;  // it raises: nothing is read
            object = object_number(container);
            target = std::string(Py_TYPE(container)->tp_name) + "#" + std::to_string(object) + "[" + one_line(value_repr(key)) + "]";
            break;
        }
        default: return true;
    }
    // A read on a line that branches on what it computes (an if, a while) is a test.
    if (!write) test = line_branches(code, bytes, size, offset);
    std::string text = target + "\n" + one_line(value_repr(value)) + (test ? "\ntest" : "");
    auto followed = frames.find(reinterpret_cast<PyObject*>(frame));
    Location where = recorder.locate_path(info.path, std::max(PyFrame_GetLineNumber(frame), 1), 1);
    auto call = calls.find(reinterpret_cast<PyObject*>(frame));
    ObjectId subject = followed != frames.end() ? followed->second.id : call != calls.end() ? call->second : 0;
    if (!emit({.kind = write ? EventKind::write : EventKind::read, .subject = subject,
               .where = where, .number = static_cast<double>(object), .text = text}))
        return false;
    // A global written shows its new value at the write itself (the variables are looked at again at the
    // next line, which then finds it as it is).
    if (write && !object) record_global(target, value);
    return true;
}

}  // namespace cotrace::python
