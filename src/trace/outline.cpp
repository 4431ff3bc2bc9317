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
        lines.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(state.control.size() - 1),
                         state.control.back()});
    }
    lines.shrink_to_fit();
    return lines;
}

std::string outline_text(const Trace& trace, const OutlineLine& line) {
    return std::string(2 * line.depth, ' ') + trace.label(line.holder);
}

std::vector<std::string> outline(const Trace& trace) {
    std::vector<std::string> lines;
    for (const auto& line : outline_lines(trace)) lines.push_back(outline_text(trace, line));
    return lines;
}

}  // namespace cotrace
