// The variables a learner sees at a step, as Python Tutor lays them out: the program's globals first,
// then each frame of the program's own code that holds control (innermost first), then each of its
// coroutines and generators that waits, with the task it runs under. A pure function of a trace: the
// window's "Frames and variables" panel, `cotrace show`, and the handout all show this.
#pragma once

#include <string>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct FrameVariables {
    enum class Kind { globals, running, waiting };
    Kind kind = Kind::globals;
    ObjectId frame = 0;     // 0: the globals
    ObjectId task = 0;      // the task whose coroutine this frame is, if it is one
    std::string title;      // "Globals", "bump (Task-2), line 10"
    std::vector<Variable> variables;
};

struct VariablesView {
    bool recorded = false;  // the trace records variables at all (a Python trace does; the C++ runtime does not)
    std::vector<FrameVariables> frames;
    // A mutable object's number that more than one variable shown holds: the same object, seen twice.
    std::vector<std::uint32_t> shared_here;
    size_t more = 0;        // frames not shown: past `most_frames` of each kind (a deep recursion)
    bool is_shared(std::uint32_t number) const;
};

// The variables after the first `step` events, in `state` (the state after them): the innermost
// `most_frames` frames holding control and the `most_frames` latest made that wait.
VariablesView variables_at(const Trace& trace, const State& state, size_t step, size_t most_frames = 16);

// The program's plain functions running after the first `step` events, in `state` (a Python trace's
// calls: frames with role `call`), innermost first: those on State::calls that have not returned (a
// call's variables are unbound as it returns). They run inside the innermost frame that holds control.
// Cost: a binary search per variable of each call on State::calls.
std::vector<ObjectId> running_calls(const Trace& trace, const State& state, size_t step);

// "counter = 1 (was 0)": one variable as a line of text; `shared` marks a value two variables hold.
std::string variable_text(const Variable& variable, bool shared);

}  // namespace cotrace::analysis
