// Warnings at the step: what asyncio itself would warn about (or a teacher would point out), each with
// the step where it shows, a sentence, and the object it is about. A pure function of a trace.
#pragma once

#include <string>
#include <vector>

#include "trace/trace.h"
#include "why.h"

namespace cotrace::analysis {

struct Warning {
    enum class Kind {
        never_awaited,        // a coroutine made and never awaited or scheduled: its body never runs
        blocks_the_loop,      // time.sleep / blocking_sleep, or (real clock) a step longer than slow_step_seconds
        exception_not_retrieved,  // a future that failed and that no one awaited or watched
        pending_at_close,     // a task still pending when the loop stops
        invalid_state,        // a result (or exception) set on a future already done: InvalidStateError
        lost_update,          // a task wrote shared data from a read made before it suspended (races.h)
        stale_check,          // a task acted on a test of shared data made before it suspended (races.h)
    };
    Kind kind;
    size_t step = 0;       // the event's number (1-based): where the warning shows
    ObjectId object = 0;   // what it is about, if anything
    std::string text;
    std::vector<WhyLink> links;  // a race's Why? chain: each step of it, to go to (none for the others)
};
std::string_view to_string(Warning::Kind kind);

// asyncio's own threshold in debug mode (loop.slow_callback_duration): a step longer than this blocks.
inline constexpr double slow_step_seconds = 0.1;

// Every warning, ordered by step.
std::vector<Warning> warnings(const Trace& trace);

}  // namespace cotrace::analysis
