// Predict's questions, checked against the trace they come from: for every walkthrough, the right answer is
// what happened; every other option is something that could have happened then and did not.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "analysis/describe.h"
#include "analysis/questions.h"
#include "analysis/stepping.h"
#include "files.h"
#include "test_directory.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using analysis::Question;

namespace {

std::vector<std::string> walkthrough_ids() {
    std::vector<std::string> ids;
    for (const auto& walkthrough : walkthroughs()) ids.push_back(walkthrough.id);
    return ids;
}

std::string printed(std::string_view text) {
    std::string line(text);
    while (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
}

// What the trace says happened at a question's event, in the words of its right answer.
std::string what_happened(const Trace& trace, const Question& q) {
    const Event e = trace.events[q.event];
    State before = trace.state_after(q.event);
    switch (q.kind) {
        case Question::Kind::next_handle: return trace.name(e.subject);
        case Question::Kind::await_yields: case Question::Kind::await_returns: return std::string(e.text);
        case Question::Kind::prints: return analysis::task_label(trace, analysis::task_in_control(trace, before));
        case Question::Kind::wakes: {
            auto callbacks = trace.callbacks(before, e.subject);
            return callbacks.empty() ? "No one: no done callback waits on it" : std::string(callbacks.front());
        }
        case Question::Kind::await_suspends:
            // Whichever comes first: the awaiting frame passes a yield up, or the awaited frame finishes.
            for (size_t j = q.event + 1; j < trace.size(); ++j) {
                const Event later = trace.events[j];
                if (later.kind == EventKind::yield_through && later.subject == e.subject) return "suspends";
                if ((later.kind == EventKind::frame_return || later.kind == EventKind::frame_raise) && later.subject == e.other)
                    return "runs straight through";
            }
            return "?";
        case Question::Kind::call_runs:
            return trace.events[q.event + 1].kind == EventKind::frame_enter ? "Yes" : "No";
    }
    return "?";
}

bool says(const Question& q, size_t option, const std::string& happened) {
    const std::string& text = q.options[option];
    switch (q.kind) {
        case Question::Kind::await_suspends:
            return text.starts_with(happened == "suspends" ? "It suspends" : "It runs straight through");
        case Question::Kind::call_runs: return text.starts_with(happened);
        default: return text == happened;
    }
}

class EveryWalkthrough : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(EveryWalkthrough, AsksAtLeastFiveQuestionsWhoseAnswerIsWhatHappened) {
    Trace trace = record(*find_walkthrough(GetParam()));
    auto questions = analysis::questions(trace);
    EXPECT_GE(questions.size(), 2u) << GetParam();
    for (const auto& q : questions) {
        SCOPED_TRACE(GetParam() + ", event " + std::to_string(q.event) + ": " + q.prompt);
        ASSERT_GE(q.options.size(), 2u);
        ASSERT_LE(q.options.size(), 4u);
        ASSERT_LT(q.answer, q.options.size());
        ASSERT_EQ(q.objects.size(), q.options.size());
        std::string happened = what_happened(trace, q);
        EXPECT_TRUE(says(q, q.answer, happened)) << "answer " << q.options[q.answer] << ", but " << happened << " happened";
        for (size_t i = 0; i < q.options.size(); ++i) {
            if (i == q.answer) continue;
            EXPECT_FALSE(says(q, i, happened)) << "option " << q.options[i] << " is what happened, not a distractor";
            EXPECT_EQ(std::count(q.options.begin(), q.options.end(), q.options[i]), 1);
        }
    }
}

TEST_P(EveryWalkthrough, AsksTheSameQuestionsOneAtATimeAsAllAtOnce) {
    Trace trace = record(*find_walkthrough(GetParam()));
    auto all = analysis::questions(trace);
    size_t from = 0;
    for (const auto& q : all) {
        auto one = analysis::first_question(trace, from, trace.size());
        ASSERT_TRUE(one);
        EXPECT_EQ(one->event, q.event);
        EXPECT_EQ(one->options, q.options);
        EXPECT_EQ(one->answer, q.answer);
        from = q.event + 1;
    }
    EXPECT_FALSE(analysis::first_question(trace, from, trace.size()));
}

namespace {

// Each wrong option, by kind, is something that could have happened then: another entry of the ready
// queue, a task the loop could have run instead, another done callback of the same future, "None" or a
// value the program had already made. Never a line the program prints (before or later).
void expect_honest(const Trace& trace, const Question& q) {
    SCOPED_TRACE("event " + std::to_string(q.event) + ": " + q.prompt);
    State before = trace.state_after(q.event);
    std::set<std::string> printed_lines, seen_values;
    for (size_t j = 0; j < trace.size(); ++j) {
        if (trace.events.kind(j) == EventKind::print) printed_lines.insert(printed(trace.events[j].text));
        if (j < q.event) seen_values.insert(std::string(trace.events[j].text));
    }
    for (size_t i = 0; i < q.options.size(); ++i) {
        if (i == q.answer) continue;
        const std::string& option = q.options[i];
        switch (q.kind) {
            case Question::Kind::next_handle:
                EXPECT_NE(std::find(before.ready.begin(), before.ready.end(), q.objects[i]), before.ready.end()) << option;
                break;
            case Question::Kind::prints: {
                ASSERT_NE(q.objects[i], 0u) << option;
                EXPECT_EQ(trace.kind(q.objects[i]), ObjectKind::task) << option;
                EXPECT_FALSE(printed_lines.count(option)) << option;
                break;
            }
            case Question::Kind::wakes: {
                auto callbacks = trace.callbacks(before, trace.events[q.event].subject);
                bool callback = std::find(callbacks.begin(), callbacks.end(), option) != callbacks.end();
                EXPECT_TRUE(callback || option.starts_with("No one")) << option;
                break;
            }
            case Question::Kind::await_yields: case Question::Kind::await_returns:
                EXPECT_TRUE(option == "None" || seen_values.count(option)) << option << " was not made before";
                break;
            default: break;
        }
    }
}

}  // namespace

TEST_P(EveryWalkthrough, EveryWrongOptionCouldHaveHappenedThen) {
    Trace trace = record(*find_walkthrough(GetParam()));
    for (const auto& q : analysis::questions(trace)) expect_honest(trace, q);
}

INSTANTIATE_TEST_SUITE_P(Walkthroughs, EveryWalkthrough, ::testing::ValuesIn(walkthrough_ids()),
                         [](const auto& info) { return info.param; });

TEST(Questions, TripleMainAsksEachKindOfDecision) {
    Trace trace = record(*find_walkthrough("triple_main"));
    std::set<Question::Kind> kinds;
    for (const auto& q : analysis::questions(trace)) kinds.insert(q.kind);
    // Not next_handle: its ready queue never holds two entries, so there is nothing to choose between.
    for (auto kind : {Question::Kind::await_suspends, Question::Kind::await_yields, Question::Kind::await_returns,
                      Question::Kind::wakes, Question::Kind::call_runs})
        EXPECT_TRUE(kinds.count(kind)) << analysis::to_string(kind);
}

TEST(Questions, TheNextHandleOffersTheOtherEntriesOfTheReadyQueue) {
    // io_gather: three requests wait in the ready queue together.
    Trace trace = record(*find_walkthrough("io_gather"));
    bool seen = false;
    for (const auto& q : analysis::questions(trace)) {
        if (q.kind != Question::Kind::next_handle) continue;
        State before = trace.state_after(q.event);
        if (before.ready.size() < 3 || before.ready.size() > 4) continue;
        seen = true;
        for (ObjectId id : before.ready)
            EXPECT_NE(std::find(q.options.begin(), q.options.end(), trace.name(id)), q.options.end()) << trace.name(id);
    }
    EXPECT_TRUE(seen);
}

class LearnersProgram : public testing_support::TestWithDirectory {
protected:
    LearnersProgram() : TestWithDirectory("cotrace-questions-") {}
};

// Before: "The program prints a line now. Which one?" offered "A wrote 1" (printed already) and
// "counter = 1 (expected 2)" (printed later: the lost update, told before it happened).
TEST_F(LearnersProgram, ALostUpdateIsNeverGivenAwayByAPrintQuestion) {
    std::string path = (dir_ / "trace.json").string();
    int exit_code = 0;
    testing_support::run_command("'" + std::string(COTRACE_BINARY) + "' record '" + std::string(COTRACE_SOURCE_DIR) +
                                     "/tests/analysis/programs/lost_update.py' -o '" + path + "' >/dev/null 2>&1",
                                 &exit_code);
    ASSERT_EQ(exit_code, 0);
    Trace trace = load_trace(path);
    size_t print_questions = 0;
    for (const auto& q : analysis::questions(trace)) {
        expect_honest(trace, q);
        if (q.kind != Question::Kind::prints) continue;
        ++print_questions;
        for (const auto& option : q.options) EXPECT_EQ(option.find("expected 2"), std::string::npos) << option;
    }
    EXPECT_GE(print_questions, 1u);  // "B wrote ..." is printed by the task the loop could have run first
}
