// Predict: the questions the window asks before it reveals a step. They come from the trace itself, so
// every trace has them: which callback the loop runs next, what an await yields or returns, whether an
// await suspends, which task a set_result wakes, what prints next. The right answer is what happened;
// the other options are plausible (other entries in the ready queue, other tasks, values seen nearby)
// and did not happen. A pure function of a trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct Question {
    enum class Kind { next_handle, await_yields, await_returns, await_suspends, wakes, prints, call_runs };
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
