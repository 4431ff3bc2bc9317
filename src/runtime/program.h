// The main() of a program written against the runtime: run it, and with --trace FILE record every
// transfer of control into a trace that `cotrace log FILE` and the cotrace window open.
//
//     #include <cotrace/asyncio.h>
//     void program() { ... }                       // like a Python module's top-level code
//     int main(int argc, char** argv) { return asyncio::run_program(argc, argv, program, {"My first trace"}); }
//
//     $ ./my_program                     # runs it, printing what it prints
//     $ ./my_program --trace my.json     # also writes the trace
#pragma once

#include <map>
#include <source_location>
#include <string>

namespace asyncio {

struct ProgramInfo {
    std::string title;        // shown in the window's title bar
    std::string intro;        // one paragraph: what to watch for
    std::string python_path;  // optional: a Python twin, shown beside the C++; "// py N" markers map lines
};

// Runs `program` once. Returns the process exit code: 0, 1 if the program raised or the trace could
// not be written (with a message on stderr), 2 for a usage error.
int run_program(int argc, char** argv, void (*program)(), const ProgramInfo& info = {},
                std::source_location where = std::source_location::current());

// The runtime's own source files, compiled in, by project-relative path: traces embed the ones their
// events point into (future.cpp for Future.__await__, sleep.cpp, ...).
const std::map<std::string, std::string>& runtime_sources();

}  // namespace asyncio
