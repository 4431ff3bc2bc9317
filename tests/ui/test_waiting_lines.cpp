// The source panel's light marks: every waiting frame is counted on its line, found from the frames live
// near the position (not by looking at every object), and a line many frames share says how many.
#include <gtest/gtest.h>

#include <map>

#include "ui/waiting_lines.h"
#include "workload.h"

using namespace cotrace;
using namespace cotrace::ui;

namespace {

// The same count, the slow way: every frame object of the trace.
std::map<int, int> waiting_by_brute_force(const Trace& trace, const State& state, int file) {
    std::map<int, int> lines;
    for (const TraceObject& object : trace.objects) {
        if (object.kind != ObjectKind::frame) continue;
        const ObjectState& frame = state.objects[object.id];
        bool is_top = !state.control.empty() && state.control.back() == ControlEntry{ControlEntry::Kind::frame, object.id};
        if ((frame.status == Status::suspended || (frame.status == Status::running && !is_top)) && frame.where.file == file)
            ++lines[frame.where.line];
    }
    return lines;
}

}  // namespace

TEST(WaitingLines, CountEveryWaitingFrameOnItsLineAtManySteps) {
    Trace trace = workload::record(40, 30);
    TraceFacts facts = facts_of(trace);
    int file = -1;
    for (size_t i = 0; i < trace.files.size(); ++i)
        if (trace.files[i].path.ends_with("workload.h")) file = static_cast<int>(i);
    ASSERT_GE(file, 0);
    std::vector<OutlineLine> outline;
    Settings settings;
    Fonts fonts;
    bool saw_a_shared_line = false;
    for (size_t position = 1; position <= trace.size(); position += trace.size() / 97) {
        State state = trace.state_after(position), before = trace.state_after(position - 1);
        View view{trace, state, before, position, nullptr, outline, facts, settings, fonts};
        std::map<int, int> found;
        for (const WaitingLine& line : waiting_lines(view, file)) {
            found[line.line] = line.frames;
            EXPECT_TRUE(line.first == "worker" || line.first == "main_coroutine") << line.first;
            if (line.frames > 1) {
                saw_a_shared_line = true;
                EXPECT_NE(line.label().find("(and " + std::to_string(line.frames - 1) + " more)"), std::string::npos)
                    << line.label();
            }
        }
        EXPECT_EQ(found, waiting_by_brute_force(trace, state, file)) << "at " << position;
    }
    EXPECT_TRUE(saw_a_shared_line);
}
