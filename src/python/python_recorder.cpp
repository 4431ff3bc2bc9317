#include "python_recorder.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include "python_session.h"
#include "trace/trace_indexing.h"
#include "trace/views.h"

#if defined(__SANITIZE_ADDRESS__)
// CPython keeps its objects in arenas of its own (mmap), which LeakSanitizer does not scan, so what they
// point to looks lost. CPython is not ours to check: its allocations are not reported.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpython3.11.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace cotrace::python {

// cotrace_asyncio.py, compiled in (cmake's cotrace_embed).
const std::map<std::string, std::string>& python_sources();

namespace fs = std::filesystem;

ProgramError::ProgramError(std::string file_, std::string place_, std::string problem_)
    : std::runtime_error(file_ + ": " + (place_.empty() ? "" : place_ + ": ") + problem_),
      file(std::move(file_)), place(std::move(place_)), problem(std::move(problem_)) {}

bool is_python_program(const std::string& path) { return path.size() > 3 && path.ends_with(".py"); }

Session* Session::current = nullptr;

namespace {

constexpr const char* instrumentation_file = "<cotrace_asyncio>";

double seconds_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

TraceMeta meta_for(const PythonProgram& program) {
    std::string name = fs::path(program.path).filename().string();
    return {.title = name,
            .walkthrough = "",
            .intro = name + ", run on CPython 3.11's own asyncio (with its pure-Python Task and Future) on the " +
                     (program.real_clock ? "real clock." : "virtual clock: sleeps take no time, and time.sleep() blocks the loop."),
            .clock = program.real_clock ? "real" : "virtual",
            .recorder = "cpython"};
}

// A SyntaxError (or any error compiling) as file, line, column and Python's message.
[[noreturn]] void throw_compile_error(const std::string& path) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    auto attribute = [&](const char* name) -> std::string {
        PyObject* got = value ? PyObject_GetAttrString(value, name) : nullptr;
        if (!got) return PyErr_Clear(), std::string();
        PyObject* text = PyObject_Str(got);
        std::string result = text && PyUnicode_AsUTF8(text) ? PyUnicode_AsUTF8(text) : "";
        Py_XDECREF(text);
        Py_DECREF(got);
        return result;
    };
    std::string kind = type ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "SyntaxError";
    std::string line = attribute("lineno"), column = attribute("offset"), message = attribute("msg");
    Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(traceback);
    throw ProgramError(path, line.empty() || line == "None" ? "" : "line " + line + ", column " + column,
                       kind + ": " + message);
}

void start_cpython(const PythonProgram& program) {
    static bool started = false;
    if (started) throw ProgramError(program.path, "", "this process has recorded a Python program already");
    started = true;
    PyImport_AppendInittab("_cotrace", make_cotrace_module);
    // UTF-8 mode (PEP 540), whatever the locale: file names, open() and the standard streams are UTF-8, as
    // a learner's files are, even under the C locale a test or a service runs in.
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.utf8_mode = 1;
    if (PyStatus status = Py_PreInitialize(&preconfig); PyStatus_Exception(status))
        throw ProgramError(program.path, "", std::string("cannot start CPython: ") + (status.err_msg ? status.err_msg : "?"));
    PyConfig config;
    // Isolated: no PYTHON* variables, no user site, nothing written beside the learner's files.
    PyConfig_InitIsolatedConfig(&config);
    config.write_bytecode = 0;
    config.parse_argv = 0;
    config.install_signal_handlers = 1;
    std::vector<std::string> arguments{program.path};
    arguments.insert(arguments.end(), program.args.begin(), program.args.end());
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    PyStatus status = PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(argv.size()), argv.data());
    if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        throw ProgramError(program.path, "", std::string("cannot start CPython: ") + (status.err_msg ? status.err_msg : "?"));
}

