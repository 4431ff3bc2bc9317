#include "view.h"

#include "analysis/stepping.h"

namespace cotrace::ui {

const std::vector<ObjectId>& TraceFacts::frames_live_near(size_t position) const {
    static const std::vector<ObjectId> none;
    size_t block = position / live_block;
    return block < live_frames.size() ? live_frames[block] : none;
}

TraceFacts facts_of(const Trace& trace) {
    TraceFacts facts;
    size_t n = trace.events.size();
    facts.live_frames.resize(n / TraceFacts::live_block + 1);
    std::vector<size_t> entered(trace.objects.size() + 1, n + 1);  // n + 1: not entered
    auto live = [&](ObjectId frame, size_t from, size_t to) {
        for (size_t block = from / TraceFacts::live_block; block <= to / TraceFacts::live_block; ++block)
            facts.live_frames[block].push_back(frame);
    };
    for (size_t i = 0; i < n; ++i) {
        switch (trace.events.kind(i)) {
            case EventKind::frame_enter:
                if (entered[trace.events.subject(i)] > n) entered[trace.events.subject(i)] = i;
                break;
            case EventKind::frame_return: case EventKind::frame_raise: {
                ObjectId frame = trace.events.subject(i);
                if (entered[frame] <= n) live(frame, entered[frame], i + 1);
                entered[frame] = n + 1;
                break;
            }
            case EventKind::print: facts.print_events.push_back(i); break;
            case EventKind::loop_start: facts.has_loop = true; break;
            case EventKind::io_start: facts.has_io = true; break;
            case EventKind::task_created: case EventKind::future_created:
                facts.futures.emplace_back(i, trace.events[i].subject);
                break;
            default: break;
        }
    }
    for (ObjectId frame = 1; frame < entered.size(); ++frame)
        if (entered[frame] <= n) live(frame, entered[frame], n);  // never finished
    for (auto& frames : facts.live_frames) frames.shrink_to_fit();
    facts.print_events.shrink_to_fit();
    facts.print_tasks = analysis::printing_tasks(trace);
    facts.futures.shrink_to_fit();
    facts.line_stops = analysis::line_stops(trace);
    facts.folds = analysis::folds(trace, facts.line_stops);
    return facts;
}

}  // namespace cotrace::ui
