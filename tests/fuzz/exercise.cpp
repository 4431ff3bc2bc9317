#include "exercise.h"

#include <cstdio>
#include <cstdlib>

#include "analysis/asyncio_code.h"
#include "analysis/describe.h"
#include "analysis/questions.h"
#include "analysis/races.h"
#include "analysis/stepping.h"
#include "analysis/suspensions.h"
#include "analysis/variables.h"
#include "analysis/warnings.h"
#include "analysis/why.h"
#include "trace/trace_json.h"
#include "trace/views.h"
#include "analysis/timeline.h"

namespace cotrace::fuzz {

namespace {

[[noreturn]] void broken(const std::string& name, const char* what) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), what);
    std::abort();
}

}  // namespace

bool exercise_trace(std::string_view bytes, const std::string& name) {
    Trace trace;
    try {
        trace = from_bytes(bytes, name);
    } catch (const TraceError&) {
        return false;  // refused, with a message: what should happen to most inputs
    }
    size_t n = trace.size();
    for (size_t step : {size_t{0}, n / 3, n / 2, n - n / 4, n, n + 1}) {
        State state = trace.state_after(step);
        (void)state.current_location();
        for (ObjectId id = 1; id <= trace.objects.size() && id < 64; ++id) (void)trace.callbacks(state, id);
        if (step < n) (void)narrate(trace, state, step);
    }
    (void)step_log(trace);
    for (const OutlineLine& line : outline_lines(trace)) (void)outline_text(trace, line);
    (void)narration(trace);
    (void)analysis::build_timeline(trace);

    // What the analysis room makes of it: every question, the warnings, and at the same steps the marks in
    // asyncio's code, the why-chains (of the task in control, and of the first objects), stepping both ways.
    (void)analysis::questions(trace);
    (void)analysis::warnings(trace);
    for (const auto& race : analysis::races(trace)) (void)analysis::race_text(trace, race);
    (void)analysis::line_stops(trace);
    for (ObjectId id = 1; id <= trace.objects.size() && id < 16; ++id) (void)analysis::task_label(trace, id);
    analysis::SuspensionLedger ledger(trace);
    analysis::Landmarks marks = analysis::landmarks_of(trace);
    for (size_t step : {size_t{0}, n / 3, n / 2, n - n / 4, n}) {
        (void)analysis::asyncio_marks(trace, step);
        (void)analysis::why(trace, step, 0);
        for (ObjectId id = 1; id <= trace.objects.size() && id < 8; ++id) (void)analysis::why(trace, step, id);
        for (auto meaning : {analysis::Meaning::task_step, analysis::Meaning::control_transfer,
                             analysis::Meaning::loop_round, analysis::Meaning::print}) {
            (void)analysis::next_of(trace, marks, meaning, step);
            (void)analysis::previous_of(trace, marks, meaning, step);
        }
        (void)analysis::first_question(trace, step, step + 64);
        // The data: the variables shown, the note on a resume, the tasks' names.
        State state = trace.state_after(step);
        for (const auto& frame : analysis::variables_at(trace, state, step).frames)
            for (const auto& variable : frame.variables) (void)analysis::variable_text(variable, true);
        (void)analysis::resume_note(trace, state, step);
        for (std::int32_t file = 0; file < static_cast<std::int32_t>(trace.files.size()) && file < 4; ++file)
            for (std::int32_t line : ledger.lines(file)) (void)ledger.at(file, line, step);
    }

    for (TraceEncoding encoding : {TraceEncoding::json, TraceEncoding::cbor, TraceEncoding::messagepack}) {
        std::string saved = encoding == TraceEncoding::json ? to_json(trace) : to_binary(trace, encoding);
        try {
            if (from_bytes(saved, name + " (saved again)") != trace) broken(name, "saved and loaded again, it is another trace");
        } catch (const TraceError& error) {
            std::fprintf(stderr, "%s\n", error.what());
            broken(name, "it loaded, but once saved it does not load again");
        }
    }
    return true;
}

}  // namespace cotrace::fuzz