void run_python(const char* what, const std::string& source, const char* file, PyObject* globals) {
    PyObject* code = Py_CompileString(source.c_str(), file, Py_file_input);
    PyObject* result = code ? PyEval_EvalCode(code, globals, globals) : nullptr;
    Py_XDECREF(code);
    if (!result) throw ProgramError(file, "", std::string("cotrace could not ") + what + ":\n" + traceback_text());
    Py_DECREF(result);
}

}  // namespace

Session::Session(const PythonProgram& program_)
    : program(program_), recorder(meta_for(program_), [this](const std::string& path) { return source_of(path); }),
      program_directory(fs::absolute(fs::path(program_.path)).parent_path().lexically_normal().string()),
      started(seconds_now()) {
    state = initial_state(recorder.trace());
}

bool Session::is_program_file(const std::string& path) const {
    if (path.empty() || path.front() == '<') return false;
    std::string absolute = fs::absolute(fs::path(path)).lexically_normal().string();
    return absolute.starts_with(program_directory + "/") && absolute.find("/site-packages/") == std::string::npos;
}

void Session::begin_stopping(std::string why) {
    if (stopping) return;
    // A program stopped mid-flight leaves tasks pending: asyncio would log each as it is collected.
    if (asyncio_logger) PyObject_SetAttrString(asyncio_logger, "disabled", Py_True);
    stopped = std::move(why);
    stopping = true;
}

bool Session::stop(std::string why) {
    begin_stopping(std::move(why));
    PyErr_SetString(stopped_exception(), stopped.c_str());
    return false;
}

std::string Session::where_now() {
    Location place = program_place();
    if (place.valid()) return recorder.trace().files[static_cast<size_t>(place.file)].path + ":" + std::to_string(place.line);
    PyFrameObject* frame = PyEval_GetFrame();
    if (!frame) return "the program";
    PyCodeObject* code = PyFrame_GetCode(frame);
    std::string place_text = utf8_of(code->co_filename) + ":" + std::to_string(PyFrame_GetLineNumber(frame));
    Py_DECREF(code);
    return place_text;
}

bool Session::emit(Event event) {
    if (forked) return true;  // a child the program forked runs on unrecorded
    if (stopping) return stop(stopped);
    if (recorder.event_count() >= program.max_events)
        return stop("the recording reached its limit of " + std::to_string(program.max_events) +
                    " events (--max-events), and stopped the program there");
    std::string capped_note;
    if (event.kind == EventKind::print) {
        // Printed text is kept up to --max-output; past it, the output goes on (cotrace run) but the trace
        // keeps one line that says so.
        if (output_capped) return true;
        printed += event.text.size() + 1;
        if (printed > program.max_output) {
            output_capped = true;
            capped_note = "[cotrace keeps no more of what the program prints: it printed over " +
                          std::to_string(program.max_output) + " bytes (--max-output)]";
            event.text = capped_note;
        }
    }
    if (program.real_clock) recorder.set_time(seconds_now() - started);
    event.time = recorder.time();
    // Each event is checked against the state the ones before it lead to, so that the trace always loads.
    if (state.objects.size() <= recorder.trace().objects.size()) state.objects.resize(recorder.trace().objects.size() + 1);
    const Trace& trace = recorder.trace();
    // Lost track: most likely because the program replaced the recorder's hooks (cProfile, a debugger).
    auto lost = [&](const std::string& what) {
        if (!hooks_in_place())
            return stop("the program replaced the profile or trace hook cotrace records through (cProfile, a debugger, "
                        "or a C extension), before " + where_now() + ", and the recording stopped there");
        return stop("cotrace lost track of " + what + " at " + where_now() + ", and stopped the program there");
    };
    if (auto problem = event_problem(trace, trace.events.size(), event, trace.files.size()))
        return lost("an object at event " + std::to_string(trace.events.size()) + " (" + problem->problem + ")");
    if (std::string problem = apply(state, recorder.trace(), event); !problem.empty())
        return lost("control at event " + std::to_string(recorder.event_count()) + " (" + std::string(to_string(event.kind)) +
                    ": " + problem + ")");
    recorder.emit(event);
    if (!returned.empty()) unbind_returned();
    if (program.on_progress && recorder.event_count() % 16384 == 0) program.on_progress(recorder.event_count());
    return true;
}

