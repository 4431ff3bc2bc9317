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

struct PythonProgram {
    std::string path;                 // the .py file
    std::vector<std::string> args;    // sys.argv[1:]
    bool real_clock = false;          // --real-clock: real time and real I/O waits
    size_t max_events = 1'000'000;    // --max-events: a program that never ends stops here
    double max_seconds = 60;          // on the real clock, the recording stops after this long
    std::ostream* output = nullptr;   // the program's prints go here too (cotrace run)
    std::function<void(size_t events)> on_progress;  // now and then, how many events so far
};

// A program that cannot be run at all: unreadable, or a syntax error. `place` is "line L, column C".
class ProgramError : public std::runtime_error {
public:
    ProgramError(std::string file, std::string place, std::string problem);
    std::string file, place, problem;
};

// What became of a recording besides its trace.
struct Recording {
    Trace trace;
    std::string stopped;    // why it stopped early ("the event limit, 1,000,000, was reached"), or ""
    std::string exception;  // the traceback of an exception that escaped the program, or ""
};

// Runs the program once, recording it. CPython is initialised in this process the first time; a process
// records one program (the window records in a child process of its own). Throws ProgramError.
Recording record_program(const PythonProgram& program);

// True for a path that names a Python program (.py).
bool is_python_program(const std::string& path);

}  // namespace cotrace::python
