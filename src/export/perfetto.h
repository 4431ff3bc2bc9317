// The Chrome trace event format (JSON), which Perfetto UI, chrome://tracing and Tracy's importer read:
// a track for the program, one for the event loop and one per task; each run of a callback a slice (a
// task's step on the task's track), each wait a slice named by what is awaited, each wake-up a flow from
// the set_result (or cancel, or exception) to the step it causes, each print an instant. docs/exports.md
// gives the mapping.
#pragma once

#include <ostream>

#include "trace/trace.h"

namespace cotrace::exports {

// Writes the whole trace, streaming: memory stays a small multiple of the number of tasks. Timestamps are
// the loop's time in microseconds, each event a nanosecond after the one before at the least, so that
// events at one loop time (a virtual clock stands still while code runs) keep their order and a width.
void write_perfetto(const Trace& trace, std::ostream& out);

}  // namespace cotrace::exports