ObjectId Session::add_object(ObjectKind kind, const std::string& name, ObjectId owner, Location where, ObjectRole role) {
    return recorder.add_object(kind, name, owner, where, role);
}

Location Session::program_place() {
    PyFrameObject* frame = PyEval_GetFrame();
    Py_XINCREF(frame);
    Location place;
    while (frame) {
        PyCodeObject* code = PyFrame_GetCode(frame);
        const CodeInfo& info = code_info(code);
        int first_line = std::max(code->co_firstlineno, 1);
        Py_DECREF(code);
        if (info.program) {
            int line = PyFrame_GetLineNumber(frame);
            place = recorder.locate_path(info.path, line < 1 ? first_line : line, 1);  // < 1: it never ran yet
            Py_DECREF(frame);
            break;
        }
        PyFrameObject* back = PyFrame_GetBack(frame);
        Py_DECREF(frame);
        frame = back;
    }
    return place;
}

CodeInfo& Session::code_info(PyCodeObject* code) {
    auto [it, added] = codes.try_emplace(reinterpret_cast<PyObject*>(code));
    CodeInfo& info = it->second;
    if (!added) return info;
    Py_INCREF(code);  // held, so that its address names it for as long as we remember it
    info.path = utf8_of(code->co_filename);
    info.program = is_program_file(info.path);
    keep_source_now(info.path);  // a module's text was kept as it was imported; code compiled by the program is read now
    int flags = code->co_flags;
    bool coroutine_like = flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR);
    bool generator_like = coroutine_like || (flags & CO_GENERATOR);
    info.future_await = reinterpret_cast<PyObject*>(code) == future_await_code;
    info.asyncio = info.future_await || in_asyncio(info.path);
    // The learner's own coroutines and generators; any coroutine (asyncio's sleep, Queue.get, ...); and
    // Future.__await__. Not the generators asyncio uses inside (generator expressions, selectors).
    info.followed = generator_like && info.path != instrumentation_file && (info.program || coroutine_like || info.future_await);
    info.made = flags & CO_ASYNC_GENERATOR ? "async generator" : flags & CO_COROUTINE ? "coroutine" : "generator";
    std::string name = utf8_of(code->co_qualname);
    if (size_t locals = name.rfind("<locals>."); locals != std::string::npos) name = name.substr(locals + 9);
    // asyncio's private helpers read as the C++ runtime names them: __sleep0 is sleep0. (asyncio's own
    // package, where it really is: not any folder a learner happened to call "asyncio".)
    if (info.asyncio) {
        size_t last = name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1;
        while (last < name.size() && name[last] == '_' && name.compare(last, 2, "__") != 0) name.erase(last, 1);
        if (name.compare(last, 2, "__") == 0 && !name.ends_with("__")) name.erase(last, 2);
    }
    info.name = name;
    return info;
}

Session::Followed& Session::follow(PyObject* frame, PyCodeObject* code, const CodeInfo& info, Location where) {
    auto [it, added] = frames.try_emplace(frame);
    if (!added) return it->second;
    Py_INCREF(frame);
    it->second.program = info.program && !info.asyncio;
    ObjectId owner = 0;
    if (info.future_await) {
        // Future.__await__'s frame is named after its future ("triple_task.__await__") when the trace is done.
        PyObject* locals = PyFrame_GetLocals(reinterpret_cast<PyFrameObject*>(frame));
        PyObject* self = locals ? PyDict_GetItemString(locals, "self") : nullptr;
        PyObject* id = self ? PyObject_GetAttrString(self, "_cotrace_id") : nullptr;
        if (id) owner = static_cast<ObjectId>(PyLong_AsUnsignedLong(id));
        if (PyErr_Occurred()) PyErr_Clear(), owner = 0;
        Py_XDECREF(id);
        Py_XDECREF(locals);
    }
    ObjectRole role = info.future_await ? ObjectRole::future_await : info.asyncio ? ObjectRole::asyncio : ObjectRole::none;
    it->second.id = add_object(ObjectKind::frame, info.future_await && owner ? "" : info.name, owner,
                               recorder.locate_path(info.path, code->co_firstlineno, 1), role);
    emit({.kind = EventKind::coroutine_created, .subject = it->second.id, .where = where, .text = info.made});
    if (it->second.program) record_arguments(frame);
    return it->second;
}

