// Warnings at the step: each one triggered by a small Python program of its own (tests/analysis/programs),
// and absent from the walkthroughs that should not have it.
#include <gtest/gtest.h>

#include "analysis/warnings.h"
#include "files.h"
#include "test_directory.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using analysis::Warning;
using testing_support::run_command;

namespace {

const std::filesystem::path root = COTRACE_SOURCE_DIR;

class Warnings : public testing_support::TestWithDirectory {
protected:
    Warnings() : TestWithDirectory("cotrace-warnings-") {}

    // The program recorded by the command, as a learner records it.
    Trace recorded(const std::string& program, const std::string& options = "") {
        std::string path = (dir_ / "trace.json").string();
        int exit_code = 0;
        run_command("'" + std::string(COTRACE_BINARY) + "' record " + options + " '" + (root / "tests/analysis/programs" / program).string() +
                        "' -o '" + path + "' 2>/dev/null",
                    &exit_code);
        EXPECT_EQ(exit_code, 0) << program;
        return load_trace(path);
    }

    void expect_only(const std::string& program, Warning::Kind kind, const std::string& object, const std::string& phrase) {
        Trace trace = recorded(program);
        auto found = analysis::warnings(trace);
        ASSERT_EQ(found.size(), 1u) << program << (found.empty() ? "" : ": first " + found[0].text);
        EXPECT_EQ(found[0].kind, kind) << found[0].text;
        EXPECT_NE(found[0].text.find(phrase), std::string::npos) << found[0].text;
        if (!object.empty()) {
            EXPECT_EQ(trace.name(found[0].object), object);
        }
        ASSERT_GE(found[0].step, 1u);
        ASSERT_LE(found[0].step, trace.size());
    }
};

}  // namespace

TEST_F(Warnings, ACoroutineNeverAwaited) {
    expect_only("never_awaited.py", Warning::Kind::never_awaited, "save", "never awaited");
    // It points at the call whose coroutine was dropped (line 8), not the one awaited (line 9).
    Trace trace = recorded("never_awaited.py");
    auto found = analysis::warnings(trace);
    EXPECT_EQ(trace.events[found[0].step - 1].kind, EventKind::coroutine_created);
    EXPECT_EQ(trace.events[found[0].step - 1].where.line, 8);
}

TEST_F(Warnings, AStepThatBlocksTheLoop) {
    expect_only("blocks_the_loop.py", Warning::Kind::blocks_the_loop, "", "1 timer comes due meanwhile and runs up to 1.5 s late");
}

// On the real clock no time.sleep is needed: a step that computes for 0.3 s is over asyncio's 0.1 s.
TEST_F(Warnings, OnTheRealClockAStepLongerThanAsyncioAllows) {
    Trace trace = recorded("slow_step_real_clock.py", "--real-clock");
    EXPECT_EQ(trace.meta.clock, "real");
    auto found = analysis::warnings(trace);
    ASSERT_EQ(found.size(), 1u) << (found.empty() ? "" : found[0].text);
    EXPECT_EQ(found[0].kind, Warning::Kind::blocks_the_loop);
    EXPECT_NE(found[0].text.find("slow_callback_duration"), std::string::npos) << found[0].text;
    EXPECT_EQ(trace.events[found[0].step - 1].kind, EventKind::run);
}

TEST_F(Warnings, ATaskWhoseExceptionIsNeverRetrieved) {
    expect_only("exception_never_retrieved.py", Warning::Kind::exception_not_retrieved, "Task-2", "ValueError('no such page')");
}

TEST_F(Warnings, ATaskStillPendingWhenTheLoopStops) {
    expect_only("pending_at_close.py", Warning::Kind::pending_at_close, "slow_task", "still pending");
}

TEST_F(Warnings, AResultSetTwice) {
    expect_only("result_set_twice.py", Warning::Kind::invalid_state, "producer", "InvalidStateError");
}

TEST(WarningsOnWalkthroughs, OnlyTheBlockingLessonsWarnAndOnlyOfBlocking) {
    for (const auto& walkthrough : walkthroughs()) {
        auto found = analysis::warnings(record(walkthrough));
        bool blocking_lesson = walkthrough.id == "homemade_sleep" || walkthrough.id == "network_io";
        if (!blocking_lesson) {
            EXPECT_TRUE(found.empty()) << walkthrough.id << ": " << (found.empty() ? "" : found[0].text);
        } else {
            EXPECT_FALSE(found.empty()) << walkthrough.id;
        }
        for (const auto& warning : found) EXPECT_EQ(warning.kind, Warning::Kind::blocks_the_loop) << walkthrough.id;
    }
}

TEST(WarningsOnWalkthroughs, TheSameBlockingLineWarnsOnceWithACount) {
    auto found = analysis::warnings(record(*find_walkthrough("homemade_sleep")));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].text.find("3 times"), std::string::npos) << found[0].text;
}
