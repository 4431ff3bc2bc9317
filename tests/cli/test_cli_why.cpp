// `cotrace why` and `cotrace warnings`: the same chains and warnings as the window, one per line.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace fs = std::filesystem;

namespace {
using testing_support::Cli;
const fs::path root = COTRACE_SOURCE_DIR;
}  // namespace

TEST_F(Cli, WhyPrintsTheChainOneLinkPerLineWithStepNumbers) {
    auto result = run("why triple_main --step 38");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out,
              "Why is main_task main(...) running at step 38?\n"
              "  step 37  The loop popped main_task.wakeup off the ready queue and ran it.\n"
              "  step 32  call_soon put main_task.wakeup on the ready queue: it is a done callback of triple_task.\n"
              "  step 31  triple_task.set_result(15): the task's coroutine has finished, so its step completes the task, "
              "and the task's done callbacks go on the ready queue.\n"
              "  step 30  triple returned 15 (StopIteration(15)).\n"
              "  step 26  The loop popped triple_task.step off the ready queue and ran it.\n"
              "  step 14  call_soon put triple_task.step on the ready queue: creating a Task schedules its first step.\n"
              "  step 13  main (line 15) created the Task triple_task to drive triple.\n"
              "  step  8  The loop popped main_task.step off the ready queue and ran it.\n"
              "  step  4  call_soon put main_task.step on the ready queue: creating a Task schedules its first step.\n"
              "  step  3  the program's top-level code (line 22) created the Task main_task to drive main.\n");
}

TEST_F(Cli, WhyAboutAWaitingTaskRunsForward) {
    auto result = run("why io_gather --step 76 --object posts");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    auto lines = testing_support::lines_of(result.out);
    ASSERT_EQ(lines.size(), 5u) << result.out;
    EXPECT_EQ(lines[0], "Why is posts fetch_data(...) waiting at step 76?");
    EXPECT_EQ(lines[1].substr(0, 15), "  step  75  pos");
    EXPECT_NE(lines[2].find("step 101  a timer due at t=1"), std::string::npos);
}

TEST_F(Cli, WhyWorksOnASavedTraceAndOnAPythonProgram) {
    auto saved = run("why '" + (root / "traces/triple_main.json").string() + "' --step 38");
    EXPECT_EQ(saved.exit_code, 0);
    EXPECT_EQ(saved.out, run("why triple_main --step 38").out);
    auto python = run("why '" + (root / "tools/oracle/programs/triple_main.py").string() + "' --step 20 --object triple_task");
    EXPECT_EQ(python.exit_code, 0) << python.err;
    EXPECT_NE(python.out.find("Why is triple_task"), std::string::npos) << python.out;
}

TEST_F(Cli, WhyRefusesAStepPastTheEndAndAnUnknownName) {
    auto past = run("why triple_main --step 5000");
    EXPECT_EQ(past.exit_code, 1);
    EXPECT_EQ(past.err, "cotrace: error: triple_main: --step 5000 is past the end: the trace has 49 steps\n");
    auto unknown = run("why triple_main --step 10 --object quadruple_task");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("--object quadruple_task: no task, future or coroutine of that name"), std::string::npos);
    auto handle = run("why triple_main --step 10 --object main_task.step");
    EXPECT_EQ(handle.exit_code, 1);
    EXPECT_EQ(run("why triple_main").exit_code, 2);  // --step is required
}

TEST_F(Cli, WarningsPrintsOnePerLineWithItsStep) {
    auto clean = run("warnings triple_main");
    EXPECT_EQ(clean.exit_code, 0);
    EXPECT_EQ(clean.out, "");
    auto blocking = run("warnings homemade_sleep");
    EXPECT_EQ(blocking.exit_code, 0);
    EXPECT_EQ(blocking.out.substr(0, 29), "step 42: blocks the loop: A b");
    auto program = run("warnings '" + (root / "tests/analysis/programs/pending_at_close.py").string() + "'");
    EXPECT_EQ(program.exit_code, 0) << program.err;
    EXPECT_NE(program.out.find("pending when the loop stops: The loop stops while slow_task is still pending"), std::string::npos);
}
