// Races (issue 30): learner-style programs that lose an update or act on a stale check, each in another
// shape (a global, an attribute, a dict item, check-then-act), get their warning naming the data; their
// race-free twins (a Lock held across the await, or no await between the read and the write) get none.
// All of them still give the oracle's step log: recording reads and writes changes nothing CPython does.
#include <gtest/gtest.h>

#include "analysis/folds.h"
#include "analysis/questions.h"
#include "analysis/races.h"
#include "analysis/stepping.h"
#include "analysis/warnings.h"
#include "files.h"
#include "test_directory.h"
#include "trace/trace_json.h"

using namespace cotrace;
using analysis::Warning;
using testing_support::lines_of;
using testing_support::run_command;

namespace {

const std::filesystem::path root = COTRACE_SOURCE_DIR;

class Races : public testing_support::TestWithDirectory {
protected:
    Races() : TestWithDirectory("cotrace-races-") {}

    Trace recorded(const std::string& program) {
        std::string path = (dir_ / "trace.json").string();
        int exit_code = 0;
        run_command("'" + std::string(COTRACE_BINARY) + "' record '" + (root / "tests/analysis/programs" / program).string() +
                        "' -o '" + path + "' 2>/dev/null",
                    &exit_code);
        EXPECT_EQ(exit_code, 0) << program;
        return load_trace(path);
    }

    std::vector<Warning> races_in(const Trace& trace) {
        std::vector<Warning> found;
        for (const Warning& w : analysis::warnings(trace))
            if (w.kind == Warning::Kind::lost_update || w.kind == Warning::Kind::stale_check) found.push_back(w);
        return found;
    }

    void expect_race(const std::string& program, Warning::Kind kind, const std::string& data) {
        Trace trace = recorded(program);
        auto found = races_in(trace);
        ASSERT_EQ(found.size(), 1u) << program;
        EXPECT_EQ(found[0].kind, kind) << found[0].text;
        EXPECT_TRUE(found[0].text.starts_with(data + " ") || found[0].text.find(" " + data + " ") != std::string::npos)
            << found[0].text;
        // It sits at the step of the write that acts on the old read, made by the task it names.
        Event write = trace.events[found[0].step - 1];
        EXPECT_EQ(write.kind, EventKind::write) << found[0].text;
        EXPECT_EQ(trace.kind(found[0].object), ObjectKind::task);
        EXPECT_NE(found[0].text.find(trace.name(found[0].object)), std::string::npos) << found[0].text;
    }
};

}  // namespace

TEST_F(Races, ALostUpdateOfAGlobalSaysWhoReadWroteAndWroteAgain) {
    Trace trace = recorded("lost_update.py");
    auto found = races_in(trace);
    ASSERT_EQ(found.size(), 1u);
    auto race = analysis::races(trace).at(0);
    EXPECT_EQ(race.kind, analysis::Race::Kind::lost_update);
    EXPECT_EQ(race.read.task, race.write.task);
    EXPECT_NE(race.other_write.task, race.write.task);
    EXPECT_LT(race.read.event, race.other_write.event);
    EXPECT_LT(race.other_write.event, race.write.event);
    EXPECT_EQ(found[0].text, "counter was read as 0 at step " + std::to_string(race.read.event + 1) + " by Task-3 bump('B'); Task-2 "
                             "bump('A') wrote 1 at step " + std::to_string(race.other_write.event + 1) + " while it waited; Task-3 bump('B') "
                             "wrote 1 at step " + std::to_string(race.write.event + 1) + " from its old read: one update lost.");
}

TEST_F(Races, ALostUpdateOfAnAttributeNamesItByTheVariableHoldingTheObject) {
    expect_race("lost_update_attribute.py", Warning::Kind::lost_update, "account.balance");
}

TEST_F(Races, ALostUpdateOfADictItem) { expect_race("lost_update_dict.py", Warning::Kind::lost_update, "visits['home']"); }

TEST_F(Races, ActingOnACheckMadeBeforeTheAwaitIsAStaleCheck) {
    expect_race("stale_check.py", Warning::Kind::stale_check, "stock");
}

TEST_F(Races, NoneWhereALockHoldsAcrossTheAwaitOrNoAwaitSeparatesReadFromWrite) {
    for (const char* twin : {"lost_update_locked.py", "lost_update_no_await.py"}) {
        Trace trace = recorded(twin);
        EXPECT_TRUE(races_in(trace).empty()) << twin << ": " << races_in(trace).at(0).text;
        // The reads and writes are there all the same.
        EXPECT_GE(analysis::accesses(trace).size(), 4u) << twin;
    }
}

TEST_F(Races, EveryRaceProgramAndItsTwinsGiveTheOraclesStepLog) {
    for (const char* program : {"lost_update.py", "lost_update_attribute.py", "lost_update_dict.py", "stale_check.py",
                                "lost_update_locked.py", "lost_update_no_await.py"}) {
        std::string path = (root / "tests/analysis/programs" / program).string();
        std::string expected = run_command("cd '" + (root / "tools/oracle").string() + "' && '" + std::string(COTRACE_PYTHON) +
                                           "' asyncio_oracle.py '" + path + "' 2>/dev/null");
        ASSERT_FALSE(expected.empty()) << program;
        std::string log = run_command("'" + std::string(COTRACE_BINARY) + "' log '" + path + "' 2>/dev/null");
        EXPECT_EQ(lines_of(log), lines_of(expected)) << program;
    }
}

TEST_F(Races, TheCommandPrintsThemAtTheirSteps) {
    std::string out = run_command("'" + std::string(COTRACE_BINARY) + "' warnings '" +
                                  (root / "tests/analysis/programs/lost_update_dict.py").string() + "' 2>&1");
    EXPECT_NE(out.find(": lost update: visits['home'] was read as 0"), std::string::npos) << out;
}

