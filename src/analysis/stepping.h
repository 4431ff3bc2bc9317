// Stepping by meaning: the places in a trace where something a learner names happens (a step of a task,
// a transfer of control, a round of the loop, a print), and the nearest one before or after a position.
// Positions are counts of events applied, as the Player uses them: an event at index i is seen at i + 1.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trace/trace.h"
#include "trace/views.h"

namespace cotrace::analysis {

enum class Meaning { task_step, control_transfer, loop_round, print };

// Found once per trace, in one pass (and the outline the window already has).
struct Landmarks {
    std::vector<std::uint32_t> steps;      // after each step_begin, of any task
    std::vector<std::uint32_t> transfers;  // after each event that hands control on
    std::vector<std::uint32_t> rounds;     // after each loop_iteration
    std::vector<std::uint32_t> prints;     // after each print
};
Landmarks landmarks_of(const Trace& trace, const std::vector<OutlineLine>& outline);
Landmarks landmarks_of(const Trace& trace);

// The nearest position of that meaning strictly after (forward) or before `position`; for task_step, a
// step of `task` only (0: any task's). Nothing there: nullopt.
std::optional<size_t> next_of(const Trace& trace, const Landmarks& marks, Meaning meaning, size_t position,
                              ObjectId task = 0);
std::optional<size_t> previous_of(const Trace& trace, const Landmarks& marks, Meaning meaning, size_t position,
                                  ObjectId task = 0);

// The task whose step was running at each print event, in order (0: none, the program's top level): who
// printed each line of the Output.
std::vector<ObjectId> printing_tasks(const Trace& trace);

// The stops of the "lines" granularity: after each line of the program's own code begins, and after each
// step of a task of the program's own (its coroutine is the program's code) begins and ends. Not inside
// asyncio.run's setup and teardown, whose tasks run asyncio's own coroutines. Positions, ascending.
std::vector<size_t> line_stops(const Trace& trace);

// "Run until future F is done": the position just after F's set_result, set_exception or cancel, if that
// happens after `position`.
std::optional<size_t> until_done(const Trace& trace, ObjectId future, size_t position);
// The event that completed `future`, if any (an index into the events).
std::optional<size_t> completion_of(const Trace& trace, ObjectId future);

// The task whose step (or a frame it drives) holds control in `state`, or 0.
ObjectId task_in_control(const Trace& trace, const State& state);

// An object named as the step log names it (main_task, fut1, main), or nullopt.
std::optional<ObjectId> find_object(const Trace& trace, std::string_view name);

}  // namespace cotrace::analysis
