// `cotrace classroom SOURCE --no-window`: a classroom session with a teacher who types (or a script):
// commands on standard input, one a line; what happened on standard output.
#pragma once

#include <string>

#include "trace/trace.h"

namespace cotrace::cli {

struct ClassroomOptions {
    bool no_window = false;
    std::string bind;      // empty: this machine's address on its network
    int port = 8765;
    std::string results;   // a CSV written when the session ends (and by `results` without a file)
};

// Serves `trace` to the class until `end` or the end of standard input. Returns the exit code.
int run_classroom(const Trace& trace, const std::string& origin, const ClassroomOptions& options);

}  // namespace cotrace::cli
