#include "view.h"

namespace cotrace::ui {

TraceFacts facts_of(const Trace& trace) {
    TraceFacts facts;
    for (size_t i = 0; i < trace.events.size(); ++i) {
        switch (trace.events.kind(i)) {
            case EventKind::print: facts.print_events.push_back(i); break;
            case EventKind::loop_start: facts.has_loop = true; break;
            case EventKind::io_start: facts.has_io = true; break;
            case EventKind::task_created: case EventKind::future_created:
                facts.futures.emplace_back(i, trace.events[i].subject);
                break;
            default: break;
        }
    }
    return facts;
}

}  // namespace cotrace::ui
