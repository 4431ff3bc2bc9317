// Stepping by meaning, exact in both directions: walking forward from the start visits every place of
// that meaning in order, walking back from the end visits the same places in reverse.
#include <gtest/gtest.h>

#include "analysis/stepping.h"
#include "analysis/suspensions.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using analysis::Meaning;

namespace {

std::vector<size_t> walk(const Trace& trace, const analysis::Landmarks& marks, Meaning meaning, bool forward, ObjectId task = 0) {
    std::vector<size_t> visited;
    size_t position = forward ? 0 : trace.size();
    while (auto next = forward ? analysis::next_of(trace, marks, meaning, position, task)
                               : analysis::previous_of(trace, marks, meaning, position, task)) {
        EXPECT_TRUE(forward ? *next > position : *next < position);
        position = *next;
        visited.push_back(position);
    }
    if (!forward) std::reverse(visited.begin(), visited.end());
    return visited;
}

// The positions just after each event that matches.
std::vector<size_t> after_each(const Trace& trace, const std::function<bool(const Event&)>& wanted) {
    std::vector<size_t> positions;
    for (size_t i = 0; i < trace.size(); ++i)
        if (wanted(trace.events[i])) positions.push_back(i + 1);
    return positions;
}

class Stepping : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(Stepping, EachMeaningIsExactForwardsAndBack) {
    Trace trace = record(*find_walkthrough(GetParam()));
    analysis::Landmarks marks = analysis::landmarks_of(trace);
    auto rounds = after_each(trace, [](const Event& e) { return e.kind == EventKind::loop_iteration; });
    auto prints = after_each(trace, [](const Event& e) { return e.kind == EventKind::print; });
    auto steps = after_each(trace, [](const Event& e) { return e.kind == EventKind::step_begin; });
    std::vector<size_t> transfers;
    for (const auto& line : outline_lines(trace)) transfers.push_back(line.event + 1);
    for (bool forward : {true, false}) {
        EXPECT_EQ(walk(trace, marks, Meaning::loop_round, forward), rounds);
        EXPECT_EQ(walk(trace, marks, Meaning::print, forward), prints);
        EXPECT_EQ(walk(trace, marks, Meaning::task_step, forward), steps);
        EXPECT_EQ(walk(trace, marks, Meaning::control_transfer, forward), transfers);
    }
    // One task's steps only.
    for (ObjectId id = 1; id <= trace.objects.size(); ++id) {
        if (trace.kind(id) != ObjectKind::task) continue;
        auto own = after_each(trace, [&](const Event& e) { return e.kind == EventKind::step_begin && e.subject == id; });
        EXPECT_EQ(walk(trace, marks, Meaning::task_step, true, id), own) << trace.name(id);
        EXPECT_EQ(walk(trace, marks, Meaning::task_step, false, id), own) << trace.name(id);
    }
}

INSTANTIATE_TEST_SUITE_P(Walkthroughs, Stepping, ::testing::Values("triple_main", "io_gather", "cancel_throw", "rock"));

TEST(Stepping, FromTheMiddleTheNeighboursAreTheNearestOnEachSide) {
    Trace trace = record(*find_walkthrough("io_gather"));
    analysis::Landmarks marks = analysis::landmarks_of(trace);
    // The third print, and the rounds on either side of it.
    size_t third = marks.prints.at(2);
    EXPECT_EQ(analysis::next_of(trace, marks, Meaning::print, third), marks.prints.at(3));
    EXPECT_EQ(analysis::previous_of(trace, marks, Meaning::print, third), marks.prints.at(1));
    auto round_after = analysis::next_of(trace, marks, Meaning::loop_round, third);
    auto round_before = analysis::previous_of(trace, marks, Meaning::loop_round, third);
    ASSERT_TRUE(round_after && round_before);
    EXPECT_LT(*round_before, third);
    EXPECT_GT(*round_after, third);
    for (size_t round : marks.rounds) EXPECT_FALSE(round > *round_before && round < *round_after);
}

TEST(Stepping, RunUntilAFutureIsDone) {
    Trace trace = record(*find_walkthrough("triple_main"));
    ObjectId triple_task = *analysis::find_object(trace, "triple_task");
    // triple_task.set_result(15) is step 31.
    EXPECT_EQ(analysis::until_done(trace, triple_task, 0), 31u);
    EXPECT_EQ(analysis::until_done(trace, triple_task, 30), 31u);
    EXPECT_FALSE(analysis::until_done(trace, triple_task, 31));
    EXPECT_EQ(analysis::completion_of(trace, triple_task), 30u);
}

TEST(Stepping, TheTaskInControlIsFoundThroughItsStepOrItsWakeup) {
    Trace trace = record(*find_walkthrough("triple_main"));
    EXPECT_EQ(trace.name(analysis::task_in_control(trace, trace.state_after(8))), "main_task");      // main_task.step runs
    EXPECT_EQ(trace.name(analysis::task_in_control(trace, trace.state_after(17))), "main_task");     // inside its await
    EXPECT_EQ(trace.name(analysis::task_in_control(trace, trace.state_after(37))), "main_task");     // main_task.wakeup
    EXPECT_EQ(analysis::task_in_control(trace, trace.state_after(24)), 0u);                          // the loop
}

// The seed's "awaiting a coroutine does not cede control", counted beside each await.
TEST(SuspensionLedger, AwaitingACoroutineRunsThroughAndAwaitingATaskSuspends) {
    Trace trace = record(*find_walkthrough("coro_vs_task"));
    analysis::SuspensionLedger ledger(trace);
    int file = trace.python.cpp_file;
    std::vector<std::int32_t> lines = ledger.lines(file);
    ASSERT_FALSE(lines.empty());
    auto line_with = [&](const std::string& text) {
        std::string_view rest = trace.files[static_cast<size_t>(file)].text;
        for (int line = 1; !rest.empty(); ++line) {
            size_t end = rest.find('\n');
            if (rest.substr(0, end).find(text) != std::string_view::npos) return line;
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
        return 0;
    };
    int inline_await = line_with("co_await coro_a();"), task_await = line_with("co_await Task::create(coro_a()");
    ASSERT_NE(inline_await, 0);
    ASSERT_NE(task_await, 0);
    // Three times each: coro_a() inline, then three Tasks of it.
    analysis::AwaitCount at_end = ledger.at(file, inline_await, trace.size());
    EXPECT_EQ(at_end.through, 3u);
    EXPECT_EQ(at_end.suspended, 0u);
    at_end = ledger.at(file, task_await, trace.size());
    EXPECT_EQ(at_end.suspended, 3u);
    EXPECT_EQ(at_end.through, 0u);
    // Counted as the awaits finish: nothing yet at the start.
    EXPECT_EQ(ledger.at(file, task_await, 0).suspended, 0u);
}

// The margin says how often an await suspended of how often it ran, in words a learner reads.
TEST(Suspensions, TheLedgerSaysHowManyOfHowManyTimes) {
    EXPECT_EQ(analysis::ledger_text({2, 1}), "suspended 2 of 3 times");
    EXPECT_EQ(analysis::ledger_text({1, 0}), "suspended 1 of 1 time");
    EXPECT_EQ(analysis::ledger_text({0, 4}), "straight through 4 of 4 times");
}

// Before: a handle's task was found by splitting its name at the dot, so a handle that did not spell its
// task's name ran no one's step.
TEST(Stepping, TheTaskInControlComesFromTheHandlesOwnerNotItsName) {
    Trace trace = from_json(R"({"format": "cotrace-trace", "version": 2,
      "meta": {"title": "t", "clock": "virtual", "recorder": "runtime"}, "files": [],
      "objects": [{"id": 1, "kind": "frame", "name": "main"}, {"id": 2, "kind": "task", "name": "worker", "owner": 1},
                  {"id": 3, "kind": "handle", "name": "Task-1.step", "owner": 2, "role": "step"}],
      "events": [{"kind": "program_start", "time": 0}, {"kind": "loop_start", "time": 0},
                 {"kind": "task_created", "subject": 2, "other": 1, "time": 0},
                 {"kind": "call_soon", "subject": 3, "time": 0}, {"kind": "run", "subject": 3, "time": 0},
                 {"kind": "step_begin", "subject": 2, "time": 0}]})", "t.json");
    State running = trace.state_after(5);
    EXPECT_EQ(analysis::task_in_control(trace, running), 2u);
    EXPECT_EQ(trace.label(trace.state_after(6).control.back()), "Task-1.step");  // the step ran as the handle
}
