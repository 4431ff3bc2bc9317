// A Trace: everything one run of a program did, self-contained so that it opens anywhere.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "event.h"
#include "state.h"

namespace cotrace {

struct SourceFile {
    std::string path;  // relative to the project for walkthroughs, as given for learners' programs
    std::string text;
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
    bool operator==(const TraceMeta&) const = default;
};

inline constexpr const char* trace_format_name = "cotrace-trace";
inline constexpr int trace_format_version = 1;

class Trace {
public:
    TraceMeta meta;
    std::vector<SourceFile> files;
    PythonListing python;
    std::vector<TraceObject> objects;  // objects[id - 1] has that id
    std::vector<Event> events;

    size_t size() const { return events.size(); }
    bool has_object(ObjectId id) const { return id >= 1 && id <= objects.size(); }
    const TraceObject& object(ObjectId id) const { return objects.at(id - 1); }

    // Names as the step log prints them.
    const std::string& name(ObjectId id) const { return object(id).name; }
    std::string label(const ControlEntry& entry) const;

    // Builds the keyframes that make state_after() fast. Returns "" or the first inconsistency,
    // as "event N (kind): problem". Call after the events are complete.
    std::string index();
    // The state after the first n events (n = 0: before anything happened).
    State state_after(size_t n) const;

    bool operator==(const Trace& other) const {
        return meta == other.meta && files == other.files && python == other.python &&
               objects == other.objects && events == other.events;
    }

private:
    // A keyframe is a whole State, whose size grows with the number of objects: keyframes are at
    // least keyframe_every events apart, and further apart when the state is big, so that all of
    // them together stay near a few times the size of the events.
    static constexpr size_t keyframe_every = 256;
    std::vector<State> keyframes_;  // ordered by events_applied
};

}  // namespace cotrace
