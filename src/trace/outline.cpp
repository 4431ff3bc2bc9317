#include "views.h"

#include <utility>

namespace cotrace {

bool transfers_control(const State& before, const State& after) {
    if (before.control.size() != after.control.size()) return true;
    return !before.control.empty() && before.control.back() != after.control.back();
}

namespace {

// (event index, outline line) for every event after which someone else holds control.
std::vector<std::pair<size_t, std::string>> outline_entries(const Trace& trace) {
    std::vector<std::pair<size_t, std::string>> entries;
    State state = initial_state(trace);
    State before;
    for (size_t i = 0; i < trace.events.size(); ++i) {
        before.control = state.control;
        apply(state, trace, trace.events[i]);
        if (!transfers_control(before, state) || state.control.empty()) continue;
        entries.emplace_back(i, std::string(2 * (state.control.size() - 1), ' ') + trace.label(state.control.back()));
    }
    return entries;
}

}  // namespace

std::vector<size_t> outline_events(const Trace& trace) {
    std::vector<size_t> indices;
    for (auto& [index, line] : outline_entries(trace)) indices.push_back(index);
    return indices;
}

std::vector<std::string> outline(const Trace& trace) {
    std::vector<std::string> lines;
    for (auto& [index, line] : outline_entries(trace)) lines.push_back(std::move(line));
    return lines;
}

}  // namespace cotrace
