// Predict's questions, checked against the trace they come from: for every walkthrough, at least five;
// the right answer is what happened; every other option is something that did not happen.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "analysis/questions.h"
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
        case Question::Kind::prints: return printed(e.text);
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
    EXPECT_GE(questions.size(), 5u) << GetParam();
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

INSTANTIATE_TEST_SUITE_P(Walkthroughs, EveryWalkthrough, ::testing::ValuesIn(walkthrough_ids()),
                         [](const auto& info) { return info.param; });

TEST(Questions, TripleMainAsksEachKindOfDecision) {
    Trace trace = record(*find_walkthrough("triple_main"));
    std::set<Question::Kind> kinds;
    for (const auto& q : analysis::questions(trace)) kinds.insert(q.kind);
    for (auto kind : {Question::Kind::await_suspends, Question::Kind::await_yields, Question::Kind::await_returns,
                      Question::Kind::next_handle, Question::Kind::wakes, Question::Kind::call_runs})
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
