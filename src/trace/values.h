// What the program's variables held: every change of every variable the recorder watched, in order.
// A Python trace has them (the program's globals, and the locals of each of its own coroutines,
// generators and async generators); the C++ runtime records none. docs/trace-format.md, "values".
//
// Changes, not snapshots: a variable's value is recorded when it is bound or its repr changes, and the
// value at a step is the last change at or before it. Each variable keeps the list of its own changes,
// so finding a frame's variables at any step is one binary search per variable (a frame has a handful),
// however long the trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event.h"
#include "interning.h"

namespace cotrace {

struct ValueChange {
    std::uint32_t event = 0;  // the index of the event it happened at: it holds from step event + 1 on
    ObjectId frame = 0;       // the frame whose local it is; 0: a global of the program's module
    std::string_view name;
    std::string_view text;    // the value's repr, bounded; "" with `unbound`: the name was deleted
    bool unbound = false;
    // The mutable object the value is (a list, dict, set or instance): equal numbers are the same object.
    // 0 for a value that cannot change in place (a number, a string, a tuple of them).
    std::uint32_t shared = 0;
    ObjectId object = 0;      // the trace's task or future the value is, or 0
    bool operator==(const ValueChange&) const = default;
};

// One variable as it is at a step.
struct Variable {
    std::string_view name;
    std::string_view text;
    std::uint32_t shared = 0;
    ObjectId object = 0;
    std::uint32_t since = 0;     // the event its value was set at
    bool changed = false;        // set at the step asked about (the event just before it)
    bool was_bound = false;      // when changed: whether it had a value before, and which
    std::string_view before;
};

class ValueList {
public:
    size_t size() const { return changes_.size(); }
    bool empty() const { return changes_.empty(); }
    ValueChange operator[](size_t i) const;

    // Changes come in the order of their events (equal events: in the order they were added). `call`: the
    // frame is a plain function's call (role `call`).
    void push_back(const ValueChange& change, bool call = false);
    // The variables of `frame` (0: the globals) in the state after the first `step` events, in the order
    // they were first bound, without the unbound ones.
    std::vector<Variable> at(ObjectId frame, size_t step) const;
    // The event of a frame's first change, if it has any.
    std::optional<std::uint32_t> first_event(ObjectId frame) const;
    // The values a frame holds just after event `event`, as "'A', 2", at most `longest` letters (what
    // Trace::arguments shows, where `event` made the frame).
    std::string listed(ObjectId frame, std::uint32_t event, size_t longest = 40) const;
    // The frames that have variables (0 first, if the globals have any), in the order of their first change.
    const std::vector<ObjectId>& frames() const { return frames_; }
    // The plain functions' calls that have variables (frames with role `call`), kept apart from frames():
    // a program may make millions, and those that wait are looked for among the others.
    const std::vector<ObjectId>& calls() const { return calls_; }
    size_t memory_bytes() const;

    bool operator==(const ValueList& that) const;

private:
    struct Packed {
        std::uint32_t event;
        ObjectId frame;
        InternId name, text;  // text 0 with unbound
        std::uint32_t shared;
        ObjectId object;
        bool unbound;
    };
    std::vector<Packed> changes_;
    StringPool texts_;
    // The changes of each variable, by frame, then by name, in the order the names were first bound.
    struct Slot {
        InternId name;
        std::vector<std::uint32_t> changes;  // indices into changes_
    };
    std::unordered_map<ObjectId, std::vector<Slot>> slots_;
    std::unordered_map<std::uint64_t, std::uint32_t> slot_of_;  // (frame << 32 | name) -> index in slots_[frame]
    std::vector<ObjectId> frames_, calls_;
};

}  // namespace cotrace
