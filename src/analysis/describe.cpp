#include "describe.h"

#include <cstdio>

namespace cotrace::analysis {

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", seconds);
    return text;
}

std::string loop_activity(const Trace& trace, const State& state, size_t position) {
    const LoopState& loop = state.loop;
    if (!loop.running) return position == 0 ? "not started" : "not running";
    if (loop.idle) return "idle: nothing ready, no timers, no I/O";
    if (loop.polling) {
        std::string io = state.io_pending.empty() ? "" : " or I/O";
        if (loop.poll_timeout < 0) return "blocked in poll, waiting for I/O";
        if (loop.poll_timeout == 0) return "polling for I/O without waiting (something is ready)";
        return "waiting up to " + seconds_text(loop.poll_timeout) + " s in poll, for the next timer" + io;
    }
    for (auto it = state.control.rbegin(); it != state.control.rend(); ++it)
        if (it->kind == ControlEntry::Kind::handle) return "running " + trace.label(*it);
    return "between handles";
}

std::string status_text(const ObjectState& state) {
    switch (state.status) {
        case Status::running: return "running";
        case Status::pending: return "pending";
        case Status::done: return "done";
        case Status::failed: return "done (raised)";
        case Status::cancelled: return "cancelled";
        default: return std::string(to_string(state.status));
    }
}

bool frame_waits(const State& state, ObjectId frame) {
    const ObjectState& object = state.object(frame);
    bool top = !state.control.empty() && state.control.back() == ControlEntry{ControlEntry::Kind::frame, frame};
    return object.status == Status::suspended || (object.status == Status::running && !top);
}

bool completes(EventKind kind) {
    return kind == EventKind::set_result || kind == EventKind::set_exception || kind == EventKind::cancel;
}

std::string task_label(const Trace& trace, ObjectId task) {
    if (!task || !trace.has_object(task)) return "the program";
    if (trace.kind(task) != ObjectKind::task) return trace.name(task);
    ObjectId coroutine = trace.object(task).owner;
    if (!coroutine || !trace.has_object(coroutine)) return trace.name(task);
    // The C++ runtime records no values: "(...)" says the arguments are not known.
    std::string arguments = trace.meta.recorder != "cpython" ? "..." : trace.arguments(coroutine).value_or("");
    return trace.name(task) + " " + trace.name(coroutine) + "(" + arguments + ")";
}

}  // namespace cotrace::analysis
