// Folds: where only asyncio's own code runs around the learner's program, the "lines and task steps"
// granularity shows one step that says what happened there, rather than nothing or forty. asyncio.run's
// setup (the main task made, the loop started) and its teardown (what is left cancelled, async
// generators and the executor shut down in tasks of their own, the loop stopped) are the usual ones.
//
// A fold is found from what the trace recorded, never from names: a stretch between two stops of the
// lines granularity (analysis::line_stops) in which the event loop starts or stops. No line of the
// program's own files runs inside it, and no step of a task running the program's own coroutine.
// A pure function of a trace.
#pragma once

#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct Fold {
    size_t first = 0, last = 0;  // positions (events applied), both included; `last` is the fold's one stop
    std::string text;            // what happened in it: "12 steps of asyncio's own code: the loop runs ..."
    size_t steps() const { return last - first + 1; }
};

// The folds between `stops` (line_stops(trace)), in order. None for a trace without lines.
std::vector<Fold> folds(const Trace& trace, const std::vector<size_t>& stops);

}  // namespace cotrace::analysis
