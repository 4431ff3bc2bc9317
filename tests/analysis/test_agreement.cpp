// The marks and panels agree with the narration at every step, for every walkthrough and every Python
// program the oracle and the tests run: the marked line is the line the narrated event happened at, and
// each object the narration names is shown by the panels in the state the narration describes. What the
// panels show is StepView (the same functions the window's panels call).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/step_view.h"
#include "files.h"
#include "python_programs.h"
#include "test_directory.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using analysis::StepView;
using testing_support::python_programs;
using testing_support::run_command;

namespace {

const std::filesystem::path root = COTRACE_SOURCE_DIR;

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

const StepView::Row* row_named(const StepView& view, const std::string& name) {
    for (const auto& row : view.tasks)
        if (row.name == name || row.name.starts_with(name + " ")) return &row;  // "main_task main(...)", "fut1 (gather)"
    return nullptr;
}

// Events whose place is where the frame holding control stands afterwards (the others end a frame or a
// step, and control is then somewhere else).
bool stays_at_its_line(EventKind kind) {
    switch (kind) {
        case EventKind::yield: case EventKind::yield_through: case EventKind::frame_return: case EventKind::frame_raise:
        case EventKind::step_yield: case EventKind::step_return: case EventKind::step_raise: case EventKind::step_cancelled:
        case EventKind::run_end: case EventKind::loop_stop: case EventKind::program_end:
            return false;
        default: return true;
    }
}

// Checks every step of the trace; `what` names it in failures.
void expect_agreement(const Trace& trace, const std::string& what) {
    for (size_t step = 1; step <= trace.size(); ++step) {
        const Event e = trace.events[step - 1];
        StepView view = analysis::step_view(trace, step);
        SCOPED_TRACE(what + ", step " + std::to_string(step) + ": " + view.narration);
        ASSERT_FALSE(view.narration.empty());

        // The marked line is where the event happened, in the program's own code.
        // (An event inside a plain function the frame called, in another file, leaves the frame at its call.)
        State after = trace.state_after(step);
        if (e.where.valid() && stays_at_its_line(e.kind) && e.kind != EventKind::step_begin && !after.control.empty()) {
            const ControlEntry& top = after.control.back();
            bool own_line = top.kind == ControlEntry::Kind::program ||
                            (top.kind == ControlEntry::Kind::frame && trace.role(top.id) == ObjectRole::none &&
                             trace.object(top.id).where.file == e.where.file);
            if (own_line) {
                ASSERT_TRUE(view.listing.has_value());
                EXPECT_EQ(view.listing->path, trace.files[static_cast<size_t>(e.where.file)].path);
                EXPECT_EQ(view.listing->line, e.where.line);
            }
        }

        // Each object the event names, as the narration describes it.
        std::string subject = e.subject ? trace.name(e.subject) : "";
        switch (e.kind) {
            case EventKind::call_soon: case EventKind::timer_ready:
                EXPECT_TRUE(contains(view.loop.ready, subject)) << subject << " is not on the ready queue";
                break;
            case EventKind::call_later:
                EXPECT_TRUE(std::any_of(view.loop.timers.begin(), view.loop.timers.end(),
                                        [&](const auto& timer) { return timer.second == subject; }))
                    << subject << " is not on the timer heap";
                break;
            case EventKind::run:
                EXPECT_EQ(view.stack.back(), trace.label(trace.state_after(step).control.back()));
                EXPECT_TRUE(view.stack.back() == subject || !e.text.empty()) << view.stack.back();
                break;
            case EventKind::step_begin:
                EXPECT_NE(std::find_if(view.stack.begin(), view.stack.end(),
                                       [&](const std::string& entry) { return entry == subject + ".step" || entry.ends_with(".step"); }),
                          view.stack.end());
                break;
            case EventKind::task_created: case EventKind::future_created:
                EXPECT_NE(row_named(view, subject), nullptr) << subject << " is not in Tasks";
                break;
            case EventKind::set_result: case EventKind::step_return: {
                const StepView::Row* row = row_named(view, subject);
                ASSERT_NE(row, nullptr) << subject;
                EXPECT_EQ(row->state, "done") << subject;
                break;
            }
            case EventKind::set_exception: case EventKind::step_raise: {
                const StepView::Row* row = row_named(view, subject);
                ASSERT_NE(row, nullptr) << subject;
                EXPECT_EQ(row->state, "done (raised)") << subject;
                break;
            }
            case EventKind::step_cancelled: {
                const StepView::Row* row = row_named(view, subject);
                ASSERT_NE(row, nullptr) << subject;
                EXPECT_EQ(row->state, "cancelled") << subject;
                break;
            }
            case EventKind::add_done_callback: {
                const StepView::Row* row = row_named(view, subject);
                ASSERT_NE(row, nullptr) << subject;
                // Pending: the callback waits on it. Done already: call_soon queues it next, as the narration says.
                if (row->state == "pending" || row->state == "running") {
                    EXPECT_TRUE(contains(row->callbacks, std::string(e.text))) << e.text;
                } else {
                    ASSERT_LT(step, trace.size());
                    EXPECT_EQ(trace.events.kind(step), EventKind::call_soon);
                    EXPECT_NE(view.narration.find("next"), std::string::npos);
                }
                break;
            }
            case EventKind::await_: {
                // Awaiting a future made its __await__ frame just before, at the same line: the step before
                // is narrated as the await, and marked there (triple_main step 15 used to mark line 15).
                const Event made = trace.events[step - 2];
                if (made.kind == EventKind::coroutine_created && made.subject == e.other &&
                    trace.role(e.other) == ObjectRole::future_await)
                    EXPECT_EQ(made.where, e.where) << "the __await__ frame was made elsewhere than its await";
                break;
            }
            case EventKind::print:
                ASSERT_FALSE(view.output.empty());
                EXPECT_EQ(view.output.back(), std::string(e.text));
                break;
            default: break;
        }
    }
}

std::vector<std::string> walkthrough_ids() {
    std::vector<std::string> ids;
    for (const auto& walkthrough : walkthroughs()) ids.push_back(walkthrough.id);
    return ids;
}

class EveryWalkthroughAgrees : public ::testing::TestWithParam<std::string> {};

class EveryPythonProgramAgrees : public testing_support::TestWithDirectory,
                                 public ::testing::WithParamInterface<std::string> {
protected:
    EveryPythonProgramAgrees() : TestWithDirectory("cotrace-agreement-") {}
};

}  // namespace

