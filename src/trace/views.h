// The three textual views of a trace that the CLI prints (and the UI shows).
#pragma once

#include <string>
#include <vector>

#include "trace.h"

namespace cotrace {

// The step log, in the vocabulary of the CPython oracle (tools/oracle/asyncio_oracle.py):
// one line per transition a Task or the loop makes, plus every printed line.
std::vector<std::string> step_log(const Trace& trace);
// The step-log line of one event, or "" when the oracle would not log it.
std::string step_log_line(const Trace& trace, const Event& event);

// Who holds control, one line each time it changes hands, indented two spaces per level.
std::vector<std::string> outline(const Trace& trace);
// The same lines, each with the event after which it holds (for jumping to it). Kept small, with the
// text made only when shown: a trace of ten million events has millions of them.
struct OutlineLine {
    std::uint32_t event;  // (a trace in memory has fewer than four billion events)
    std::uint32_t depth;  // how many entries sit below the one that holds control
    ControlEntry holder;
};
std::vector<OutlineLine> outline_lines(const Trace& trace);
std::string outline_text(const Trace& trace, const OutlineLine& line);
// Lines deeper than this are indented this far and say their depth.
inline constexpr std::uint32_t outline_deepest_indent = 100;

// One plain-English sentence for event `index` (the state is the one before the event).
std::string narrate(const Trace& trace, const State& before, size_t index);
// A sentence for every event, in order.
std::vector<std::string> narration(const Trace& trace);

// A number as Python's f"{x:g}" prints it (delays in the step log, seconds in the narration).
std::string format_g(double value);

// True when the event hands control to someone else (the "transfers of control" granularity).
bool transfers_control(const State& before, const State& after);

}  // namespace cotrace
