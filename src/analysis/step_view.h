// What the window shows at one step, as plain data: the narration, the listing and its marked line, who
// holds control, the loop with its ready queue and timers, the tasks and futures, what was printed, and
// Predict's question. `cotrace show` prints it (text or JSON) for tests, terminals and screen readers; it
// is made from the same functions the window's panels use (Trace::label, describe.h, asyncio_code.h,
// questions.h). A pure function of a trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/questions.h"
#include "analysis/variables.h"
#include "trace/trace.h"

namespace cotrace::analysis {

// "main (line 23)": a control-stack entry as the window's Who holds control shows it.
std::string stack_entry_text(const Trace& trace, const State& state, const ControlEntry& entry);
// Who holds control after `step` events, bottom first, as Who holds control shows it: the control stack's
// entries, then the program's plain functions running inside its top frame ("main > add (line 4)": the
// frame that calls one is where the call is, so it shows no line of its own).
std::vector<std::string> stack_texts(const Trace& trace, const State& state, size_t step);

struct StepView {
    size_t step = 0, steps = 0;       // after `step` events, of `steps`
    std::string narration;            // the sentence for the step's event ("" before anything)
    struct Listing {
        std::string path;             // the file shown
        int line = 0;                 // its marked line (0: none)
        bool runs = false;            // strongly marked: a frame (or the program) runs there; else it waits
        std::string text;             // that line's text, as a reader sees it (markers removed)
        bool embedded = true;
    };
    std::optional<Listing> listing;   // the program's code, where control (or the program) is
    struct AsyncioCode {
        std::string title;            // "Task.step" or "Future.__await__"
        int line = 0;                 // the line of the simplified listing
        std::string text, label, note;
    };
    std::optional<AsyncioCode> asyncio;  // when control is in asyncio's own code
    std::vector<std::string> stack;      // bottom first
    struct Loop {
        bool present = false;         // the program runs an event loop at all
        double time = 0;
        std::string clock;
        int round = 0;
        std::string activity;
        std::vector<std::string> ready;                            // next first
        std::vector<std::pair<std::string, std::string>> timers;  // (due, callback), soonest first
    } loop;
    struct Row {
        std::string name, state, awaits, result;
        std::vector<std::string> callbacks;
    };
    std::vector<Row> tasks;           // tasks and futures, in the order they were made
    std::vector<std::string> output;  // every line printed so far
    std::vector<std::string> printed_by;  // beside each: the task that printed it ("" at the top level)
    VariablesView variables;          // the globals, and each frame of the program's own code
    std::optional<Question> question; // Predict's question about the next event, if it is a decision point
};

// The view after `step` events (0 <= step <= trace.size()).
StepView step_view(const Trace& trace, size_t step);

}  // namespace cotrace::analysis
