// Predict: the questions the window asks before it reveals a step. They come from the trace itself, so
// every trace has them: which callback the loop runs next, what an await yields or returns, whether an
// await suspends, which done callback a set_result queues, which task prints, what a global holds once
// the program writes it. The right answer is what
// happened. Every other option could have happened then and did not: another entry of the ready queue,
// another task the loop could have run, another done callback of the same future, a value the program
// already made. None is something the run does later, and none is what the screen contradicts. Where
// no such option exists, nothing is asked there. A pure function of a trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct Question {
    enum class Kind { next_handle, await_yields, await_returns, await_suspends, wakes, prints, call_runs, value_now };
    Kind kind;
    size_t event = 0;                  // asked before this event (at position `event`), revealed after it
    std::string prompt;
    std::vector<std::string> options;  // two to four, in the order shown
    size_t answer = 0;                 // index of the right one
    std::vector<ObjectId> objects;     // the handle or task each option names (0: none), for clicking
};
std::string_view to_string(Question::Kind kind);

// The question about event `event`, if it is a decision point (`before`: the state before it).
std::optional<Question> question_at(const Trace& trace, const State& before, size_t event);
// The first decision point among events [from, to).
std::optional<Question> first_question(const Trace& trace, size_t from, size_t to);
// Every question in the trace, in order.
std::vector<Question> questions(const Trace& trace);

}  // namespace cotrace::analysis
