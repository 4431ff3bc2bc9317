#include "waiting_lines.h"

#include "analysis/describe.h"

#include <map>

namespace cotrace::ui {

std::string WaitingLine::label() const {
    std::string text = first + (suspended ? " suspended" : " awaits");
    if (frames > 1) text += " (and " + std::to_string(frames - 1) + " more)";
    return text;
}

std::vector<WaitingLine> waiting_lines(const View& view, int file) {
    std::map<int, WaitingLine> by_line;
    for (ObjectId id : view.facts.frames_live_near(view.position)) {
        const ObjectState& frame = view.state.objects[id];
        if (!analysis::frame_waits(view.state, id) || frame.where.file != file) continue;
        WaitingLine& line = by_line[frame.where.line];
        if (line.frames++ == 0) {
            line.line = frame.where.line;
            line.first = view.trace.call(id);  // "bump('B')": which bump waits
            line.suspended = frame.status == Status::suspended;
        }
    }
    std::vector<WaitingLine> lines;
    for (auto& [number, line] : by_line) lines.push_back(std::move(line));
    return lines;
}

}  // namespace cotrace::ui
