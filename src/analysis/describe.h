// The short texts a view of one state shows, shared by the window's panels and the web handout: what the
// loop is doing, and a task's or future's state.
#pragma once

#include <string>

#include "trace/trace.h"

namespace cotrace::analysis {

// "running main_task.step", "waiting up to 2.000 s in poll, for the next timer", "idle: ...".
std::string loop_activity(const Trace& trace, const State& state, size_t position);
// "pending", "running", "done", "done (raised)", "cancelled".
std::string status_text(const ObjectState& state);
// Seconds as the loop panel shows them: three decimals.
std::string seconds_text(double seconds);
// A frame that waits: suspended at a yield, or running under the frame that holds control (awaiting it).
bool frame_waits(const State& state, ObjectId frame);
// A task as asyncio's repr names it: "Task-2 bump('A')", its name, then its coroutine's function with the
// arguments it was made with (a Python trace records them), bounded; "triple_task triple(...)" where the
// trace has no values (the C++ runtime's). Anything else: its name.
std::string task_label(const Trace& trace, ObjectId task);
// The event kinds that complete a future: set_result, set_exception, cancel.
bool completes(EventKind kind);

}  // namespace cotrace::analysis
