#include "trace.h"

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
    for (size_t i = 0; i < events.size(); ++i) {
        if (i % keyframe_every == 0) keyframes_.push_back(state);
        std::string problem = apply(state, *this, events[i]);
        if (!problem.empty()) {
            keyframes_.clear();
            return "event " + std::to_string(i) + " (" + std::string(to_string(events[i].kind)) + "): " + problem;
        }
    }
    if (events.size() % keyframe_every == 0) keyframes_.push_back(state);
    return {};
}

State Trace::state_after(size_t n) const {
    if (n > events.size()) n = events.size();
    size_t k = n / keyframe_every;
    State state = k < keyframes_.size() ? keyframes_[k] : initial_state(*this);
    for (size_t i = state.events_applied; i < n; ++i) apply(state, *this, events[i]);
    return state;
}

}  // namespace cotrace
