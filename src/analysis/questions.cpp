#include "questions.h"

#include <algorithm>

#include "describe.h"
#include "stepping.h"
#include "trace/views.h"

namespace cotrace::analysis {

std::string_view to_string(Question::Kind kind) {
    switch (kind) {
        case Question::Kind::next_handle: return "which callback runs next";
        case Question::Kind::await_yields: return "what an await yields";
        case Question::Kind::await_returns: return "what an await returns";
        case Question::Kind::await_suspends: return "does the await suspend";
        case Question::Kind::wakes: return "whom set_result wakes";
        case Question::Kind::prints: return "what prints next";
        case Question::Kind::call_runs: return "does calling it run it";
        case Question::Kind::value_now: return "what a global holds now";
    }
    return "?";
}

namespace {

// How far back a question looks for values to offer as wrong answers, and how far
// ahead for whether an await suspends: each question costs a bounded amount, whatever the trace.
constexpr size_t nearby = 4096, look_ahead = 65536;
constexpr size_t most_options = 4;

bool might_ask(EventKind kind) {
    switch (kind) {
        case EventKind::run: case EventKind::yield: case EventKind::frame_return: case EventKind::await_:
        case EventKind::set_result: case EventKind::set_exception: case EventKind::cancel: case EventKind::print:
        case EventKind::coroutine_created: case EventKind::write:
            return true;
        default: return false;
    }
}

class Asker {
public:
    Asker(const Trace& trace, const State& before, size_t event)
        : t_(trace), s_(before), i_(event), e_(trace.events[event]) {}

    std::optional<Question> ask() {
        switch (e_.kind) {
            case EventKind::run: return next_handle();
            case EventKind::yield: return await_yields();
            case EventKind::frame_return: return await_returns();
            case EventKind::await_: return await_suspends();
            case EventKind::set_result: case EventKind::set_exception: case EventKind::cancel: return wakes();
            case EventKind::print: return prints();
            case EventKind::coroutine_created: return call_runs();
            case EventKind::write: return value_now();
            default: return std::nullopt;
        }
    }

private:
    const Trace& t_;
    const State& s_;
    size_t i_;
    const Event e_;
    Question q_;

    // A frame by its call where the trace recorded its arguments ("bump('B')"), else by its name.
    std::string name(ObjectId id) const { return t_.kind(id) == ObjectKind::frame ? t_.call(id) : t_.name(id); }
    std::string called(ObjectId frame) const { return frame ? t_.called(frame) : "None()"; }  // a task with no coroutine (a hostile trace)

    // Where a suspension goes: to the loop when a task's step drives the coroutine, else to whoever sent.
    bool in_task() const {
        for (const auto& entry : s_.control)
            if (entry.kind == ControlEntry::Kind::step || entry.kind == ControlEntry::Kind::handle) return true;
        return false;
    }

    // Adds an option unless it is already there (the same text twice would be two right answers).
    void offer(const std::string& text, ObjectId object = 0) {
        if (q_.options.size() >= most_options || text.empty()) return;
        if (std::find(q_.options.begin(), q_.options.end(), text) != q_.options.end()) return;
        q_.options.push_back(text);
        q_.objects.push_back(object);
    }

    // The right answer goes first while building; then the options are turned round by an amount fixed by
    // the event, so that the answer's place varies but the same trace always asks the same way.
    std::optional<Question> finish(Question::Kind kind, std::string prompt) {
        if (q_.options.size() < 2) return std::nullopt;
        q_.kind = kind;
        q_.event = i_;
        q_.prompt = std::move(prompt);
        size_t turn = (i_ * 2654435761u >> 7) % q_.options.size();
        std::rotate(q_.options.begin(), q_.options.begin() + static_cast<long>(turn), q_.options.end());
        std::rotate(q_.objects.begin(), q_.objects.begin() + static_cast<long>(turn), q_.objects.end());
        q_.answer = (q_.options.size() - turn) % q_.options.size();
        return std::move(q_);
    }

    // Values the program made just before this event: results and returns, as their reprs, nearest first.
    // Never one it makes later, which would tell what is to come.
    void offer_values_seen() {
        size_t from = i_ > nearby ? i_ - nearby : 0;
        for (size_t j = i_; j-- > from && q_.options.size() < most_options;) {
            EventKind kind = t_.events.kind(j);
            if (kind == EventKind::frame_return || kind == EventKind::set_result) offer(std::string(t_.events[j].text));
        }
    }

