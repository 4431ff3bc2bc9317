// The timeline's model: one lane per task plus one for the event loop, each with the spans when it ran
// and when it waited (and on what), and the arrows that say what woke which task (from wakes.h). Built
// once per trace; a pure function of it, which the window draws.
#pragma once

#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct TimelineSpan {
    size_t begin, end;  // event indices, inclusive
    enum class Kind : std::uint8_t { running, waiting, polling } kind;
    ObjectId on = 0;    // waiting: the future it waits on (0: a bare yield, the ready queue)
};

struct TimelineLane {
    std::string name;      // "event loop", or the task's name
    ObjectId task = 0;     // 0 for the event loop's lane
    std::vector<TimelineSpan> spans;  // in order, not overlapping
};

// "What woke whom": the event in `from_lane` that caused the wake-up (a set_result, whether an I/O
// completion or a timer's callback called it) and the event where `to_lane`'s wake-up ran.
struct TimelineArrow {
    size_t from_lane, from_event;
    size_t to_lane, to_event;
};

struct TimelineModel {
    std::vector<TimelineLane> lanes;  // lanes[0] is the event loop
    std::vector<TimelineArrow> arrows;
};

TimelineModel build_timeline(const Trace& trace);

}  // namespace cotrace::analysis
