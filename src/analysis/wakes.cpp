#include "wakes.h"

#include <unordered_map>

namespace cotrace::analysis {

Scheduling scheduling_of(const Trace& trace, size_t i) {
    if (trace.events.kind(i) == EventKind::timer_ready) return {WakeCause::timer, i};
    // A completion schedules all its done callbacks, one call_soon after another: look past them.
    size_t p = i;
    while (p > 0 && trace.events.kind(p - 1) == EventKind::call_soon) --p;
    if (p == 0) return {WakeCause::call, i};
    switch (trace.events.kind(p - 1)) {
        case EventKind::set_result: case EventKind::set_exception: case EventKind::cancel:
            return {WakeCause::done_callback, p - 1};
        case EventKind::task_created: return {WakeCause::first_step, p - 1};
        case EventKind::yield: case EventKind::yield_through: return {WakeCause::bare_yield, p - 1};
        case EventKind::add_done_callback: return {WakeCause::already_done, p - 1};
        default: return {WakeCause::call, i};
    }
}

std::vector<Wake> wakes(const Trace& trace) {
    std::vector<Wake> found;
    std::unordered_map<ObjectId, size_t> queued;  // handle -> its call_soon or timer_ready
    for (size_t i = 0; i < trace.size(); ++i) {
        EventKind kind = trace.events.kind(i);
        if (kind == EventKind::call_soon || kind == EventKind::timer_ready) {
            queued[trace.events[i].subject] = i;
        } else if (kind == EventKind::run) {
            ObjectId handle = trace.events[i].subject;
            auto at = queued.find(handle);
            if (at == queued.end()) continue;
            found.push_back({handle, trace.task_run_by(handle), at->second, scheduling_of(trace, at->second), i});
            queued.erase(at);
        }
    }
    return found;
}

}  // namespace cotrace::analysis
