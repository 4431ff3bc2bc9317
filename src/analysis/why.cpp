#include "why.h"

#include <functional>
#include <optional>

#include "describe.h"
#include "stepping.h"
#include "wakes.h"
#include "trace/views.h"

namespace cotrace::analysis {

namespace {

using Kind = ControlEntry::Kind;

std::string at_time(double t) { return "t=" + format_g(t); }

class Explainer {
public:
    explicit Explainer(const Trace& trace) : t_(trace) {}

    std::vector<WhyLink> links;

    bool full() const { return links.size() >= why_most_links; }

    void add(size_t event, std::string text) {
        if (!full()) links.push_back({event + 1, std::move(text)});
    }

    // Follows causes back from event i, a link per event, until something has no cause in the trace.
    void back_from(std::optional<size_t> i) {
        while (i && !full()) i = explain(*i);
    }

    // The run of the innermost handle on the control stack before event i: what made its work happen.
    std::optional<size_t> holder_run(size_t i) const {
        State state = t_.state_after(i);
        for (auto it = state.control.rbegin(); it != state.control.rend(); ++it)
            if (it->kind == Kind::handle) return last_before(i, [&](size_t j) {
                    return t_.events.kind(j) == EventKind::run && t_.events[j].subject == it->id; });
        return std::nullopt;
    }

    // Who held control just before event i, as a phrase ("main (line 15)").
    std::string holder(size_t i) const {
        State state = t_.state_after(i);
        if (state.control.empty()) return "nothing";
        const ControlEntry& top = state.control.back();
        std::string name = t_.label(top);
        // The event's own place is where the holder stands when it acts (its line before may be older).
        Location at = top.kind == Kind::frame ? state.objects[top.id].where : top.kind == Kind::program ? state.objects[0].where
                                                                                                      : Location{};
        if ((top.kind == Kind::frame || top.kind == Kind::program) && t_.events[i].where.valid()) at = t_.events[i].where;
        if (top.kind == Kind::program) name = "the program's top-level code";
        return at.valid() ? name + " (line " + std::to_string(at.line) + ")" : name;
    }

    std::optional<size_t> last_before(size_t i, const std::function<bool(size_t)>& wanted) const {
        while (i-- > 0)
            if (wanted(i)) return i;
        return std::nullopt;
    }
    std::optional<size_t> first_after(size_t i, const std::function<bool(size_t)>& wanted) const {
        for (; i < t_.size(); ++i)
            if (wanted(i)) return i;
        return std::nullopt;
    }

private:
    const Trace& t_;

    // A frame by its call where the trace has its arguments ("bump('B')"), else by its name.
    std::string name(ObjectId id) const { return t_.kind(id) == ObjectKind::frame ? t_.call(id) : t_.name(id); }

    // Adds event i's link and gives the event that caused it.
    std::optional<size_t> explain(size_t i) {
        const Event e = t_.events[i];
        switch (e.kind) {
            case EventKind::run:
                add(i, "The loop popped " + name(e.subject) + " off the ready queue and ran it.");
                return last_before(i, [&](size_t j) {
                    auto kind = t_.events.kind(j);
                    return (kind == EventKind::call_soon || kind == EventKind::timer_ready) && t_.events[j].subject == e.subject;
                });
            case EventKind::timer_ready:
                add(i, "Timer " + name(e.subject) + " came due at " + at_time(e.time) + ", so the loop moved it to the ready queue.");
                return last_before(i, [&](size_t j) {
                    return t_.events.kind(j) == EventKind::call_later && t_.events[j].subject == e.subject; });
            case EventKind::call_later:
                add(i, "call_later(" + format_g(e.number) + ") set timer " + name(e.subject) + ", due at " +
                           at_time(e.time + e.number) + ", while " + holder(i) + " ran.");
                return holder_run(i);
            case EventKind::call_soon: return scheduled(i, e);
            case EventKind::set_result: case EventKind::set_exception: case EventKind::cancel: {
                std::string what = e.kind == EventKind::set_result      ? name(e.subject) + ".set_result(" + std::string(e.text) + ")"
                                   : e.kind == EventKind::set_exception ? name(e.subject) + ".set_exception(" + std::string(e.text) + ")"
                                                                         : name(e.subject) + ".cancel()";
                // A task's own step completes it when its coroutine has just returned or raised.
                State before = t_.state_after(i);
                bool own_step = !before.control.empty() && before.control.back().kind != Kind::frame &&
                                task_in_control(t_, before) == e.subject;
                if (own_step && i > 0 &&
                    (t_.events.kind(i - 1) == EventKind::frame_return || t_.events.kind(i - 1) == EventKind::frame_raise)) {
                    add(i, what + ": the task's coroutine has finished, so its step completes the task, and the task's done "
                               "callbacks go on the ready queue.");
                    return i - 1;
                }
                add(i, what + ", called by " + holder(i) + ": the future is done, and its done callbacks go on the ready queue.");
                return holder_run(i);
            }
            case EventKind::frame_return:
                add(i, name(e.subject) + " returned " + std::string(e.text) + " (StopIteration(" + std::string(e.text) + ")).");
                return holder_run(i);
            case EventKind::frame_raise:
                add(i, name(e.subject) + " raised " + std::string(e.text) + ".");
                return holder_run(i);
            case EventKind::task_created:
                add(i, holder(i) + " created the Task " + name(e.subject) + " to drive " + name(e.other) + ".");
                return holder_run(i);
            case EventKind::io_done: {
                add(i, "The I/O finished: " + std::string(t_.text(t_.state_after(i).object(e.subject).io)) + ".");
                return last_before(i, [&](size_t j) {
                    return t_.events.kind(j) == EventKind::io_start && t_.events[j].subject == e.subject; });
            }
            case EventKind::io_start:
                add(i, holder(i) + " started I/O: " + std::string(e.text) + ".");
                return holder_run(i);
            case EventKind::program_start:
                add(i, "The program started.");
                return std::nullopt;
            default: {
                State before = t_.state_after(i);
                add(i, narrate(t_, before, i));
                if (before.control.empty() || before.control.back().kind == Kind::program ||
                    before.control.back().kind == Kind::event_loop)
                    return std::nullopt;
                return holder_run(i);
            }
        }
    }

