// The second recorder: a learner's Python program, run on CPython 3.11's own asyncio (embedded, with the
// pure-Python Task and Future), recorded into the same trace the C++ runtime records. The asyncio side
// is observed by cotrace_asyncio.py, the frames by a C profile hook (python_frames.cpp); both write
// through trace/'s Recorder.
#pragma once

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::python {

struct Recording;

struct PythonProgram {
    std::string path;                 // the .py file
    std::vector<std::string> args;    // sys.argv[1:]
    bool real_clock = false;          // --real-clock: real time and real I/O waits
    size_t max_events = 1'000'000;    // --max-events: a program that never ends stops here
    double timeout = 60;              // --timeout: wall-clock seconds, then the recording stops the program
    size_t max_output = 4 << 20;      // --max-output: bytes of printed text the trace keeps
    size_t max_repr = 80;             // --max-repr: letters of a variable's value the trace keeps
    bool data = true;                 // variables, line steps, reads and writes (--control-only: none)
    std::vector<std::string> embed;   // --embed: more files or folders whose text the trace may embed
    std::ostream* output = nullptr;   // the program's prints go here too (cotrace run)
    std::function<void(size_t events)> on_progress;  // now and then, how many events so far
    // os._exit() ends the process at once, without returning: this gets the recording first (to print or
    // save it), then the process exits with the program's status.
    std::function<void(Recording&)> on_exit_now;
};

// A program that cannot be run at all: unreadable, not a regular file, or a syntax error. `place` is
// "line L, column C".
class ProgramError : public std::runtime_error {
public:
    ProgramError(std::string file, std::string place, std::string problem);
    std::string file, place, problem;
};

// What became of a recording besides its trace: how the program ended, as python3 would end it.
struct Recording {
    Trace trace;
    std::string stopped;    // why the recording stopped the program early ("the event limit ... was reached"), or ""
    std::string said;       // what python3 prints on stderr as the program ends: a traceback, sys.exit's message
    std::string note;       // what else a learner should know: the output went past --max-output
    int exit_status = 0;    // python3's exit status for the same program (SystemExit's code, 1, 130, 128+N)
};

// Runs the program once, recording it. CPython is initialised in this process the first time; a process
// records one program (the window records in a child process of its own). Throws ProgramError.
Recording record_program(const PythonProgram& program);

// True for a path that names a Python program (.py).
bool is_python_program(const std::string& path);

}  // namespace cotrace::python
