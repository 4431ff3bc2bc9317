// What one Python recording shares between its parts: the recorder, the state the events so far lead
// to (kept to check each event, and to close whatever is still open when the program stops), and the
// frames being followed. Only python/*.cpp include it; all of it runs with the GIL held.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <string>
#include <unordered_map>
#include <vector>

#include "python_recorder.h"
#include "trace/recorder.h"
#include "trace/state.h"

namespace cotrace::python {

// What the profile hook knows of a code object, decided once.
struct CodeInfo {
    bool followed = false;
    bool program = false;        // a file of the program's own (below its directory)
    bool future_await = false;   // asyncio's Future.__await__ (its very code object): named after its future
    bool asyncio = false;        // a file of asyncio's own package
    const char* made = "coroutine";  // "coroutine", "generator" or "async generator"
    std::string name;
    std::int32_t file = -1;      // in the trace, once a place in it was recorded
    std::string path;
    PyObject* bytecode = nullptr;  // its instructions without CPython's specializations (held), once asked for
};

struct Session {
    explicit Session(const PythonProgram& program);

    const PythonProgram& program;
    Recorder recorder;
    State state;
    std::string program_directory;  // frames of files below it are the program's own
    std::string stopped;
    bool stopping = false;          // the limit was reached: every hook raises RecordingStopped from now on
    ObjectId stepping = 0;          // the task whose __step is running
    ObjectId stepped_frame = 0;     // the frame its send or throw names: no send of our own for it
    std::unordered_map<PyObject*, CodeInfo> codes;     // code objects seen (held)
    struct Followed {
        ObjectId id = 0;
        bool started = false;
        PyObject* awaiter = nullptr;  // the followed frame whose await runs this one, if any
        bool program = false;         // a frame of the program's own code (its variables are recorded)
    };
    std::unordered_map<PyObject*, Followed> frames;    // frame objects followed (held until they finish)
    // Followed frames running now, innermost last. A throw() (or close()) goes straight to the innermost
    // frame of an await chain, without running the frames that await it; they are on the control stack
    // all the same, as in the C++ runtime, and marked `passed` until CPython really resumes them.
    struct Running {
        PyObject* frame;
        bool passed = false;
    };
    std::vector<Running> running;
    // Followed frames an exception passed while they ran, with its repr (see_exceptions): what a frame
    // that ends by raising raised. A repr, not the exception: holding the exception would hold its
    // traceback's frames, and the program's objects would be collected later than CPython collects them.
    std::unordered_map<PyObject*, std::string> raised;
    PyObject* throwing_into = nullptr;  // the frame of the coroutine or generator whose throw() or close() runs now
    PyObject* value_repr_function = nullptr;  // cotrace_asyncio.value_repr
    PyObject* asyncio_logger = nullptr;       // logging.getLogger("asyncio")
    bool threads = false;           // the program used run_in_executor: threads are not followed
    double started = 0;             // the real time the recording started
    bool forked = false;            // this is a child the program forked: it records nothing
    bool program_running = false;   // between the program's first line and its end
    size_t printed = 0;             // bytes of printed text recorded (at most program.max_output)
    bool output_capped = false;
    int exit_status = 0;            // what cotrace exits with when the recording stopped the program
    // How the program ended, when cotrace had to end it in its own way (os._exit, a signal): the last
    // event's text, and the status python3 would have exited with.
    std::string ended;
    // The texts the trace embeds, taken before the program ran (its own file) or as each module was
    // imported; the folders whose files it may embed.
    std::unordered_map<std::string, std::string> sources;
    std::vector<std::string> embedded_folders;
    std::string asyncio_folder;     // where asyncio's own modules are (symbolic links followed)
    PyObject* future_await_code = nullptr;  // asyncio's Future.__await__.__code__ (held), once known
    // python_values.cpp: the program's variables, as last recorded: by frame (0: the module's globals),
    // each name's value in the order the names came.
    // A reference held (to a value that cannot change in place: its identity tells it is the same).
    struct Held {
        PyObject* object = nullptr;
        Held() = default;
        explicit Held(PyObject* o) : object(o) { Py_XINCREF(o); }
        Held(const Held& that) : object(that.object) { Py_XINCREF(object); }
        Held& operator=(Held that) {
            std::swap(object, that.object);
            return *this;
        }
        ~Held() { Py_XDECREF(object); }
    };
    struct Shown {
        std::string name, text;
        std::uint32_t shared = 0;  // a mutable object's number: a suspended frame holding one is looked at again
        ObjectId object = 0;
        Held same;                 // the value itself, if it cannot change in place
    };
    std::unordered_map<ObjectId, std::vector<Shown>> shown;
    // The program's frames whose variables held a mutable object when last looked at, as they came: while
    // suspended they are looked at again at each line (another task may change what they hold).
    std::vector<PyObject*> holding_mutable;
    PyObject* main_globals = nullptr;        // the program's module's namespace
    // The program's plain functions running now (not coroutines or generators: those are `frames`), each
    // a frame object of the trace's with role `call`, made at its first line, its variables recorded at
    // each line; at its return they are unbound, and it is forgotten.
    std::unordered_map<PyObject*, ObjectId> calls;
    ObjectId call_of(PyFrameObject* frame, PyCodeObject* code);
    void call_returns(PyFrameObject* frame);
    std::vector<std::pair<ObjectId, std::vector<std::string>>> returned;  // calls returned: unbound at the next event
    void unbind_returned();
    // A line of the program's own files begins: its `line` event, then what changed in its variables.
    bool note_line(PyFrameObject* frame, PyCodeObject* code);
    // What changed in the globals and in the program's frames (`current` first, if it is one).
    void record_values(PyObject* current);
    // python_accesses.cpp: an instruction of the program's own code is about to run: a read or write of
    // shared data (a global, an attribute, a dict or list item) becomes an event.
    bool note_opcode(PyFrameObject* frame);
    PyObject* object_numbers = nullptr;  // cotrace_values.py's _numbers: id() -> a mutable object's number
    PyCodeObject* last_opcode_code = nullptr;  // note_opcode's last code object, and what it knows of it
    CodeInfo* last_opcode_info = nullptr;
    std::uint32_t object_number(PyObject* object);
    // A global the program is about to write (STORE_GLOBAL): its new value, at the write's own step.
    void record_global(const std::string& name, PyObject* value);
    PyObject* shown_function = nullptr;  // cotrace_values.py's shown(); null: values are not recorded
    // A frame of the program's just made: its arguments, before it runs a line.
    void record_arguments(PyObject* frame);
    bool sampling = false;  // values are being looked at: a __repr__ of the program's runs, unrecorded
    // The C stack: where the recording started, and how deep frames may go below it (see stack_room).
    const char* stack_top = nullptr;
    size_t stack_room = 0;