    // A call_soon: what put the handle on the ready queue (wakes.h tells).
    std::optional<size_t> scheduled(size_t i, const Event& e) {
        std::string queued = "call_soon put " + name(e.subject) + " on the ready queue";
        Scheduling why = scheduling_of(t_, i);
        const Event cause = t_.events[why.cause_event];
        switch (why.cause) {
            case WakeCause::done_callback:
                add(i, queued + ": it is a done callback of " + name(cause.subject) + ".");
                return why.cause_event;
            case WakeCause::first_step:
                add(i, queued + ": creating a Task schedules its first step.");
                return why.cause_event;
            case WakeCause::bare_yield:
                add(i, queued + ": the coroutine yielded None (a bare yield, as sleep(0) does), so its task steps "
                                "again in the next round.");
                return holder_run(i);
            case WakeCause::already_done:
                add(i, queued + " at once: " + name(cause.subject) + " was already done when the callback was added.");
                return holder_run(i);
            case WakeCause::timer: case WakeCause::call: break;
        }
        add(i, queued + ", called by " + holder(i) + ".");
        return holder_run(i);
    }
};

// What will complete `future` after `position`, and what that sets going, in order.
void forward(const Trace& t, Explainer& x, size_t position, ObjectId future, int depth) {
    if (x.full() || depth > 6) return;
    std::string name = t.name(future);  // short in the links: the question names it in full
    State now = t.state_after(position);
    const ObjectState& state = now.object(future);
    if (state.status != Status::pending && state.status != Status::running && state.status != Status::created) {
        x.add(position - 1, name + " is already done.");
        return;
    }
    auto done = x.first_after(position, [&](size_t j) { return completes(t.events.kind(j)) && t.events[j].subject == future; });
    if (t.kind(future) == ObjectKind::task) {
        if (state.waiting_on) {
            auto since = x.last_before(position, [&](size_t j) {
                return t.events.kind(j) == EventKind::step_yield && t.events[j].subject == future; });
            x.add(since.value_or(position - 1), name + " waits on " + t.name(state.waiting_on) + ": its step yielded it, "
                                                "and added " + name + ".wakeup as its done callback.");
            forward(t, x, position, state.waiting_on, depth + 1);
            auto wakes = x.first_after(position, [&](size_t j) {
                return t.events.kind(j) == EventKind::step_begin && t.events[j].subject == future; });
            if (wakes && *wakes > 0 && t.events.kind(*wakes - 1) == EventKind::run) --*wakes;
            if (wakes) x.add(*wakes, name + " wakes: the loop runs its wake-up, which resumes its coroutine.");
        } else {
            auto runs = x.first_after(position, [&](size_t j) {
                return t.events.kind(j) == EventKind::step_begin && t.events[j].subject == future; });
            if (runs && *runs > 0 && t.events.kind(*runs - 1) == EventKind::run) --*runs;
            if (runs) x.add(*runs, name + "'s step waits in the ready queue: the loop runs it here.");
            else x.add(position - 1, name + "'s step never runs again in this trace.");
        }
        if (done)
            x.add(*done, t.events.kind(*done) == EventKind::cancel ? name + " is cancelled: the task is done."
                         : t.events.kind(*done) == EventKind::set_exception ? name + "'s coroutine raised: the task is done, with its exception."
                                                                              : name + "'s coroutine returns: the task is done.");
        else x.add(t.size() - 1, name + " is still pending when the trace ends.");
        return;
    }
    if (!done) {
        x.add(t.size() - 1, "Nothing in this trace completes " + name + ": it is still pending at the end.");
        return;
    }
    State at = t.state_after(*done);
    std::string by;
    for (auto it = at.control.rbegin(); it != at.control.rend() && by.empty(); ++it) {
        if (it->kind == Kind::frame) by = t.call(it->id) + " (line " + std::to_string(at.objects[it->id].where.line) + ")";
        else if (it->kind == Kind::handle && t.kind(it->id) == ObjectKind::timer)
            by = "a timer due at " + at_time(at.objects[it->id].when) + " (" + t.name(it->id) + ")";
        else if (it->kind == Kind::handle) by = t.name(it->id);
    }
    if (by.empty()) by = "the loop";
    std::string how = t.events.kind(*done) == EventKind::set_result ? "sets its result" : t.events.kind(*done) == EventKind::cancel
                                                                                          ? "cancels it" : "sets its exception";
    x.add(*done, by + " " + how + ": " + name + " is done, and its done callbacks go on the ready queue.");
}

}  // namespace

WhyChain why(const Trace& trace, size_t position, ObjectId object, std::optional<size_t> shown_as) {
    position = std::min(position, trace.size());
    WhyChain chain;
    Explainer x(trace);
    State state = trace.state_after(position);
    std::string number = std::to_string(shown_as.value_or(position));
    std::string at = " at step " + number;
    if (object == 0) object = task_in_control(trace, state);
    if (object != 0 && !trace.has_object(object)) object = 0;
    if (object != 0 && trace.kind(object) == ObjectKind::frame) {
        // A frame answers for the task it belongs to: the one whose coroutine it is, or whose step it ran in.
        for (ObjectId id = 1; id <= trace.objects.size(); ++id)
            if (trace.kind(id) == ObjectKind::task && trace.object(id).owner == object) object = id;
        if (trace.kind(object) == ObjectKind::frame) {
            ObjectId frame = object;
            auto left = x.last_before(position, [&](size_t j) {
                auto kind = trace.events.kind(j);
                return (kind == EventKind::yield || kind == EventKind::yield_through) && trace.events[j].subject == frame; });
            auto step = left ? x.first_after(*left, [&](size_t j) { return trace.events.kind(j) == EventKind::step_yield; })
                             : std::nullopt;
            ObjectId task = state.object(frame).status == Status::running ? task_in_control(trace, state)
                            : step ? trace.events[*step].subject : 0;
            if (task == 0) {
                chain.question = "Why is " + trace.call(frame) + " " + std::string(to_string(state.object(frame).status)) + at + "?";
                if (position > 0) x.back_from(position - 1);
                chain.links = std::move(x.links);
                return chain;
            }
            object = task;
        }
    }
    if (object == 0) {
        if (position == 0) {
            chain.question = "Nothing has happened yet.";
            return chain;
        }
        chain.question = "Why did step " + number + " happen?";
        x.back_from(position - 1);
        chain.links = std::move(x.links);
        return chain;
    }
    std::string name = task_label(trace, object);  // "Task-2 bump('A')": which task, by what it runs
    const ObjectState& s = state.object(object);
    bool running = object == task_in_control(trace, state);
    if (running) {
        chain.question = "Why is " + name + " running" + at + "?";
        x.back_from(x.holder_run(position));
    } else if (s.status == Status::done || s.status == Status::failed || s.status == Status::cancelled) {
        chain.question = "Why is " + name + " done" + at + "?";
        x.back_from(x.last_before(position, [&](size_t j) {
            return completes(trace.events.kind(j)) && trace.events[j].subject == object; }));
    } else {
        chain.question = "Why is " + name + " waiting" + at + "?";
        forward(trace, x, std::max<size_t>(position, 1), object, 0);
    }
    chain.links = std::move(x.links);
    return chain;
}

}  // namespace cotrace::analysis
