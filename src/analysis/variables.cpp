#include "variables.h"

#include <algorithm>
#include <map>

#include "describe.h"

namespace cotrace::analysis {

namespace {

// A frame that waits: suspended at a yield, or made and not started (a running one is on the stack).
bool waits(const State& state, ObjectId frame) {
    Status status = state.object(frame).status;
    return status == Status::created || status == Status::suspended;
}

// How far back the frames that wait are looked for, at most: a step costs the same in any trace.
constexpr size_t most_looked_at = 4096;

// The task whose coroutine `frame` is, or 0.
ObjectId task_of(const Trace& trace, ObjectId frame) {
    for (ObjectId id = 1; id <= trace.objects.size(); ++id)
        if (trace.kind(id) == ObjectKind::task && trace.object(id).owner == frame) return id;
    return 0;
}

std::string title_of(const Trace& trace, const State& state, ObjectId frame, ObjectId task) {
    std::string title = task ? task_label(trace, task) : trace.name(frame);
    const ObjectState& now = state.object(frame);
    if (now.status == Status::created) return title + ", not started";
    if (now.where.valid()) title += ", line " + std::to_string(now.where.line);
    return title;
}

}  // namespace

bool VariablesView::is_shared(std::uint32_t number) const {
    return number != 0 && std::find(shared_here.begin(), shared_here.end(), number) != shared_here.end();
}

VariablesView variables_at(const Trace& trace, const State& state, size_t step, size_t most_frames) {
    VariablesView view;
    view.recorded = trace.meta.recorder == "cpython";
    if (trace.values.empty()) return view;
    if (auto globals = trace.values.at(0, step); !globals.empty())
        view.frames.push_back({.kind = FrameVariables::Kind::globals, .title = "Globals", .variables = std::move(globals)});
    // The program's plain functions running now, innermost first: they run inside the frame that holds control.
    std::vector<ObjectId> calls = running_calls(trace, state, step);
    if (calls.size() > most_frames) view.more += calls.size() - most_frames, calls.resize(most_frames);
    for (ObjectId call : calls) {
        std::string title = trace.name(call);
        if (state.object(call).where.valid()) title += ", line " + std::to_string(state.object(call).where.line);
        view.frames.push_back({.kind = FrameVariables::Kind::running, .frame = call, .title = std::move(title),
                               .variables = trace.values.at(call, step)});
    }
    size_t running = 0;
    // The frames holding control, innermost first: the program's own code only.
    for (auto it = state.control.rbegin(); it != state.control.rend(); ++it) {
        if (it->kind != ControlEntry::Kind::frame || trace.role(it->id) != ObjectRole::none) continue;
        if (++running > most_frames) {
            ++view.more;
            continue;
        }
        auto variables = trace.values.at(it->id, step);
        ObjectId task = task_of(trace, it->id);
        // The frame that calls a plain function: where it is is the call's line, not its own.
        std::string title = running == 1 && !calls.empty() ? (task ? task_label(trace, task) : trace.call(it->id)) + ", calling " +
                                                                 trace.name(calls.back())
                                                           : title_of(trace, state, it->id, task);
        view.frames.push_back({.kind = FrameVariables::Kind::running, .frame = it->id, .task = task,
                               .title = std::move(title), .variables = std::move(variables)});
    }
    // The program's frames that wait (suspended, or made and not started), the latest made first.
    const auto& frames = trace.values.frames();
    size_t waiting = 0, looked_at = 0;
    std::vector<FrameVariables> waiting_frames;
    for (auto it = frames.rbegin(); it != frames.rend() && looked_at++ < most_looked_at; ++it) {
        ObjectId frame = *it;
        if (frame == 0 || !trace.has_object(frame) || !waits(state, frame)) continue;
        auto variables = trace.values.at(frame, step);
        if (variables.empty()) continue;
        if (++waiting > most_frames) {
            ++view.more;
            continue;
        }
        ObjectId task = task_of(trace, frame);
        waiting_frames.push_back({.kind = FrameVariables::Kind::waiting, .frame = frame, .task = task,
                                  .title = title_of(trace, state, frame, task), .variables = std::move(variables)});
    }
    // In the order they were made, as the program made them.
    view.frames.insert(view.frames.end(), std::make_move_iterator(waiting_frames.rbegin()),
                       std::make_move_iterator(waiting_frames.rend()));
    std::map<std::uint32_t, int> holders;
    for (const auto& frame : view.frames)
        for (const auto& variable : frame.variables)
            if (variable.shared) ++holders[variable.shared];
    for (const auto& [number, count] : holders)
        if (count > 1) view.shared_here.push_back(number);
    return view;
}

std::vector<ObjectId> running_calls(const Trace& trace, const State& state, size_t step) {
    std::vector<ObjectId> calls;
    // A call that returned may still be on the list (its caller ran no line since): if it had variables,
    // they are unbound now. One that never had any (no arguments, no locals) is on the list until its
    // caller runs code again or control moves.
    for (size_t i = state.calls.size(); i-- > 0;) {
        ObjectId call = state.calls[i];
        auto first = trace.values.first_event(call);
        if (!first || *first >= step || !trace.values.at(call, step).empty()) calls.push_back(call);
    }
    return calls;
}

std::string variable_text(const Variable& variable, bool shared) {
    std::string text = std::string(variable.name) + " = " + std::string(variable.text);
    if (shared) text += "  [object #" + std::to_string(variable.shared) + ", shared]";
    if (variable.changed) text += variable.was_bound ? "  (was " + std::string(variable.before) + ")" : "  (new)";
    return text;
}

}  // namespace cotrace::analysis
