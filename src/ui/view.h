// What every panel reads for one frame: the trace and the state at the learner's position.
#pragma once

#include <vector>

#include "settings.h"
#include "theme.h"
#include "trace/trace.h"
#include "trace/views.h"

namespace cotrace::ui {

// Everything the panels read for one frame.
struct View {
    const Trace& trace;
    const State& state;   // after `position` events
    const State& before;  // after position - 1 (the state the current event acted on)
    size_t position;
    const Event* event;   // the event that led here, or null at position 0
    const std::vector<OutlineLine>& outline;
    const std::vector<size_t>& print_events;  // indices of print events
    const Settings& settings;
    const Fonts& fonts;
    bool has_loop;  // false: the program drives its coroutines by hand
    bool has_io;    // the program does real I/O: the loop panel shows what is in flight
};

}  // namespace cotrace::ui
