#include "state.h"

#include <algorithm>
#include <charconv>

#include "trace.h"
#include "views.h"

namespace cotrace {

std::string_view to_string(Status status) {
    switch (status) {
        case Status::created: return "created";
        case Status::pending: return "pending";
        case Status::running: return "running";
        case Status::suspended: return "suspended";
        case Status::done: return "done";
        case Status::failed: return "failed";
        case Status::cancelled: return "cancelled";
    }
    return "?";
}

Location State::current_location() const {
    for (auto it = control.rbegin(); it != control.rend(); ++it) {
        if (it->kind == ControlEntry::Kind::frame && objects[it->id].where.valid())
            return objects[it->id].where;
        if (it->kind == ControlEntry::Kind::program) return objects[0].where;
    }
    return {};
}

size_t State::copy_bytes() const {
    return control.size() * sizeof(ControlEntry) + calls.size() * sizeof(ObjectId) + ready.copy_bytes() + timers.copy_bytes() + io_pending.copy_bytes() +
           objects.index_bytes();
}

State initial_state(const Trace& trace) {
    State state;
    // objects[0] stands for "no object" and holds the program's own line.
    state.objects.resize(trace.objects.size() + 1);
    return state;
}

namespace {

using Kind = ControlEntry::Kind;

// A frame entering or resuming (or the program starting) carries its own line; every other event's place belongs to whoever
// held control when it happened (run_forever's line belongs to the program, not to the loop it starts).
bool places_new_top(EventKind kind) {
    return kind == EventKind::frame_enter || kind == EventKind::frame_resume || kind == EventKind::program_start;
}

// The loop ran the task's step directly (not through wakeup): the handle is the step.
bool is_step_handle(const Trace& trace, ObjectId handle, ObjectId task) {
    return trace.role(handle) == ObjectRole::task_step && trace.object(handle).owner == task;
}

// Where a step of `task` stands on the control stack: its own entry, or the handle that ran it.
bool top_is_step_of(const State& state, const Trace& trace, ObjectId task) {
    if (state.control.empty()) return false;
    const auto& top = state.control.back();
    if (top.kind == Kind::step) return top.id == task;
    return top.kind == Kind::handle && is_step_handle(trace, top.id, task);
}

class Applier {
public:
    Applier(State& state, const Trace& trace, const Event& event)
        : s_(state), trace_(trace), e_(event) {}

    std::string run() {
        s_.loop.time = e_.time;
        if (!places_new_top(e_.kind)) place_top();
        size_t depth = s_.control.size();
        std::string problem = change();
        if (problem.empty() && places_new_top(e_.kind)) place_top();
        // Control moved to another frame (or out of them): the plain functions that ran in the frame that
        // had it have returned, whether or not a line of theirs said so.
        if (s_.control.size() != depth) s_.calls.clear();
        ++s_.events_applied;
        return problem;
    }

private:
    State& s_;
    const Trace& trace_;
    const Event& e_;

    // A line, read or write of the program's own code, in frame `e_.subject`: a plain function's call (role
    // `call`) is in no control stack, so this list says which run. A line of one drops the calls above it
    // (they returned); one of any other frame drops them all.
    void note_running_code() {
        if (e_.subject && trace_.role(e_.subject) == ObjectRole::call) {
            auto known = std::find(s_.calls.begin(), s_.calls.end(), e_.subject);
            if (known != s_.calls.end()) s_.calls.erase(known + 1, s_.calls.end());
            else s_.calls.push_back(e_.subject);
        } else {
            s_.calls.clear();
        }
    }

    ObjectState& subject() { return s_.objects.edit(e_.subject); }

    void place_top() {
        if (!e_.where.valid() || s_.control.empty()) return;
        const auto& top = s_.control.back();
        if (top.kind == Kind::frame) s_.objects.edit(top.id).where = e_.where;
        else if (top.kind == Kind::program) s_.objects.edit(0).where = e_.where;
    }

    std::string describe_top() const {
        return s_.control.empty() ? std::string("nothing") : trace_.label(s_.control.back());
    }

    std::string pop(Kind kind, ObjectId id) {
        if (s_.control.empty() || s_.control.back() != ControlEntry{kind, id})
            return "control is in " + describe_top() + ", not in " + trace_.label({kind, id});
        s_.control.pop_back();
        return {};
    }

