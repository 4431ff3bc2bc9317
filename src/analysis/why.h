// "Why?": the causal chain behind what a learner sees at a step. Why is main_task running? Because the
// loop popped main_task.wakeup at step 37; triple_task.set_result(15) at step 31 had put it on the ready
// queue; and that ran because triple returned at step 30. Why is main_task waiting? It waits on fut2, which
// a timer due at t=2 completes at step 52. A pure function of a trace, for the window and `cotrace why`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct WhyLink {
    size_t step = 0;   // the event's number (1-based, as `cotrace narrate` numbers them): go there to see it
    std::string text;  // one sentence
};

struct WhyChain {
    std::string question;        // "Why is main_task running at step 38?"
    std::vector<WhyLink> links;  // the chain, nearest cause first (for a waiting object: what comes next, in order)
};

// A chain has at most this many links (it stops at the program, or at what has no cause in the trace).
inline constexpr size_t why_most_links = 12;

// Why `object` is running, waiting or done after `position` events. object 0: the task that holds control,
// or, when none does, why the event at `position` happened. The question names the step as `shown_as`
// (the number the reader knows it by: the window's "Step N" at its granularity), else as `position`.
WhyChain why(const Trace& trace, size_t position, ObjectId object = 0, std::optional<size_t> shown_as = std::nullopt);

}  // namespace cotrace::analysis
