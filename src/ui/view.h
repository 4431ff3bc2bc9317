// What every panel reads for one frame: the trace and the state at the learner's position.
#pragma once

#include <vector>

#include "analysis/asyncio_code.h"
#include "analysis/folds.h"
#include "analysis/questions.h"
#include "analysis/suspensions.h"
#include "analysis/warnings.h"
#include "player.h"
#include "settings.h"
#include "theme.h"
#include "trace/trace.h"
#include "trace/views.h"

namespace cotrace::ui {

// What the panels need to know about the whole trace, found once when it is shown (never per frame).
struct TraceFacts {
    std::vector<size_t> print_events;  // indices of print events, ascending
    std::vector<ObjectId> print_tasks; // the task whose step printed each (0: none)
    // Tasks and futures in the order they were made: (index of the event that made them, id).
    std::vector<std::pair<size_t, ObjectId>> futures;
    std::vector<size_t> line_stops;       // the lines granularity's stops (none without line events)
    std::vector<analysis::Fold> folds;    // where only asyncio's code runs between them
    bool has_loop = false;  // false: the program drives its coroutines by hand
    bool has_io = false;    // the program does real I/O: the loop panel shows what is in flight
    // The frames that are started and not finished at some time in each block of live_block events: the
    // source panel marks the waiting ones among them without looking at every object of the trace.
    static constexpr size_t live_block = 65536;
    std::vector<std::vector<ObjectId>> live_frames;
    const std::vector<ObjectId>& frames_live_near(size_t position) const;
};
TraceFacts facts_of(const Trace& trace);

// Everything the panels read for one frame.
struct View {
    const Trace& trace;
    const State& state;   // after `position` events
    const State& before;  // after position - 1 (the state the current event acted on)
    size_t position;
    const Event* event;   // the event that led here, or null at position 0
    const std::vector<OutlineLine>& outline;
    const TraceFacts& facts;
    const Settings& settings;
    const Fonts& fonts;
    ObjectId selected = 0;  // the task or future the learner picked in Tasks and futures (0: none)
    const analysis::SuspensionLedger* ledger = nullptr;     // beside each await: suspended or straight through
    const analysis::AsyncioMarks* asyncio = nullptr;        // where control is in Task.step and Future.__await__
    const std::vector<analysis::Warning>* warnings = nullptr;  // once found (View > Warnings, or the timeline)
    // Predict's open question, if one is open: while it is, no panel shows its answer.
    const analysis::Question* asking = nullptr;
    // At the lines granularity, the fold (not expanded) whose one stop this position is: the narration
    // says what its steps did, and offers them.
    const analysis::Fold* fold = nullptr;
    // How the transport numbers the steps ("Step 14 of 29" at the lines granularity): every "step N" a
    // panel shows is numbered the same way (null: by event, as the CLI numbers them).
    const Player* player = nullptr;
};

}  // namespace cotrace::ui
