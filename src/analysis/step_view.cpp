#include "step_view.h"

#include <algorithm>

#include "analysis/asyncio_code.h"
#include "analysis/describe.h"
#include "analysis/races.h"
#include "analysis/stepping.h"
#include "analysis/source_text.h"
#include "trace/views.h"

namespace cotrace::analysis {

namespace {

std::string line_text(std::string_view text, int line) {
    auto lines = lines_of(text);
    if (line < 1 || static_cast<size_t>(line) > lines.size()) return {};
    return std::string(without_markers(lines[static_cast<size_t>(line) - 1]));
}

StepView::Row row_of(const Trace& trace, const State& state, ObjectId id) {
    TraceObject object = trace.object(id);
    const ObjectState& now = state.object(id);
    std::string kind = object.kind == ObjectKind::gathering ? " (gather)" : object.kind == ObjectKind::future ? " (future)" : "";
    bool done = now.status == Status::done || now.status == Status::failed;
    StepView::Row row{task_label(trace, id) + kind, status_text(now), now.waiting_on ? trace.name(now.waiting_on) : "",
                      done ? std::string(trace.text(now.result)) : "", {}};
    for (const auto& callback : trace.callbacks(state, id)) row.callbacks.emplace_back(callback);
    return row;
}

}  // namespace

std::string stack_entry_text(const Trace& trace, const State& state, const ControlEntry& entry) {
    std::string text = trace.label(entry);
    if (entry.kind == ControlEntry::Kind::frame) {
        Location where = state.objects[entry.id].where;
        if (where.valid()) text += " (line " + std::to_string(where.line) + ")";
    }
    return text;
}

std::vector<std::string> stack_texts(const Trace& trace, const State& state, size_t step) {
    std::vector<std::string> texts;
    for (const auto& entry : state.control) texts.push_back(stack_entry_text(trace, state, entry));
    std::vector<ObjectId> calls = running_calls(trace, state, step);
    if (calls.empty() || state.control.empty()) return texts;
    if (state.control.back().kind != ControlEntry::Kind::frame && state.control.back().kind != ControlEntry::Kind::program) return texts;
    texts.back() = trace.label(state.control.back());
    for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
        Location where = state.object(*it).where;
        texts.push_back(trace.name(*it) + (where.valid() ? " (line " + std::to_string(where.line) + ")" : ""));
    }
    return texts;
}

StepView step_view(const Trace& trace, size_t step) {
    step = std::min(step, trace.size());
    StepView view;
    view.step = step;
    view.steps = trace.size();
    State state = trace.state_after(step);
    if (step > 0) view.narration = narrate(trace, trace.state_after(step - 1), step - 1);
    if (std::string note = resume_note(trace, state, step); !note.empty()) view.narration += " " + note;

    Location at = state.current_location();
    if (at.valid() && static_cast<size_t>(at.file) < trace.files.size()) {
        const SourceFile& file = trace.files[static_cast<size_t>(at.file)];
        bool runs = !state.control.empty() && (state.control.back().kind == ControlEntry::Kind::frame ||
                                               state.control.back().kind == ControlEntry::Kind::program);
        view.listing = StepView::Listing{file.path, at.line, runs, line_text(file.text, at.line), file.embedded};
    }
    AsyncioMarks marks = asyncio_marks(trace, step);
    if (marks.in_asyncio) {
        const CodeMark& mark = marks.focus == AsyncioListing::task_step ? marks.task_step : marks.future_await;
        const CodeListing& listing = asyncio_listing(marks.focus);
        view.asyncio = StepView::AsyncioCode{listing.title, mark.line, line_text(listing.seed, mark.line), mark.label, marks.note};
    }
    view.stack = stack_texts(trace, state, step);

    view.loop.present = std::any_of(trace.events.begin(), trace.events.end(), [](const Event& e) { return e.kind == EventKind::loop_start; });
    view.loop.time = state.loop.time;
    view.loop.clock = trace.meta.clock;
    view.loop.round = state.loop.iteration;
    view.loop.activity = loop_activity(trace, state, step);
    for (ObjectId id : state.ready)
        view.loop.ready.push_back(trace.name(id) + (state.object(id).status == Status::cancelled ? "  (cancelled)" : ""));
    for (ObjectId id : state.timers) view.loop.timers.emplace_back(seconds_text(state.object(id).when), trace.name(id));

    std::vector<ObjectId> printers = printing_tasks(trace);
    for (size_t i = 0; i < step; ++i) {
        Event e = trace.events[i];
        if (e.kind == EventKind::task_created || e.kind == EventKind::future_created) view.tasks.push_back(row_of(trace, state, e.subject));
        if (e.kind == EventKind::print) {
            view.output.emplace_back(e.text);
            ObjectId task = printers.size() >= view.output.size() ? printers[view.output.size() - 1] : 0;
            view.printed_by.push_back(task ? task_label(trace, task) : "");
        }
    }
    view.variables = variables_at(trace, state, step);
    if (step < trace.size()) view.question = question_at(trace, state, step);
    return view;
}

}  // namespace cotrace::analysis