// The lines granularity (issue 30): the learner's own lines and its tasks' steps, at most a third of the
// every-event steps, and none inside asyncio.run's setup or teardown (its tasks run asyncio's coroutines).
TEST_F(Races, TheLinesGranularityIsTheLearnersCodeFirst) {
    for (const char* program : {"lost_update.py", "lost_update_locked.py", "stale_check.py"}) {
        Trace trace = recorded(program);
        std::vector<size_t> stops = analysis::line_stops(trace);
        ASSERT_FALSE(stops.empty()) << program;
        EXPECT_LE(stops.size() * 3, trace.size()) << program << ": " << stops.size() << " of " << trace.size();
        // Each stop is a line of the program's or a step of a task whose coroutine is the program's.
        for (size_t stop : stops) {
            Event e = trace.events[stop - 1];
            if (e.kind == EventKind::line) continue;
            ObjectId coroutine = trace.object(e.subject).owner;
            EXPECT_EQ(trace.role(coroutine), ObjectRole::none) << program << " stop " << stop << ": " << trace.name(e.subject);
        }
        // After the main task's last step, asyncio.run tears down: no stop there but the end.
        size_t last_program_step = 0;
        for (size_t i = 0; i < trace.size(); ++i)
            if (trace.events.kind(i) == EventKind::step_return && trace.role(trace.object(trace.events.subject(i)).owner) == ObjectRole::none)
                last_program_step = i + 1;
        EXPECT_EQ(stops.back(), last_program_step) << program;
    }
}

// asyncio.run's setup and teardown (issue 30): each one stop of the lines granularity, whose sentence says
// what its steps did, found from the events (no line of the program's, the loop starting or stopping).
TEST_F(Races, AsyncioRunsSetupAndTeardownFoldIntoOneStepEach) {
    Trace trace = recorded("lost_update.py");
    std::vector<size_t> stops = analysis::line_stops(trace);
    std::vector<analysis::Fold> folds = analysis::folds(trace, stops);
    ASSERT_EQ(folds.size(), 2u);
    const auto& setup = folds[0];
    const auto& teardown = folds[1];
    EXPECT_EQ(setup.text, std::to_string(setup.steps()) + " steps of asyncio's own code: it makes Task-1 main(); it starts the loop.");
    EXPECT_EQ(teardown.last, trace.size());
    EXPECT_EQ(teardown.first, stops.back() + 1);
    EXPECT_NE(teardown.text.find("it makes and runs Task-4 BaseEventLoop.shutdown_asyncgens() and Task-5 "
                                 "BaseEventLoop.shutdown_default_executor()"), std::string::npos) << teardown.text;
    EXPECT_NE(teardown.text.find("the program ends."), std::string::npos) << teardown.text;
    for (const auto& fold : folds) {
        // Between two stops, so none of the program's lines or its tasks' steps is folded away.
        auto after = std::lower_bound(stops.begin(), stops.end(), fold.first);
        EXPECT_TRUE(after == stops.end() || *after > fold.last);
        for (size_t i = fold.first - 1; i < fold.last; ++i) EXPECT_NE(trace.events.kind(i), EventKind::line);
    }
    // With the folds' stops, still at most a third of every-event steps.
    EXPECT_LE((stops.size() + folds.size()) * 3, trace.size());
    // A trace without lines (a C++ walkthrough's) has no folds.
    EXPECT_TRUE(analysis::folds(load_trace((root / "traces/triple_main.json").string()), {}).empty());
}

// Where it teaches: the narration as the stale task resumes, and Predict before the write.
TEST_F(Races, TheResumingTaskIsToldWhatChangedWhileItWaited) {
    Trace trace = recorded("lost_update.py");
    auto race = analysis::races(trace).at(0);
    // The resume of the stale bump, between the other's write and its own.
    size_t resumed = 0;
    for (size_t i = race.other_write.event; i < race.write.event && !resumed; ++i)
        if (trace.events.kind(i) == EventKind::frame_resume && trace.role(trace.events.subject(i)) == ObjectRole::none) resumed = i + 1;
    ASSERT_NE(resumed, 0u);
    EXPECT_EQ(analysis::resume_note(trace, trace.state_after(resumed), resumed),
              "It read counter as 0 before it waited, but counter is now 1.");
    Trace locked = recorded("lost_update_locked.py");
    for (size_t step = 1; step <= locked.size(); ++step)
        EXPECT_EQ(analysis::resume_note(locked, locked.state_after(step), step), "") << step;
}

TEST_F(Races, PredictAsksWhatAGlobalHoldsOnceWrittenWithValuesItReallyHeld) {
    Trace trace = recorded("lost_update.py");
    auto race = analysis::races(trace).at(0);
    auto question = analysis::question_at(trace, trace.state_after(race.write.event), race.write.event);
    ASSERT_TRUE(question.has_value());
    EXPECT_EQ(question->kind, analysis::Question::Kind::value_now);
    EXPECT_EQ(question->options[question->answer], "1");
    EXPECT_NE(std::find(question->options.begin(), question->options.end(), "0"), question->options.end());
    // The prompt does not give the answer away, and every option is a value counter held before.
    EXPECT_EQ(question->prompt.find(" 1"), std::string::npos) << question->prompt;
    std::vector<std::string> held;
    for (const auto& a : analysis::accesses(trace))
        if (a.target == "counter" && a.event < race.write.event) held.push_back(a.value);
    for (size_t i = 0; i < question->options.size(); ++i) {
        if (i != question->answer) {
            EXPECT_NE(std::find(held.begin(), held.end(), question->options[i]), held.end()) << question->options[i];
        }
    }
}