    // A handle goes on the ready queue or the timer heap once: asyncio makes a new Handle for each call_soon.
    std::string enqueue(const char* how) {
        ObjectState& handle = subject();
        if (handle.queued)
            return std::string(how) + " " + trace_.name(e_.subject) + ", which is already in the ready queue or the timer heap";
        handle.queued = true;
        return {};
    }

    std::string remove_timer(const char* what) {
        ObjectState& timer = subject();
        if (!timer.queued || !s_.timers.remove(timer.when, e_.subject))
            return std::string(what) + " " + trace_.name(e_.subject) + ", which is not in the timer heap";
        timer.queued = false;
        return {};
    }

    // The loop pops the ready queue's front; cancelled handles ahead of the one it runs were dropped unrun.
    std::string run_handle() {
        ObjectState& handle = subject();
        if (!handle.queued) return trace_.name(e_.subject) + " is not in the ready queue";
        while (!s_.ready.empty() && s_.ready.front() != e_.subject) {
            ObjectId ahead = s_.ready.front();
            ObjectState& dropped = s_.objects.edit(ahead);
            if (dropped.status != Status::cancelled)
                return "the loop runs " + trace_.name(e_.subject) + ", but " + trace_.name(ahead) +
                       " is ahead of it in the ready queue and not cancelled";
            dropped.queued = false;
            s_.ready.pop_front();
        }
        if (s_.ready.empty()) return trace_.name(e_.subject) + " is not in the ready queue";
        s_.ready.pop_front();
        s_.loop.polling = false;
        ObjectState& ran = subject();
        ran.queued = false;
        ran.status = Status::running;
        s_.control.push_back({Kind::handle, e_.subject});
        return {};
    }

    // A frame runs once at a time (Python: "generator already executing"), so the control stack never
    // holds more frames than the trace has.
    std::string enter_frame() {
        ObjectState& frame = subject();
        if (frame.status == Status::running) return trace_.name(e_.subject) + " is already running";
        frame.status = Status::running;
        // A frame starts on its function's line unless the event says better.
        if (!frame.where.valid()) frame.where = trace_.object(e_.subject).where;
        s_.control.push_back({Kind::frame, e_.subject});
        return {};
    }

