// The lines of a source file where frames wait (suspended at a yield, or awaiting a frame that runs):
// the light marks of the source panel. A thousand tasks waiting on one line make one mark, counted.
#pragma once

#include <string>
#include <vector>

#include "view.h"

namespace cotrace::ui {

struct WaitingLine {
    int line = 0;
    int frames = 0;         // how many frames wait there
    std::string first;      // the first of them (in the order they were made)
    bool suspended = true;  // the first is suspended at a yield (else it awaits a frame that runs)
    std::string label() const;  // "worker suspended (and 808 more)"
};

// Only the frames live near the position are looked at (TraceFacts), never every object of the trace.
std::vector<WaitingLine> waiting_lines(const View& view, int file);

}  // namespace cotrace::ui
