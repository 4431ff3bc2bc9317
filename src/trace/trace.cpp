#include "trace.h"

#include <algorithm>
#include <unordered_set>

namespace cotrace {

std::string Trace::label(const ControlEntry& entry) const {
    switch (entry.kind) {
        case ControlEntry::Kind::program: return "program";
        case ControlEntry::Kind::event_loop: return "event_loop";
        case ControlEntry::Kind::step: return name(entry.id) + ".step";
        case ControlEntry::Kind::handle: return name(entry.id);
        case ControlEntry::Kind::frame: return call(entry.id);
    }
    return "?";
}

std::optional<std::string> Trace::arguments(ObjectId frame) const {
    // Arguments are recorded at the event that makes the frame (coroutine_created); a frame's first values
    // at a later event are locals it bound, and say it was called with none.
    auto first = values.first_event(frame);
    // (A plain function's call has no such event: its first values hold its closure's too, so none.)
    if (!first || *first >= events.size()) return std::nullopt;
    if (events.kind(*first) != EventKind::coroutine_created || events.subject(*first) != frame) return std::nullopt;
    return values.listed(frame, *first);
}

std::string Trace::call(ObjectId frame) const {
    auto given = arguments(frame);
    return given ? name(frame) + "(" + *given + ")" : name(frame);
}

std::string Trace::index(size_t* failed_event) {
    TraceIndexer indexer(*this);
    for (size_t i = 0; i < events.size(); ++i)
        if (std::string problem = indexer.add(i); !problem.empty()) {
            keyframes_.clear();
            if (failed_event) *failed_event = i;
            return event_problem_text(i, problem);
        }
    indexer.finish();
    return {};
}

std::string Trace::event_problem_text(size_t i, const std::string& problem) const {
    return "event " + std::to_string(i) + " (" + std::string(to_string(events.kind(i))) + "): " + problem;
}

TraceIndexer::TraceIndexer(Trace& trace) : trace_(trace), state_(initial_state(trace)) { trace_.keyframes_.clear(); }

std::string TraceIndexer::add(size_t i) {
    // A keyframe costs the object chunks changed since the last one, plus a copy of the stack and queues.
    // Spaced at least keyframe_budget bytes an event apart, or keyframe_most events when that costs up
    // to keyframe_budget_most: a state made huge on purpose (a deep stack, a long queue) spaces them out
    // further, so that keyframes never take more than a constant times the events' memory.
    size_t since = i - last_, cost = state_.objects.copied_bytes() - copied_at_last_ + state_.copy_bytes();
    if (i == 0 || (since >= Trace::keyframe_most && since * Trace::keyframe_budget_most >= cost) ||
        (since >= Trace::keyframe_least && since * Trace::keyframe_budget >= cost)) {
        trace_.keyframes_.push_back(state_);
        last_ = i;
        copied_at_last_ = state_.objects.copied_bytes();
    }
    return apply(state_, trace_, trace_.events[i]);
}

void TraceIndexer::finish() {
    // The lists grew by doubling: give back what they will never use (up to half of them).
    trace_.events.shrink_to_fit();
    trace_.objects.shrink_to_fit();
    trace_.keyframes_.shrink_to_fit();
    trace_.index_callbacks();
}

void Trace::index_callbacks() {
    callback_start_.assign(objects.size() + 2, 0);
    callback_events_.clear();
    for (size_t i = 0; i < events.size(); ++i)
        if (events.kind(i) == EventKind::add_done_callback && events.subject(i) <= objects.size())
            ++callback_start_[events.subject(i) + 1];
    for (size_t id = 1; id < callback_start_.size(); ++id) callback_start_[id] += callback_start_[id - 1];
    callback_events_.resize(callback_start_.back());
    std::vector<std::uint32_t> filled(callback_start_.begin(), callback_start_.end() - 1);
    for (size_t i = 0; i < events.size(); ++i)
        if (events.kind(i) == EventKind::add_done_callback && events.subject(i) <= objects.size())
            callback_events_[filled[events.subject(i)]++] = static_cast<std::uint32_t>(i);
}

std::vector<std::string_view> Trace::callbacks(const State& state, ObjectId future) const {
    std::vector<std::string_view> names;
    if (future + 1 >= callback_start_.size()) return names;
    size_t first = callback_start_[future];
    size_t count = std::min<size_t>(state.objects[future].callbacks, callback_start_[future + 1] - first);
    for (size_t i = 0; i < count; ++i) names.push_back(events[callback_events_[first + i]].text);
    return names;
}

int Trace::format_version() const {
    if (!values.empty()) return 3;
    for (size_t i = 0; i < events.size(); ++i)
        if (EventKind kind = events.kind(i); kind == EventKind::line || kind == EventKind::read || kind == EventKind::write)
            return 3;
    return 2;
}

size_t Trace::memory_bytes() const {
    size_t bytes = sizeof(Trace) + events.memory_bytes() + objects.memory_bytes() + values.memory_bytes() + python.text.size() +
                   (callback_start_.capacity() + callback_events_.capacity()) * sizeof(std::uint32_t);
    for (const auto& file : files) bytes += file.path.capacity() + file.text.capacity();
    std::unordered_set<const void*> counted;
    bytes += keyframes_.capacity() * sizeof(State);
    for (const State& key : keyframes_) {
        bytes += key.copy_bytes();
        key.objects.for_each_block([&](const void* block, size_t size) {
            if (counted.insert(block).second) bytes += size;
        });
    }
    return bytes;
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
