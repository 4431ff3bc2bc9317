// What woke whom. Every handle the loop runs was put on the ready queue by something: a future completing
// (its done callbacks), a timer coming due, a new Task (its first step), a bare yield (the step again), a
// done callback added to a future already done, or the program calling call_soon itself. The timeline's
// arrows, the Perfetto export's flows and Why?'s chains all read it from here.
#pragma once

#include <cstddef>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

enum class WakeCause : std::uint8_t { done_callback, timer, first_step, bare_yield, already_done, call };

struct Scheduling {
    WakeCause cause = WakeCause::call;
    size_t cause_event = 0;  // the event that caused it (set_result, timer_ready, task_created, the yield, ...)
};

// Why the call_soon (or timer_ready) at event index i put its handle on the ready queue.
Scheduling scheduling_of(const Trace& trace, size_t i);

struct Wake {
    ObjectId handle = 0;
    ObjectId task = 0;      // the task whose step or wakeup the handle runs (its role says so), or 0
    size_t scheduled = 0;   // the call_soon or timer_ready that queued it
    Scheduling why;
    size_t run = 0;         // the run event
};

// Every run of a handle, in the order the loop ran them, with what queued it.
std::vector<Wake> wakes(const Trace& trace);

}  // namespace cotrace::analysis