    // The tasks the loop could have run instead of the one running now: those whose step or wakeup was on
    // the ready queue when the loop took the handle that runs now (the order of the queue decided).
    std::vector<ObjectId> could_have_run_instead() const {
        std::vector<ObjectId> tasks;
        ObjectId running = 0;
        for (const auto& entry : s_.control)
            if (entry.kind == ControlEntry::Kind::handle) running = entry.id;
        if (!running) return tasks;
        size_t from = i_ > nearby ? i_ - nearby : 0;
        for (size_t j = i_; j-- > from;) {
            if (t_.events.kind(j) != EventKind::run || t_.events[j].subject != running) continue;
            State popped = t_.state_after(j + 1);
            for (ObjectId handle : popped.ready)
                if (ObjectId task = t_.task_run_by(handle); task && popped.object(handle).status != Status::cancelled &&
                                                           std::find(tasks.begin(), tasks.end(), task) == tasks.end())
                    tasks.push_back(task);
            break;
        }
        return tasks;
    }

    // Only what is on the ready queue could run: a timer still on the heap, or a task still waiting on
    // its future, could not, and the screen shows as much. One entry: nothing to ask.
    // A write of one of the program's globals: what it holds once written. The wrong options are values it
    // really held before (read or written), nearest first: what a learner who missed a write would say.
    std::optional<Question> value_now() {
        if (e_.number != 0) return std::nullopt;  // an attribute or item: the learner names it through a variable
        auto parts = [](std::string_view text) {
            AccessText access = access_text(text);
            return std::make_pair(std::string(access.target), std::string(access.value));
        };
        auto [target, value] = parts(e_.text);
        offer(value);
        size_t from = i_ > nearby ? i_ - nearby : 0;
        for (size_t j = i_; j-- > from && q_.options.size() < most_options;) {
            EventKind kind = t_.events.kind(j);
            if (kind != EventKind::read && kind != EventKind::write) continue;
            Event e = t_.events[j];
            if (e.number != 0) continue;
            auto [other_target, other_value] = parts(e.text);
            if (other_target == target) offer(other_value);
        }
        std::string who = e_.subject ? name(e_.subject) : "The program";
        return finish(Question::Kind::value_now, who + " writes " + target + " now. What does " + target + " hold then?");
    }

    std::optional<Question> next_handle() {
        offer(name(e_.subject), e_.subject);
        for (ObjectId id : s_.ready)
            if (s_.object(id).status != Status::cancelled) offer(name(id), id);
        size_t ready = s_.ready.size();
        return finish(Question::Kind::next_handle,
                      "The loop takes the next callback from the ready queue (" + std::to_string(ready) +
                          (ready == 1 ? " entry" : " entries") + "). Which one runs now?");
    }

    std::optional<Question> await_yields() {
        std::string yielded(e_.text);
        offer(yielded);
        if (yielded != "None") offer("None");
        offer_values_seen();
        return finish(Question::Kind::await_yields,
                      name(e_.subject) + " is about to yield. What does it yield up the await chain, " +
                          (in_task() ? "toward the task's step?" : "to whoever called send()?"));
    }

    std::optional<Question> await_returns() {
        if (s_.control.size() < 2) return std::nullopt;
        const ControlEntry& below = s_.control[s_.control.size() - 2];
        std::string to = t_.label(below);
        if (below.kind == ControlEntry::Kind::event_loop) return std::nullopt;
        if (below.kind == ControlEntry::Kind::program) to = "the program";
        std::string value(e_.text);
        offer(value);
        if (value != "None") offer("None");
        offer_values_seen();
        std::string prompt = below.kind == ControlEntry::Kind::frame
                                 ? name(e_.subject) + " is about to return to " + to + ". What value does " + to + "'s await get?"
                                 : name(e_.subject) + " is about to return to " + to + ". With what value (in StopIteration)?";
        return finish(Question::Kind::await_returns, prompt);
    }