TEST_P(EveryWalkthroughAgrees, AtEveryStep) { expect_agreement(record(*find_walkthrough(GetParam())), GetParam()); }

INSTANTIATE_TEST_SUITE_P(Walkthroughs, EveryWalkthroughAgrees, ::testing::ValuesIn(walkthrough_ids()),
                         [](const auto& info) { return info.param; });

TEST_P(EveryPythonProgramAgrees, AtEveryStep) {
    std::string path = (dir_ / "trace.json").string();
    int exit_code = 0;
    // This one computes until time.monotonic() moves: on the virtual clock it never does (its own comment says so).
    // Its busy loop runs some 250,000 lines in 0.3 s, each a step: its control only is checked here.
    std::string options = GetParam().ends_with("slow_step_real_clock.py") ? " --real-clock --control-only" : "";
    run_command("cd '" + dir_.string() + "' && '" + std::string(COTRACE_BINARY) + "' record" + options + " '" +
                    (root / GetParam()).string() + "' -o '" + path + "' >/dev/null 2>&1",
                &exit_code);
    ASSERT_TRUE(std::filesystem::exists(path)) << GetParam() << " exited " << exit_code;
    expect_agreement(load_trace(path), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Programs, EveryPythonProgramAgrees, ::testing::ValuesIn(python_programs()),
                         [](const auto& info) { return testing_support::test_name_of(info.param); });