    // Records an event, checked against the state; false (with a Python exception set) when the
    // recording must stop.
    bool emit(Event event);
    ObjectId add_object(ObjectKind kind, const std::string& name, ObjectId owner = 0, Location where = {},
                        ObjectRole role = ObjectRole::none);
    // The place of the innermost frame of the program's own files, or none.
    Location program_place();
    // The followed frame of a coroutine or generator object (made known, with coroutine_created, at first sight).
    // `where`: the place to give the coroutine_created event, when the coroutine is seen first away from
    // its first run (one dropped unawaited is seen as it is collected, where the program dropped it).
    ObjectId frame_of(PyObject* coroutine, Location where = {});
    Followed& follow(PyObject* frame, PyCodeObject* code, const CodeInfo& info, Location where = {});
    // Stops following a frame that finished.
    void forget(PyObject* frame);
    CodeInfo& code_info(PyCodeObject* code);
    bool is_program_file(const std::string& path) const;
    // Stops the program: every hook raises RecordingStopped from now on. False, with it set.
    bool stop(std::string why);
    void begin_stopping(std::string why);  // the same, without raising it here
    // "FILE:LINE" of the innermost frame of the program's own, or of whatever Python runs now.
    std::string where_now();

    // program_source.cpp: which files the trace embeds, and their texts as they were when first read.
    void embed_folders(const std::string& asyncio_folder);
    bool embeds(const std::string& path) const;
    bool in_asyncio(const std::string& path) const;  // a file of asyncio's own package
    void keep_source(const std::string& path, std::string text);
    void keep_source_now(const std::string& path);  // a file run without an import (exec, compile)
    std::optional<std::string> source_of(const std::string& path) const;
    void mark_embedded(Trace& trace) const;
    static std::string decoded_source(const std::string& bytes);
    // Closes what the program left open (it raised, or was stopped): frames raise, steps and runs end,
    // the loop stops, the program ends with `why` and python3's exit status.
    void unwind(const std::string& why, int status);
    // Turns the hooks off, closes what is open, and finishes the trace.
    Recording end(const std::string& why, int status);

    static Session* current;
};

// The program's code, not its data: modules, functions, classes, methods (a module's namespace holds them).
bool is_code(PyObject* value);
// The built-in module `_cotrace` that cotrace_asyncio.py reports through.
PyObject* make_cotrace_module();
// _cotrace.RecordingStopped, raised in the program once the recording has to stop.
PyObject* stopped_exception();
// The C profile hook that follows frames.
int follow_frames(PyObject*, PyFrameObject* frame, int what, PyObject* arg);
// The C trace hook, for one thing the profile hook cannot see: the exception a frame raises (CPython
// 3.11 takes it aside before it tells a profile hook that the frame ends).
int see_exceptions(PyObject*, PyFrameObject* frame, int what, PyObject* arg);
// A value's repr as the trace writes it: no memory addresses (so that traces are the same every run).
std::string value_repr(PyObject* value);
// A str's UTF-8, never leaving an error set (a file name's undecodable bytes come back as they were).
std::string utf8_of(PyObject* text);
// The program's file, read once: a regular file, not too big, with no NUL byte. Throws ProgramError.
std::string read_program_file(const std::string& path);
// False once the program replaced the recorder's profile or trace hook (cProfile, a debugger).
bool hooks_in_place();

// program_ending.cpp: how a program ends.
// The current exception's traceback as Python prints it; the exception is cleared.
std::string traceback_text();
// The exit status python3 gives the exception now set (cleared), and what it prints on stderr.
int python_exit_status(std::string& said);
void flush_python_output();
void restore_signals();  // SIGINT, SIGTERM and SIGHUP as they were before CPython started
const char* signal_name(int signal_number);
// The room the C stack has below the recording's start (and the soft limit raised to give it).
void guard_stack(Session& session);
bool stack_nearly_full(const Session& session);

// While it lives, a thread that stops the program once `seconds` of wall-clock time have passed.
class Watchdog {
public:
    Watchdog(Session& session, double seconds);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable woken_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace cotrace::python
