#include "suspensions.h"

#include <algorithm>
#include <unordered_map>

namespace cotrace::analysis {

namespace {
struct Open {
    Location where;       // the await expression
    ObjectId awaited = 0; // the frame it drives (a coroutine, or an __await__)
    bool suspended = false;
};
}  // namespace

SuspensionLedger::SuspensionLedger(const Trace& trace) {
    // An await is open from the await event until the frame it drives returns or raises; it suspended if
    // the awaiting frame yielded (passed a yield up to the loop) meanwhile.
    std::unordered_map<ObjectId, Open> open;             // by awaiting frame
    std::unordered_map<ObjectId, ObjectId> awaited_by;   // awaited frame -> awaiting frame
    for (size_t i = 0; i < trace.size(); ++i) {
        EventKind kind = trace.events.kind(i);
        if (kind != EventKind::await_ && kind != EventKind::yield_through && kind != EventKind::frame_return &&
            kind != EventKind::frame_raise)
            continue;
        const Event e = trace.events[i];
        if (kind == EventKind::await_) {
            open[e.subject] = {e.where, e.other, false};
            awaited_by[e.other] = e.subject;
        } else if (kind == EventKind::yield_through) {
            if (auto it = open.find(e.subject); it != open.end()) it->second.suspended = true;
        } else if (auto by = awaited_by.find(e.subject); by != awaited_by.end()) {
            if (auto it = open.find(by->second); it != open.end() && it->second.awaited == e.subject) {
                if (it->second.where.valid()) {
                    auto& list = finished_[{it->second.where.file, it->second.where.line}];
                    std::uint32_t before = list.empty() ? 0 : list.back().suspended_so_far;
                    list.push_back({static_cast<std::uint32_t>(i + 1), before + (it->second.suspended ? 1u : 0u)});
                }
                open.erase(it);
            }
            awaited_by.erase(by);
        }
    }
}

AwaitCount SuspensionLedger::at(std::int32_t file, std::int32_t line, size_t position) const {
    AwaitCount count;
    auto it = finished_.find({file, line});
    if (it == finished_.end()) return count;
    const auto& list = it->second;
    auto end = std::partition_point(list.begin(), list.end(), [&](const Finished& f) { return f.position <= position; });
    if (end == list.begin()) return count;
    count.suspended = std::prev(end)->suspended_so_far;
    count.through = static_cast<std::uint32_t>(end - list.begin()) - count.suspended;
    return count;
}

std::vector<std::int32_t> SuspensionLedger::lines(std::int32_t file) const {
    std::vector<std::int32_t> found;
    for (auto it = finished_.lower_bound({file, 0}); it != finished_.end() && it->first.first == file; ++it)
        found.push_back(it->first.second);
    return found;
}

std::string ledger_text(const AwaitCount& count) {
    // How often this await gave control away, of how often it ran so far.
    unsigned times = count.suspended + count.through;
    std::string of = " of " + std::to_string(times) + (times == 1 ? " time" : " times");
    return count.suspended ? "suspended " + std::to_string(count.suspended) + of : "straight through " + std::to_string(count.through) + of;
}

}  // namespace cotrace::analysis
