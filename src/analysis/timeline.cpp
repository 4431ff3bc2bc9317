#include "timeline.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "describe.h"
#include "wakes.h"

namespace cotrace::analysis {

namespace {

// A poll lasts from its `poll` event until the loop does something else.
bool ends_a_poll(EventKind kind) {
    switch (kind) {
        case EventKind::poll_done: case EventKind::timer_ready: case EventKind::run:
        case EventKind::loop_iteration: case EventKind::idle: case EventKind::loop_stop:
            return true;
        default: return false;
    }
}

}  // namespace

TimelineModel build_timeline(const Trace& trace) {
    TimelineModel model;
    model.lanes.push_back({"event loop", 0, {}});
    std::map<ObjectId, size_t> lane_of_task;
    std::map<ObjectId, size_t> step_started;   // task -> its open step's step_begin
    std::map<ObjectId, size_t> waiting_since;  // task -> where its wait began
    std::map<ObjectId, ObjectId> waiting_on;   // task -> the future it waits on
    std::vector<size_t> running;               // lanes with an open step, innermost last
    // The wake-ups of tasks, and the lane that held control at each one's cause.
    std::vector<Wake> woken;
    for (const Wake& wake : wakes(trace))
        if (trace.role(wake.handle) == ObjectRole::task_wakeup) woken.push_back(wake);
    std::unordered_map<size_t, size_t> lane_at;  // cause event -> lane
    for (const Wake& wake : woken) lane_at[wake.why.cause_event] = 0;
    bool polling = false;
    size_t poll_started = 0;

    for (size_t i = 0; i < trace.events.size(); ++i) {
        const Event& e = trace.events[i];
        size_t lane_now = running.empty() ? 0 : running.back();
        if (auto cause = lane_at.find(i); cause != lane_at.end()) cause->second = lane_now;
        if (polling && ends_a_poll(e.kind)) {
            model.lanes[0].spans.push_back({poll_started, i, TimelineSpan::Kind::polling, 0});
            polling = false;
        }
        switch (e.kind) {
            case EventKind::task_created:
                lane_of_task[e.subject] = model.lanes.size();
                model.lanes.push_back({task_label(trace, e.subject), e.subject, {}});
                waiting_since[e.subject] = i;  // ready, waiting for its first step
                break;
            case EventKind::step_begin: {
                auto lane = lane_of_task.find(e.subject);
                if (lane == lane_of_task.end()) break;
                if (auto since = waiting_since.find(e.subject); since != waiting_since.end() && since->second < i)
                    model.lanes[lane->second].spans.push_back(
                        {since->second, i - 1, TimelineSpan::Kind::waiting, waiting_on[e.subject]});
                waiting_since.erase(e.subject);
                step_started[e.subject] = i;
                running.push_back(lane->second);
                break;
            }
            case EventKind::step_yield: case EventKind::step_return: case EventKind::step_raise:
            case EventKind::step_cancelled: {
                auto lane = lane_of_task.find(e.subject);
                auto started = step_started.find(e.subject);
                if (lane == lane_of_task.end() || started == step_started.end()) break;
                model.lanes[lane->second].spans.push_back({started->second, i, TimelineSpan::Kind::running, 0});
                step_started.erase(started);
                if (auto open = std::find(running.begin(), running.end(), lane->second); open != running.end())
                    running.erase(open);
                if (e.kind == EventKind::step_yield) {
                    waiting_since[e.subject] = i + 1;
                    waiting_on[e.subject] = e.other;
                }
                break;
            }
            case EventKind::poll:
                polling = true;
                poll_started = i;
                break;
            default: break;
        }
    }
    size_t last = trace.events.empty() ? 0 : trace.events.size() - 1;
    if (polling) model.lanes[0].spans.push_back({poll_started, last, TimelineSpan::Kind::polling, 0});
    // Tasks still waiting when the trace ends wait to its end.
    for (const auto& [task, since] : waiting_since)
        if (since <= last)
            model.lanes[lane_of_task[task]].spans.push_back({since, last, TimelineSpan::Kind::waiting, waiting_on[task]});
    for (const Wake& wake : woken)
        if (auto lane = lane_of_task.find(wake.task); lane != lane_of_task.end())
            model.arrows.push_back({lane_at[wake.why.cause_event], wake.why.cause_event, lane->second, wake.run});
    // Built by doubling: give back the slack (a trace of ten million events has millions of spans).
    for (auto& lane : model.lanes) lane.spans.shrink_to_fit();
    model.arrows.shrink_to_fit();
    return model;
}

}  // namespace cotrace::analysis
