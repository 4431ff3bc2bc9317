#include "trace.h"

#include <algorithm>

namespace cotrace {

std::string Trace::label(const ControlEntry& entry) const {
    switch (entry.kind) {
        case ControlEntry::Kind::program: return "program";
        case ControlEntry::Kind::event_loop: return "event_loop";
        case ControlEntry::Kind::step: return name(entry.id) + ".step";
        case ControlEntry::Kind::handle:
        case ControlEntry::Kind::frame: return name(entry.id);
    }
    return "?";
}

std::string Trace::index() {
    keyframes_.clear();
    State state = initial_state(*this);
    // One object's state costs about as much as a few events: space keyframes by the state's size.
    size_t spacing = std::max(keyframe_every, state.objects.size() / 4);
    size_t last = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        if (i == 0 || i - last >= spacing) {
            keyframes_.push_back(state);
            last = i;
        }
        std::string problem = apply(state, *this, events[i]);
        if (!problem.empty()) {
            keyframes_.clear();
            return "event " + std::to_string(i) + " (" + std::string(to_string(events[i].kind)) + "): " + problem;
        }
    }
    return {};
}

State Trace::state_after(size_t n) const {
    if (n > events.size()) n = events.size();
    // The last keyframe at or before n, then replay the rest.
    auto after = std::upper_bound(keyframes_.begin(), keyframes_.end(), n,
                                  [](size_t position, const State& key) { return position < key.events_applied; });
    State state = after == keyframes_.begin() ? initial_state(*this) : *(after - 1);
    for (size_t i = state.events_applied; i < n; ++i) apply(state, *this, events[i]);
    return state;
}

}  // namespace cotrace
