#include "folds.h"

#include <algorithm>

#include "describe.h"

namespace cotrace::analysis {

namespace {

// "a", "a and b", "a, b and c", "a, b, c and 2 more".
std::string listed(const std::vector<std::string>& items) {
    constexpr size_t most = 3;
    std::string text;
    size_t shown = std::min(items.size(), most);
    for (size_t i = 0; i < shown; ++i) {
        if (i > 0) text += i + 1 == shown && items.size() <= most ? " and " : ", ";
        text += items[i];
    }
    if (items.size() > most) text += " and " + std::to_string(items.size() - most) + " more";
    return text;
}

std::string times(size_t count) { return count == 1 ? "" : " " + std::to_string(count) + " times"; }

// What the events first - 1 .. last - 1 did, as one sentence a learner reads at a glance.
std::string summary(const Trace& trace, size_t first, size_t last) {
    std::vector<ObjectId> made;
    std::vector<std::string> cancelled;
    size_t starts = 0, stops = 0, ran = 0;
    bool ends = false;
    for (size_t i = first - 1; i < last; ++i) {
        const Event e = trace.events[i];
        switch (e.kind) {
            case EventKind::task_created: made.push_back(e.subject); break;
            case EventKind::step_begin:
                if (std::find(made.begin(), made.end(), e.subject) != made.end()) ++ran;
                break;
            case EventKind::cancel:
                if (trace.kind(e.subject) == ObjectKind::task) cancelled.push_back(task_label(trace, e.subject));
                break;
            case EventKind::loop_start: ++starts; break;
            case EventKind::loop_stop: ++stops; break;
            case EventKind::program_end: ends = true; break;
            default: break;
        }
    }
    std::vector<std::string> parts, tasks;
    for (ObjectId task : made) tasks.push_back(task_label(trace, task));
    if (!cancelled.empty()) parts.push_back("it cancels " + listed(cancelled));
    // Tasks it makes here and also runs here (asyncio.run's teardown), or only makes (its setup).
    if (!tasks.empty()) parts.push_back((ran ? "it makes and runs " : "it makes ") + listed(tasks));
    if (starts && stops) parts.push_back("it starts the loop" + times(starts) + " and stops it" + times(stops));
    else if (starts) parts.push_back("it starts the loop" + times(starts));
    else if (stops) parts.push_back("it stops the loop" + times(stops));
    if (ends) parts.emplace_back("the program ends");
    std::string text = std::to_string(last - first + 1) + " steps of asyncio's own code";
    for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? ": " : "; ") + parts[i];
    return text + ".";
}

}  // namespace

std::vector<Fold> folds(const Trace& trace, const std::vector<size_t>& stops) {
    std::vector<Fold> found;
    if (stops.empty()) return found;
    // The stretches between stops: after position 0 or a stop, up to the next stop or the end.
    std::vector<size_t> bounds{0};
    bounds.insert(bounds.end(), stops.begin(), stops.end());
    size_t end = trace.size();
    for (size_t b = 0; b < bounds.size(); ++b) {
        size_t first = bounds[b] + 1;
        // The stretch runs up to the position before the next stop; the last one, to the end itself.
        size_t last = b + 1 < bounds.size() ? bounds[b + 1] - 1 : end;
        if (last < first + 1 || last > end) continue;  // fewer than two steps: nothing to fold
        bool loop_turns = false;
        for (size_t i = first - 1; i < last && !loop_turns; ++i) {
            EventKind kind = trace.events.kind(i);
            loop_turns = kind == EventKind::loop_start || kind == EventKind::loop_stop;
        }
        if (loop_turns) found.push_back({first, last, summary(trace, first, last)});
    }
    return found;
}

}  // namespace cotrace::analysis
