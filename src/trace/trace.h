// A Trace: everything one run of a program did, self-contained so that it opens anywhere.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event.h"
#include "event_list.h"
#include "state.h"
#include "values.h"

namespace cotrace {

struct SourceFile {
    std::string path;  // relative to the project for walkthroughs, as given for learners' programs
    std::string text;
    // False for a file a Python program ran from outside what a trace embeds (its own folder, asyncio's
    // modules, --embed): named, so that events can point into it, and its text left out.
    bool embedded = true;
    bool operator==(const SourceFile&) const = default;
};

// The Python original of a walkthrough, and which C++ line stands for which Python line.
struct PythonListing {
    std::string path;
    std::string text;
    std::int32_t cpp_file = -1;                         // index into Trace::files
    std::vector<std::pair<int, int>> line_map;          // (C++ line, Python line), sorted
    bool operator==(const PythonListing&) const = default;
};

struct TraceMeta {
    std::string title;
    std::string walkthrough;  // the walkthrough id, empty for a learner's program
    std::string intro;
    std::string clock = "virtual";  // "virtual" or "real"
    std::string recorder = "runtime";  // "runtime": cotrace's C++ runtime; "cpython": CPython's own asyncio
    bool operator==(const TraceMeta&) const = default;
};

inline constexpr const char* trace_format_name = "cotrace-trace";
inline constexpr int trace_format_version = 3;
// Version 1 lacked objects' roles and meta's recorder: loading one fills them in (trace/format_upgrade.cpp).
// Version 3 added `line` events and the `values` section; a trace without them is written as version 2,
// so that a cotrace that reads only version 2 still opens it.
inline constexpr int oldest_trace_format_version = 1;

class Trace {
public:
    TraceMeta meta;
    std::vector<SourceFile> files;
    PythonListing python;
    ObjectList objects;  // objects[id - 1] has that id
    EventList events;
    ValueList values;  // what the program's variables held (a Python trace), change by change

    size_t size() const { return events.size(); }
    bool has_object(ObjectId id) const { return id >= 1 && id <= objects.size(); }
    TraceObject object(ObjectId id) const { return objects.at(id - 1); }
    ObjectKind kind(ObjectId id) const { return objects.kind(id - 1); }
    ObjectRole role(ObjectId id) const { return objects.role(id - 1); }
    // The task whose step or wakeup a handle runs (its role says so), or 0.
    ObjectId task_run_by(ObjectId handle) const {
        ObjectRole r = role(handle);
        return r == ObjectRole::task_step || r == ObjectRole::task_wakeup ? object(handle).owner : 0;
    }

    // Names as the step log prints them (short: a copy costs no allocation, mostly).
    std::string name(ObjectId id) const { return std::string(object(id).name); }
    std::string_view name_view(ObjectId id) const { return object(id).name; }
    // An entry of who holds control as the window names it: "program", "event_loop", "Task-2.step", and a
    // frame by its call where the trace recorded its arguments, "bump('B')" (which bump), else "main".
    std::string label(const ControlEntry& entry) const;
    // The values a frame was made with, "'A', 2", where the trace recorded them as it made the frame (a
    // Python trace; a frame whose first values come later had no arguments); none otherwise.
    std::optional<std::string> arguments(ObjectId frame) const;
    // A frame as the call that made it, where the trace recorded its arguments: "bump('B')"; else its name.
    std::string call(ObjectId frame) const;
    // A frame as a call, always with parentheses: "bump('B')", "main()" (none recorded: empty ones).
    std::string called(ObjectId frame) const { return name(frame) + "(" + arguments(frame).value_or("") + ")"; }

    // Builds the keyframes that make state_after() fast. Returns "" or the first inconsistency,
    // as "event N (kind): problem" (and N in *failed_event). Call after the events are complete
    // (or use a TraceIndexer).
    std::string index(size_t* failed_event = nullptr);
    // "event N (kind): problem": how index() and the loaders name an inconsistent event.
    std::string event_problem_text(size_t i, const std::string& problem) const;
    // The state after the first n events (n = 0: before anything happened).
    State state_after(size_t n) const;
    size_t keyframe_count() const { return keyframes_.size(); }

    // What a state's text ids stand for (ObjectState::result, ::io).
    std::string_view text(InternId id) const { return events.text(id); }
    // A future's done callbacks not yet scheduled in `state` (after index()).
    std::vector<std::string_view> callbacks(const State& state, ObjectId future) const;

    // Bytes in memory: events, objects, source files and keyframes (blocks keyframes share counted once).
    size_t memory_bytes() const;

    // The lowest version that holds this trace (see trace_format_version).
    int format_version() const;

    bool operator==(const Trace& other) const {
        return meta == other.meta && files == other.files && python == other.python &&
               objects == other.objects && events == other.events && values == other.values;
    }

private:
    friend class TraceIndexer;
    void index_callbacks();

    // A keyframe is a State, which shares all it did not change with the keyframes before it. Each costs
    // what changed since the one before. Keyframes are keyframe_most events apart at most, so that a jump
    // replays at most that many events (well under a millisecond), and keyframe_least at least; in between,
    // as close as costs at most keyframe_budget bytes an event. (TraceIndexer::add says how costs count.)
    static constexpr size_t keyframe_least = 1024, keyframe_most = 4096, keyframe_budget = 8, keyframe_budget_most = 32;
    std::vector<State> keyframes_;  // ordered by events_applied
    // The add_done_callback events of each object, grouped by object: those of object id are
    // callback_events_[callback_start_[id] .. callback_start_[id + 1]). A future's pending callbacks
    // are always the first ones it was given (it takes none once done).
    std::vector<std::uint32_t> callback_start_, callback_events_;
};

// index(), one event at a time: a loader checks and applies each event as it arrives (on another
// thread than the parser's), with the objects already complete.
class TraceIndexer {
public:
    explicit TraceIndexer(Trace& trace);
    // Checks and applies trace.events[i], the event just appended. Returns "" or what is wrong with it.
    std::string add(size_t i);
    // After the last event: trims the lists and lists each future's done callbacks.
    void finish();

private:
    Trace& trace_;
    State state_;
    size_t last_ = 0, copied_at_last_ = 0;
};

}  // namespace cotrace
