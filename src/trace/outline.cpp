#include "views.h"

namespace cotrace {

bool transfers_control(const State& before, const State& after) {
    if (before.control.size() != after.control.size()) return true;
    return !before.control.empty() && before.control.back() != after.control.back();
}

std::vector<OutlineLine> outline_lines(const Trace& trace) {
    std::vector<OutlineLine> lines;
    State state = initial_state(trace);
    State before;
    for (size_t i = 0; i < trace.events.size(); ++i) {
        before.control = state.control;
        apply(state, trace, trace.events[i]);
        if (!transfers_control(before, state) || state.control.empty()) continue;
        lines.push_back({i, std::string(2 * (state.control.size() - 1), ' ') + trace.label(state.control.back())});
    }
    return lines;
}

std::vector<std::string> outline(const Trace& trace) {
    std::vector<std::string> lines;
    for (auto& line : outline_lines(trace)) lines.push_back(std::move(line.text));
    return lines;
}

}  // namespace cotrace