    std::string change() {
        switch (e_.kind) {
            case EventKind::program_start:
                if (!s_.control.empty()) return "the program starts again while control is in " + describe_top();
                s_.control.push_back({Kind::program, 0});
                return {};
            case EventKind::program_end: return pop(Kind::program, 0);
            case EventKind::loop_start:
                if (s_.loop.running) return "the event loop starts again while it is running";
                s_.control.push_back({Kind::event_loop, 0});
                s_.loop.running = true;
                return {};
            case EventKind::loop_stop:
                s_.loop.running = false;
                s_.loop.polling = false;
                return pop(Kind::event_loop, 0);
            case EventKind::loop_iteration:
                if (!(e_.number >= 0 && e_.number <= INT32_MAX) || e_.number != static_cast<double>(static_cast<int>(e_.number)))
                    return "the round number must be a whole number from 0 to " + std::to_string(INT32_MAX) + ", not " +
                           format_g(e_.number);
                s_.loop.iteration = static_cast<int>(e_.number);
                s_.loop.polling = false;
                s_.loop.idle = false;
                return {};
            case EventKind::poll:
                s_.loop.polling = true;
                s_.loop.poll_timeout = e_.number;
                s_.loop.poll_waited = 0;
                s_.loop.poll_completions = 0;
                return {};
            case EventKind::idle: s_.loop.idle = true; return {};
            case EventKind::clock_advance: return {};
            case EventKind::call_soon: {
                if (std::string problem = enqueue("call_soon"); !problem.empty()) return problem;
                subject().status = Status::pending;
                s_.ready.push_back(e_.subject);
                return {};
            }
            case EventKind::call_later: {
                if (std::string problem = enqueue("call_later"); !problem.empty()) return problem;
                ObjectState& timer = subject();
                timer.status = Status::pending;
                timer.when = e_.time + e_.number;
                s_.timers.push(timer.when, e_.subject);
                return {};
            }
            case EventKind::timer_ready: {
                if (std::string problem = remove_timer("timer_ready"); !problem.empty()) return problem;
                subject().queued = true;
                s_.ready.push_back(e_.subject);
                return {};
            }
            case EventKind::timer_discarded: return remove_timer("timer_discarded");
            case EventKind::handle_cancel: subject().status = Status::cancelled; return {};
            case EventKind::run: return run_handle();
            case EventKind::run_end:
                subject().status = Status::done;
                return pop(Kind::handle, e_.subject);
            case EventKind::task_created:
            case EventKind::future_created:
                subject().status = Status::pending;
                return {};
            case EventKind::coroutine_created:
                subject().status = Status::created;
                subject().made = e_.text == "generator"         ? ObjectState::Made::generator
                                 : e_.text == "async generator" ? ObjectState::Made::async_generator
                                                                : ObjectState::Made::coroutine;
                return {};
            case EventKind::step_begin: {
                ObjectState& task = subject();
                if (task.status == Status::running) return trace_.name(e_.subject) + " is already running its step";
                task.status = Status::running;
                task.waiting_on = 0;
                if (!top_is_step_of(s_, trace_, e_.subject)) s_.control.push_back({Kind::step, e_.subject});
                return {};
            }
            case EventKind::step_yield: {
                ObjectState& task = subject();
                task.waiting_on = e_.other;
                if (task.status == Status::running) task.status = Status::pending;
                return end_step();
            }
            case EventKind::step_return: case EventKind::step_raise: case EventKind::step_cancelled:
                return end_step();
            case EventKind::send: case EventKind::throw_: return {};
            case EventKind::await_:
                if (s_.control.empty() || s_.control.back() != ControlEntry{Kind::frame, e_.subject})
                    return "control is in " + describe_top() + ", not in the awaiting frame " + trace_.name(e_.subject);
                return {};
            case EventKind::frame_enter: case EventKind::frame_resume: return enter_frame();
            case EventKind::yield: case EventKind::yield_through:
                subject().status = Status::suspended;
                return pop(Kind::frame, e_.subject);
            case EventKind::frame_return: case EventKind::frame_raise: {
                ObjectState& frame = subject();
                frame.status = e_.kind == EventKind::frame_return ? Status::done : Status::failed;
                frame.result = e_.text_id;
                return pop(Kind::frame, e_.subject);
            }
            case EventKind::future_blocking: return {};
            case EventKind::add_done_callback: {
                const ObjectState& future = s_.objects[e_.subject];
                if (future.status == Status::pending || future.status == Status::running)
                    ++subject().callbacks;
                return {};
            }
            case EventKind::set_result: return complete(Status::done);
            case EventKind::set_exception: return complete(Status::failed);
            case EventKind::cancel: return complete(Status::cancelled);
            case EventKind::print: ++s_.output_lines; return {};
            case EventKind::line:
                // A plain function's call is in no control stack: its line is where it is, and it runs.
                if (e_.subject && trace_.role(e_.subject) == ObjectRole::call) subject().where = e_.where;
                note_running_code();
                return {};  // a place in the program's own code: control does not move
            case EventKind::read: case EventKind::write:
                note_running_code();
                return {};  // what the program's own code reads or writes: control does not move
            case EventKind::io_start:
                if (!s_.io_pending.insert(e_.subject)) return trace_.name(e_.subject) + " is already waiting for I/O";
                subject().io = e_.text_id;
                return {};
            case EventKind::io_done:
                if (!s_.io_pending.remove(e_.subject)) return trace_.name(e_.subject) + " is not waiting for I/O";
                return {};
            case EventKind::poll_done:
                s_.loop.polling = false;
                s_.loop.poll_waited = e_.number;
                s_.loop.poll_completions = 0;
                if (!e_.text.empty() &&
                    std::from_chars(e_.text.data(), e_.text.data() + e_.text.size(), s_.loop.poll_completions).ec != std::errc())
                    return "expected a count of completions, got \"" + std::string(e_.text) + "\"";
                return {};
        }
        return "unknown event kind";
    }

    std::string complete(Status status) {
        ObjectState& future = subject();
        future.status = status;
        future.result = e_.text_id;
        future.callbacks = 0;  // they are on the ready queue now
        future.waiting_on = 0;
        return {};
    }

    std::string end_step() {
        if (!top_is_step_of(s_, trace_, e_.subject))
            return "control is in " + describe_top() + ", not in " + trace_.name(e_.subject) + ".step";
        if (s_.control.back().kind == Kind::step) s_.control.pop_back();
        return {};
    }
};

}  // namespace

std::string apply(State& state, const Trace& trace, const Event& event) {
    return Applier(state, trace, event).run();
}

}  // namespace cotrace