void Session::forget(PyObject* frame) {
    auto it = frames.find(frame);
    if (it == frames.end()) return;
    if (it->second.program) {
        std::erase(holding_mutable, frame);
        shown.erase(it->second.id);
    }
    frames.erase(it);
    raised.erase(frame);
    Py_DECREF(frame);
}

ObjectId Session::frame_of(PyObject* coroutine, Location where) {
    PyObject* frame = nullptr;
    for (const char* attribute : {"cr_frame", "gi_frame", "ag_frame"}) {
        if (!PyObject_HasAttrString(coroutine, attribute)) continue;
        frame = PyObject_GetAttrString(coroutine, attribute);
        break;
    }
    if (!frame || frame == Py_None) {
        Py_XDECREF(frame);
        PyErr_Clear();
        return 0;
    }
    PyCodeObject* code = PyFrame_GetCode(reinterpret_cast<PyFrameObject*>(frame));
    const CodeInfo& info = code_info(code);
    ObjectId id = info.followed ? follow(frame, code, info, where).id : 0;
    Py_DECREF(code);
    Py_DECREF(frame);
    return id;
}

void Session::unwind(const std::string& why, int status) {
    // Whatever is still open closes the way an exception would close it, innermost first.
    while (!state.control.empty()) {
        ControlEntry top = state.control.back();
        Event event;
        switch (top.kind) {
            case ControlEntry::Kind::frame: event = {.kind = EventKind::frame_raise, .subject = top.id, .text = why}; break;
            case ControlEntry::Kind::step: event = {.kind = EventKind::step_raise, .subject = top.id, .text = why}; break;
            case ControlEntry::Kind::handle: event = {.kind = EventKind::run_end, .subject = top.id}; break;
            case ControlEntry::Kind::event_loop: event = {.kind = EventKind::loop_stop}; break;
            case ControlEntry::Kind::program:
                event = {.kind = EventKind::program_end, .number = static_cast<double>(status), .text = why};
                break;
        }
        event.time = recorder.time();
        if (!apply(state, recorder.trace(), event).empty()) break;  // cannot happen: each entry closes as it opened
        recorder.emit(event);
    }
    for (auto& [frame, followed] : frames) Py_DECREF(frame);
    frames.clear();
    holding_mutable.clear();
    running.clear();
}

Recording Session::end(const std::string& why, int status) {
    PyEval_SetTrace(nullptr, nullptr);
    PyEval_SetProfile(nullptr, nullptr);
    unwind(why, status);
    if (threads)
        recorder.meta().intro += " The program hands work to threads (run_in_executor): what the loop sees of it "
                                 "(the futures, their results) is recorded; the threads themselves are not followed.";
    Recording recording;
    recording.stopped = stopped;
    recording.exit_status = status;
    if (output_capped)
        recording.note = "the program printed over " + std::to_string(program.max_output) +
                         " bytes: the trace keeps what it printed up to there (--max-output)";
    recording.trace = recorder.finish();
    mark_embedded(recording.trace);
    return recording;
}

