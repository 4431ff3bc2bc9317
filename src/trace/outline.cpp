#include "views.h"

namespace cotrace {

bool transfers_control(const State& before, const State& after) {
    if (before.control.size() != after.control.size()) return true;
    return !before.control.empty() && before.control.back() != after.control.back();
}

std::vector<OutlineLine> outline_lines(const Trace& trace) {
    std::vector<OutlineLine> lines;
    State state = initial_state(trace);
    for (size_t i = 0; i < trace.events.size(); ++i) {
        // Only the stack's height and top decide a transfer: no copy of a stack that may be deep.
        size_t height = state.control.size();
        ControlEntry top = height ? state.control.back() : ControlEntry{};
        apply(state, trace, trace.events[i]);
        bool moved = height != state.control.size() || (height && top != state.control.back());
        if (!moved || state.control.empty()) continue;
        lines.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(state.control.size() - 1),
                         state.control.back()});
    }
    lines.shrink_to_fit();
    return lines;
}

std::string outline_text(const Trace& trace, const OutlineLine& line) {
    // Past outline_deepest_indent levels the line says its depth instead: a chain ten thousand frames deep
    // would otherwise print lines of twenty thousand spaces (docs/trace-format.md, Limits).
    if (line.depth > outline_deepest_indent)
        return std::string(2 * outline_deepest_indent, ' ') + "[depth " + std::to_string(line.depth) + "] " +
               trace.label(line.holder);
    return std::string(2 * line.depth, ' ') + trace.label(line.holder);
}

std::vector<std::string> outline(const Trace& trace) {
    std::vector<std::string> lines;
    for (const auto& line : outline_lines(trace)) lines.push_back(outline_text(trace, line));
    return lines;
}

}  // namespace cotrace
