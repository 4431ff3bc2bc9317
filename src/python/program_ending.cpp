// How a recorded program ends, as python3 would end it: the exit status and what it says on stderr
// (SystemExit's code or message, KeyboardInterrupt's 130, a traceback's 1), and the ways cotrace must end
// it itself: a signal (128 + its number), os._exit(), the wall-clock --timeout, a program that turns the
// recorder's hooks off, a forked child, and a C stack about to overflow.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>

#include "python_session.h"
#include "trace/views.h"

namespace cotrace::python {

std::string traceback_text() {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback && value) PyException_SetTraceback(value, traceback);
    std::string text;
    PyObject* module = PyImport_ImportModule("traceback");
    PyObject* lines = module && type ? PyObject_CallMethod(module, "format_exception", "OOO", type, value ? value : Py_None,
                                                           traceback ? traceback : Py_None)
                                     : nullptr;
    if (lines && PyList_Check(lines))
        for (Py_ssize_t i = 0; i < PyList_Size(lines); ++i) text += utf8_of(PyList_GetItem(lines, i));
    if (!lines) PyErr_Clear();
    Py_XDECREF(lines);
    Py_XDECREF(module);
    Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(traceback);
    return text;
}

int python_exit_status(std::string& said) {
    if (!PyErr_ExceptionMatches(PyExc_SystemExit)) {
        // KeyboardInterrupt: the traceback, and the status of a process ended by SIGINT (CPython 3.8 and later).
        int status = PyErr_ExceptionMatches(PyExc_KeyboardInterrupt) ? 128 + SIGINT : 1;
        said = traceback_text();
        return status;
    }
    // As CPython's _Py_HandleSystemExit: None is 0, an int is the status, anything else is printed (status 1).
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    PyObject* code = value ? PyObject_GetAttrString(value, "code") : nullptr;
    if (!code) PyErr_Clear();
    int status = 0;
    if (code && code != Py_None) {
        if (PyLong_Check(code)) {
            status = static_cast<int>(PyLong_AsLong(code)) & 0xff;  // exit() keeps the low byte, as the OS does
            if (PyErr_Occurred()) PyErr_Clear(), status = 1;
        } else {
            PyObject* text = PyObject_Str(code);
            said = text ? utf8_of(text) + "\n" : "";
            if (!text) PyErr_Clear();
            Py_XDECREF(text);
            status = 1;
        }
    }
    Py_XDECREF(code);
    Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(traceback);
    return status;
}

void flush_python_output() {
    for (const char* stream : {"stdout", "stderr"}) {
        PyObject* file = PySys_GetObject(stream);
        PyObject* result = file && file != Py_None ? PyObject_CallMethod(file, "flush", nullptr) : nullptr;
        if (!result) PyErr_Clear();
        Py_XDECREF(result);
    }
}

void restore_signals() {
    // The recording is over: Ctrl-C acts on cotrace as it would on any command again.
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) ::signal(signal_number, SIG_DFL);
}

const char* signal_name(int signal_number) {
    switch (signal_number) {
        case SIGINT: return "SIGINT (Ctrl-C)";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        default: return "a signal";
    }
}

// ---- the C stack

void guard_stack(Session& session) {
    // CPython 3.11 runs each awaited coroutine in a C call of its own, so a deep await chain (and a raised
    // recursion limit) grows the C stack. The main thread's stack may grow up to RLIMIT_STACK, checked as
    // it grows: raise the soft limit, and keep the recorder's frames a safe distance from the end, where
    // follow_frames raises RecursionError as CPython would at its limit. The gap the kernel left below the
    // stack when cotrace started is at least 128 MB, so the room stays below that.
    constexpr rlim_t wanted = 120 << 20;
    constexpr size_t margin = 4 << 20;  // a C call of CPython's (a repr, an import) runs below the last check
    rlimit limit{};
    if (::getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        if (::setrlimit(RLIMIT_STACK, &raised) == 0) limit = raised;
    }
    size_t room = limit.rlim_cur == RLIM_INFINITY ? wanted : std::min<size_t>(limit.rlim_cur, wanted);
    char here = 0;
    session.stack_top = &here;
    session.stack_room = room > 2 * margin ? room - margin : room / 2;
}

bool stack_nearly_full(const Session& session) {
    char here = 0;
    return session.stack_top && static_cast<size_t>(session.stack_top - &here) > session.stack_room;
}

// ---- the wall clock

Watchdog::Watchdog(Session& session, double seconds) {
    if (!(seconds > 0)) return;
    unsigned long main_thread = PyThread_get_thread_ident();
    thread_ = std::thread([this, &session, seconds, main_thread] {
        {
            std::unique_lock lock(mutex_);
            auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
            if (woken_.wait_until(lock, deadline, [this] { return done_; })) return;
        }
        // Taking the GIL makes the main thread let go of it at its next instruction, even in a loop that never
        // awaits; the exception set for it is raised there. (A pending call would not do: CPython 3.11 only
        // notices one made from another thread when something else wakes the main thread.)
        PyGILState_STATE gil = PyGILState_Ensure();
        if (session.program_running && !session.forked && !session.stopping) {
            session.begin_stopping("the program ran for its --timeout (" + format_g(seconds) +
                                   " s of wall-clock time), and the recording stopped it there");
            PyThreadState_SetAsyncExc(main_thread, stopped_exception());
        }
        PyGILState_Release(gil);
    });
}

Watchdog::~Watchdog() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    woken_.notify_all();
    thread_.join();
}

}  // namespace cotrace::python