    std::optional<Question> await_suspends() {
        ObjectId awaiting = e_.subject, awaited = e_.other;
        std::optional<bool> suspends;
        for (size_t j = i_ + 1; j < t_.size() && j <= i_ + look_ahead && !suspends; ++j) {
            EventKind kind = t_.events.kind(j);
            ObjectId subject = t_.events[j].subject;
            if (kind == EventKind::yield_through && subject == awaiting) suspends = true;
            else if ((kind == EventKind::frame_return || kind == EventKind::frame_raise) && subject == awaited) suspends = false;
        }
        if (!suspends) return std::nullopt;
        const std::string yes = in_task() ? "It suspends: control goes back to the event loop"
                                          : "It suspends: control goes back to whoever called send()",
                          no = in_task() ? "It runs straight through: control never leaves the step"
                                         : "It runs straight through: control never leaves " + name(awaiting);
        offer(*suspends ? yes : no);
        offer(*suspends ? no : yes);
        // Future.__await__ (its frame's owner is the future) is named by its future; any other frame is a call.
        ObjectId future = t_.object(awaited).owner;
        std::string what = future && matches(EventShape::future_like, t_.kind(future)) ? name(future) : called(awaited);
        return finish(Question::Kind::await_suspends,
                      name(awaiting) + " awaits " + what + " (line " + std::to_string(e_.where.line) +
                          "). Does this await suspend " + name(awaiting) + "?");
    }

    // The wrong options are its other done callbacks (they go on the queue after the first), and no one
    // at all. A task that waits on another future is not offered: the Tasks panel shows what it waits on.
    std::optional<Question> wakes() {
        const std::string none = "No one: no done callback waits on it";
        auto callbacks = t_.callbacks(s_, e_.subject);
        offer(callbacks.empty() ? none : std::string(callbacks.front()));
        for (auto callback : callbacks) offer(std::string(callback));
        offer(none);
        std::string how = e_.kind == EventKind::set_result ? ".set_result(" + std::string(e_.text) + ")"
                          : e_.kind == EventKind::cancel   ? ".cancel()" : ".set_exception(...)";
        return finish(Question::Kind::wakes,
                      name(e_.subject) + how + " is called. Which done callback does it put on the ready queue first?");
    }

    // A coroutine function called on its own (not straight into an await or a send): does its body run?
    std::optional<Question> call_runs() {
        if (e_.text != "coroutine" || i_ + 1 >= t_.size()) return std::nullopt;
        const Event next = t_.events[i_ + 1];
        if ((next.kind == EventKind::await_ && next.other == e_.subject) ||
            ((next.kind == EventKind::frame_enter || next.kind == EventKind::send) && next.subject == e_.subject))
            return std::nullopt;
        offer("No: calling it only makes a coroutine object; the body waits for send(), await or a Task");
        offer("Yes: it runs now, up to its first await (or to its end)");
        return finish(Question::Kind::call_runs, called(e_.subject) + " has just been called. Has its body started to run?");
    }

    // Not "which line": every other line is one printed already or one printed later, and offering it
    // would tell the future. Which task prints it is a real choice: the tasks the loop could have run
    // instead. Without one, nothing is asked.
    std::optional<Question> prints() {
        ObjectId task = task_in_control(t_, s_);
        if (!task) return std::nullopt;
        // Each task as asyncio's repr names it ("Task-2 bump('A')"): two bumps are told apart.
        offer(task_label(t_, task), task);
        for (ObjectId other : could_have_run_instead()) offer(task_label(t_, other), other);
        return finish(Question::Kind::prints, "The program prints a line now. Which task prints it?");
    }
};

}  // namespace

std::optional<Question> question_at(const Trace& trace, const State& before, size_t event) {
    if (event >= trace.size() || !might_ask(trace.events.kind(event))) return std::nullopt;
    return Asker(trace, before, event).ask();
}

std::optional<Question> first_question(const Trace& trace, size_t from, size_t to) {
    to = std::min(to, trace.size());
    for (size_t i = from; i < to; ++i)
        if (might_ask(trace.events.kind(i)))
            if (auto question = question_at(trace, trace.state_after(i), i)) return question;
    return std::nullopt;
}

std::vector<Question> questions(const Trace& trace) {
    std::vector<Question> found;
    State state = initial_state(trace);
    for (size_t i = 0; i < trace.size(); ++i) {
        if (might_ask(trace.events.kind(i)))
            if (auto question = question_at(trace, state, i)) found.push_back(std::move(*question));
        apply(state, trace, trace.events[i]);
    }
    return found;
}

}  // namespace cotrace::analysis
