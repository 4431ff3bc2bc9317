// Saving and loading traces as JSON (docs/trace-format.md).
#pragma once

#include <stdexcept>
#include <string>

#include "trace.h"

namespace cotrace {

// A trace that cannot be used: which file, where in it, and what is wrong.
class TraceError : public std::runtime_error {
public:
    TraceError(std::string file, std::string place, std::string problem);
    std::string file, place, problem;
};

// The JSON text of a trace: deterministic (same trace, same bytes), one event per line.
std::string to_json(const Trace& trace);
// Parses and checks a trace; `file` names it in errors. Throws TraceError.
Trace from_json(const std::string& text, const std::string& file);

// Writes atomically: a temporary file next to `path`, then rename. Throws TraceError.
void save_trace(const Trace& trace, const std::string& path);
Trace load_trace(const std::string& path);

// Writes any text atomically (a temporary file, then rename). Throws std::runtime_error.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace cotrace