Recording record_program(const PythonProgram& program) {
    std::string bytes = read_program_file(program.path);  // before CPython starts: a bad file costs nothing
    start_cpython(program);
    Session session(program);
    Session::current = &session;
    PyObject* main_module = PyImport_AddModule("__main__");
    PyObject* globals = PyModule_GetDict(main_module);
    // The program's own modules import from its directory.
    PyObject* sys_path = PySys_GetObject("path");
    PyObject* directory = PyUnicode_DecodeFSDefault(session.program_directory.c_str());
    if (sys_path && directory) PyList_Insert(sys_path, 0, directory);
    Py_XDECREF(directory);

    // Compiled from its bytes, as python3 compiles a file: the coding cookie or BOM decides the encoding.
    // Named by its absolute path, as python3 names a script it runs (in tracebacks, warnings, __file__).
    std::string absolute = fs::absolute(fs::path(program.path)).lexically_normal().string();
    PyObject* path_object = PyUnicode_DecodeFSDefault(absolute.c_str());
    PyObject* code = path_object ? Py_CompileStringObject(bytes.c_str(), path_object, Py_file_input, nullptr, -1) : nullptr;
    if (!code) {
        Py_XDECREF(path_object);
        Session::current = nullptr;
        throw_compile_error(program.path);
    }
    session.sources.emplace(absolute, Session::decoded_source(bytes));
    session.recorder.locate_path(absolute, 1, 1);  // the program is the trace's first file, even if it fails at once
    PyObject* instrumentation = PyDict_New();
    PyDict_SetItemString(instrumentation, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(instrumentation, "__name__", PyUnicode_FromString("cotrace_asyncio"));
    run_python("observe asyncio", python_sources().at("src/python/cotrace_asyncio.py"), instrumentation_file, instrumentation);
    run_python("observe variables", python_sources().at("src/python/cotrace_values.py"), instrumentation_file, instrumentation);
    session.value_repr_function = PyDict_GetItemString(instrumentation, "value_repr");
    // (--control-only: no shown(), and so no values.)
    if (program.data) session.shown_function = PyDict_GetItemString(instrumentation, "shown");
    session.object_numbers = PyDict_GetItemString(instrumentation, "_numbers");
    session.main_globals = globals;
    session.asyncio_logger = PyDict_GetItemString(instrumentation, "asyncio_logger");

    PyDict_SetItemString(globals, "__file__", path_object);
    Py_DECREF(path_object);
    session.emit({.kind = EventKind::program_start});
    guard_stack(session);
    // A program that never ends, even one that never awaits, stops after --timeout.
    auto watchdog = std::make_unique<Watchdog>(session, program.timeout);
    PyEval_SetProfile(follow_frames, nullptr);
    PyEval_SetTrace(see_exceptions, nullptr);
    session.program_running = true;
    PyObject* result = PyEval_EvalCode(code, globals, globals);
    session.program_running = false;
    PyEval_SetTrace(nullptr, nullptr);
    PyEval_SetProfile(nullptr, nullptr);
    // A forked child has no watchdog thread: only its parent's memory, which must not be waited on.
    if (session.forked) (void)watchdog.release();
    watchdog.reset();
    Py_DECREF(code);
    restore_signals();
    // How it ended, as python3 would end it: its status, what it says on stderr, the last event's text.
    std::string said, ending;
    int status = 0;
    if (result) {
        Py_DECREF(result);
    } else if (PyErr_ExceptionMatches(stopped_exception())) {
        PyErr_Clear();
        ending = "RecordingStopped: " + session.stopped;
        status = session.exit_status;
    } else {
        bool exited = PyErr_ExceptionMatches(PyExc_SystemExit);
        status = python_exit_status(said);
        if (!exited) ending = said;  // the traceback; sys.exit() ends the program as it asked (its status says how)
    }
    flush_python_output();
    if (session.forked) ::_exit(status);  // a child the program forked: no trace, no log, no file
    Recording recording = session.end(ending, status);
    recording.said = said;
    Session::current = nullptr;
    return recording;
}

}  // namespace cotrace::python
