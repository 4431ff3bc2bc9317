// The narration: one sentence per event, in the voice of the seeds' walkthroughs ("Control is now in
// main_task.step: it resumes main() with send(None)."). Where the seeds simplify what CPython does,
// the sentence says what really happens.
#include <cstdio>

#include "views.h"

namespace cotrace {

namespace {

std::string seconds(double value) { return format_g(value); }

std::string last_line(const std::string& text) {
    size_t end = text.find_last_not_of('\n');
    if (end == std::string::npos) return text;
    size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start == std::string::npos ? 0 : start + 1));
}

class Narrator {
public:
    Narrator(const Trace& trace, const State& before, const Event& e) : t_(trace), before_(before), e_(e), text_(e.text) {}

    std::string sentence() const {
        switch (e_.kind) {
            case EventKind::program_start:
                // "No loop yet" only where one comes: a program that drives coroutines by hand has none at all.
                return std::any_of(t_.events.begin(), t_.events.end(), [](const Event& e) { return e.kind == EventKind::loop_start; })
                           ? "Control begins in the program: its top-level code runs, with no event loop yet."
                           : "Control begins in the program: its top-level code runs.";
            case EventKind::program_end:
                // A Python program's trace ends with the exception that escaped it, or why the recording stopped it.
                if (text_.empty())
                    return e_.number == 0 ? "The program ends."
                                          : "The program ends, with exit status " + format_g(e_.number) + " (sys.exit).";
                if (text_.starts_with("RecordingStopped: ")) return "The program ends here: " + text_.substr(18) + ".";
                return "The program ends with an exception that nothing caught: " + last_line(text_) + "\n" + text_;
            case EventKind::loop_start:
                return "The program starts the event loop: control is now in the event_loop.";
            case EventKind::loop_stop: return "The event loop stops, and control returns to the program.";
            case EventKind::loop_iteration:
                return "The event loop begins round " + seconds(e_.number) + " at t=" + seconds(e_.time) + ".";
            case EventKind::poll: return poll();
            case EventKind::idle:
                return "Nothing is ready, no timer is set and no I/O is pending: a real run_forever() would wait "
                       "here for ever, so the recording ends the loop.";
            case EventKind::clock_advance:
                return "A blocking sleep of " + seconds(e_.number) +
                       " s (time.sleep) stalls the whole loop: nothing else can run meanwhile.";
            case EventKind::call_soon:
                // A Python trace says which call_soon_threadsafe it was (the text names it): from another thread,
                // the loop's thread queues it when it next looks at its ready queue.
                if (text_ == "_add_callback")
                    return "The selector found a file descriptor ready: the loop puts its callback " + name(e_.subject) +
                           " at the back of the ready queue (position " + std::to_string(before_.ready.size() + 1) + ").";
                if (!text_.empty())
                    return text_ + " puts " + name(e_.subject) + " at the back of the ready queue (position " +
                           std::to_string(before_.ready.size() + 1) + ").";
                return "call_soon puts " + name(e_.subject) + " at the back of the ready queue (position " +
                       std::to_string(before_.ready.size() + 1) + ").";
            case EventKind::call_later:
                return (text_ == "call_at" ? "call_at(t=" + seconds(e_.time + e_.number) : "call_later(" + seconds(e_.number)) +
                       ", " + name(e_.subject) +
                       ") pushes a timer on the heap, due at t=" + seconds(e_.time + e_.number) + ".";
            case EventKind::timer_ready:
                return "The timer for " + name(e_.subject) + " is due: the loop moves it to the ready queue.";
            case EventKind::timer_discarded:
                return "The cancelled timer for " + name(e_.subject) + " is dropped from the heap without running.";
            case EventKind::handle_cancel:
                return name(e_.subject) + " is cancelled: the loop will skip it.";
            case EventKind::run: return run();
            case EventKind::run_end:
                return name(e_.subject) + " returns: control is back in the event loop.";
            case EventKind::task_created:
                return "Task " + name(e_.subject) + " is created to drive " + called(e_.other) +
                       "; creating it schedules " + name(e_.subject) + ".step with call_soon.";
            case EventKind::future_created:
                return "A new Future (" + name(e_.subject) + ") is created: pending, with no result yet.";
            case EventKind::coroutine_created:
                if (t_.object(e_.subject).owner)
                    return "Awaiting " + name(t_.object(e_.subject).owner) +
                           " calls Future.__await__ on it, which makes a generator; none of it runs yet.";
                return "Calling " + called(e_.subject) + " creates " + (text_ == "async generator" ? "an " : "a ") +
                       (text_.empty() ? "coroutine" : text_) + " object; none of its body runs yet.";
            case EventKind::step_begin: return step_begin();
            case EventKind::step_yield: return step_yield();
            case EventKind::step_return:
                return "StopIteration(" + text_ + ") reaches " + name(e_.subject) + ".step: the task is done, with result " +
                       text_ + ". The step ends.";
            case EventKind::step_raise:
                return text_ + " escapes the coroutine: " + name(e_.subject) +
                       " is done, with that exception. The step ends.";
            case EventKind::step_cancelled:
                return "CancelledError escapes the coroutine: " + name(e_.subject) + " is cancelled. The step ends.";
            case EventKind::send: return send();
            case EventKind::throw_:
                return driver() + " throws " + text_ + " into " + called(e_.subject) +
                       ": it is raised where the chain is suspended.";
            case EventKind::await_: return await_();
            case EventKind::frame_enter:
                if (e_.other) {
                    // Under a loop, the point is that the await does not go through it; with no loop, there is none to go through.
                    bool under_loop = std::any_of(before_.control.begin(), before_.control.end(),
                                                  [](const ControlEntry& entry) { return entry.kind == ControlEntry::Kind::event_loop; });
                    return "Control is now in " + name(e_.subject) + ", running inline inside " + name(e_.other) + "'s await" +
                           (under_loop ? ": no trip through the event loop." : ", in the same call.");
                }
                return "Control is now in " + name(e_.subject) + ": the " +
                       (is_generator(e_.subject) ? "generator" : is_async_generator(e_.subject) ? "async generator"
                                                                                                : "coroutine") +
                       " starts running.";
            case EventKind::frame_resume:
                return "Control passes down the await chain into " + name(e_.subject) +
                       ", which resumes where it was suspended.";
            case EventKind::yield:
                if (is_async_generator(e_.subject))
                    return name(e_.subject) + " hands " + text_ + " to " + below(2) +
                           " (the value of its next(), one turn of async for); it stays paused at its co_yield.";
                return name(e_.subject) + " yields " +
                       (e_.other ? name(e_.other) + " itself" : text_ == "None" ? "None (a bare yield)" : text_) +
                       ": control leaves it and passes up to " + (below(2) == "the program" ? "the program" : below(2)) + ".";
            case EventKind::yield_through:
                return "The yield passes up through " + name(e_.subject) + "'s await, unchanged: control is now in " +
                       below(2) + ".";
            case EventKind::frame_return: {
                std::string stop = text_ == "None" ? "StopIteration()" : "StopIteration(" + text_ + ")";
                if (before_.control.size() >= 2 && before_.control[before_.control.size() - 2].kind ==
                                                       ControlEntry::Kind::program)
                    return name(e_.subject) + " returns " + text_ + ": " + stop +
                           " comes out of the program's send().";
                return name(e_.subject) + " returns " + text_ + " (" + stop + "): control goes back to " + below(2) + ".";
            }
            case EventKind::frame_raise:
                return name(e_.subject) + " raises " + text_ + ": it propagates to " + below(2) + ".";
            case EventKind::future_blocking:
                return name(e_.subject) + " is not done, so Future.__await__ sets _asyncio_future_blocking and yields "
                       "the future itself.";
            case EventKind::add_done_callback: return add_done_callback();
            case EventKind::set_result:
                return name(e_.subject) + ".set_result(" + text_ + "): the future is done. " + callbacks_note();
            case EventKind::set_exception:
                return name(e_.subject) + ".set_exception(" + text_ + "): the future is done, with an exception. " +
                       callbacks_note();
            case EventKind::cancel: return name(e_.subject) + " is cancelled. " + callbacks_note();
            case EventKind::print: return "The program prints: " + text_;
            case EventKind::line: return line();
            case EventKind::read: case EventKind::write: return access();
            // CPython's loop waits for readiness (its selector), the C++ runtime's for completions (libuv):
            // the trace says which recorder made it, and the texts are as docs/trace-format.md gives them.
            case EventKind::io_start:
                if (on_cpython())
                    return "The loop's selector now watches " + name(e_.subject) + " for " + after_prefix("watched for ") +
                           ": each select() will say whether it is ready, and the loop runs its callback then.";
                return (below(1) == "the program" ? std::string("The program") : below(1)) + " asks libuv for I/O: " + text_ + ". The request runs outside the loop; " +
                       name(e_.subject) + " will hold its result, and the loop is free meanwhile.";
            case EventKind::io_done:
                if (on_cpython()) return "The loop's selector stops watching " + name(e_.subject) + ".";
                return "libuv reports the I/O done (" + text_ + "): its callback completes " + name(e_.subject) +
                       ", which schedules the waiting task's wake-up; no coroutine runs inside the callback.";
            case EventKind::poll_done: {
                std::string waited = "The poll returns after " + seconds(e_.number * 1000) + " ms";
                if (on_cpython()) {  // "N ready": file descriptors the selector found ready
                    std::string count = text_.substr(0, text_.find(' '));
                    if (count == "0" || count.empty()) return waited + ", with nothing ready.";
                    return waited + ": " + count + (count == "1" ? " file descriptor is" : " file descriptors are") + " ready.";
                }
                if (text_.empty() || text_ == "0") return waited + ", with no I/O completed.";
                return waited + ": " + text_ + (text_ == "1" ? " I/O operation" : " I/O operations") + " completed.";
            }
        }
        return to_string(e_.kind).data();
    }

private:
    const Trace& t_;
    const State& before_;
    const Event& e_;
    const std::string text_;

    // A frame by its call where the trace recorded its arguments ("bump('B')": which bump), else by its name.
    std::string name(ObjectId id) const {
        if (!id) return "None";
        return t_.kind(id) == ObjectKind::frame ? t_.call(id) : t_.name(id);
    }
    std::string coroutine_of(ObjectId task) const { return called(t_.object(task).owner); }
    // A call as the learner wrote it: "bump('A')" where the trace recorded its arguments, else "bump()".
    std::string called(ObjectId frame) const { return frame ? t_.called(frame) : "None()"; }  // a task with no coroutine (a hostile trace)

    // Who is `depth` levels from the top of the control stack, before the event.
    std::string below(size_t depth) const {
        if (before_.control.size() < depth) return "the program";
        const ControlEntry& entry = before_.control[before_.control.size() - depth];
        if (entry.kind == ControlEntry::Kind::program) return "the program";
        if (entry.kind == ControlEntry::Kind::event_loop) return "the event loop";
        return t_.label(entry);
    }

    bool is_generator(ObjectId frame) const { return before_.objects[frame].made == ObjectState::Made::generator; }
    bool is_async_generator(ObjectId frame) const {
        return before_.objects[frame].made == ObjectState::Made::async_generator;
    }

    std::string await_() const {
        const TraceObject& child = t_.object(e_.other);
        if (is_async_generator(e_.other))
            return name(e_.subject) + " awaits the next value of " + name(e_.other) +
                   " (async for): the async generator runs inline, in the same step, until its next co_yield.";
        if (child.owner)  // Future.__await__
            return name(e_.subject) + " awaits " + name(child.owner) + ": await calls its __await__(), which runs "
                   "inline, in the same step.";
        return name(e_.subject) + " awaits " + called(e_.other) + ": a coroutine runs inline, in the same step; "
               "awaiting it does not hand control to the loop.";
    }

    bool on_cpython() const { return t_.meta.recorder == "cpython"; }
    // "bump('A') reads counter: 0", "bump('A') writes counter = 1" (the text: target, value, and "test" for a test)
    std::string access() const {
        auto [target, value, test] = access_text(e_.text);
        std::string who = e_.subject ? call(e_.subject) : "The program";
        if (e_.kind == EventKind::write) return who + " writes " + std::string(target) + " = " + std::string(value) + ".";
        return who + (test ? " tests " : " reads ") + std::string(target) + ": " + std::string(value) + ".";
    }
    // A frame by the call that made it, where the trace has its arguments: "bump('B')" (which bump).
    std::string call(ObjectId frame) const { return t_.call(frame); }
    // "bump('A') runs line 12: counter = seen + 1"
    std::string line() const {
        std::string who = e_.subject ? call(e_.subject) : "The program";
        std::string said = who + " runs line " + std::to_string(e_.where.line);
        if (!e_.where.valid() || static_cast<size_t>(e_.where.file) >= t_.files.size()) return said + ".";
        std::string_view text = t_.files[static_cast<size_t>(e_.where.file)].text;
        for (int n = 1; n < e_.where.line && !text.empty(); ++n) {
            size_t end = text.find('\n');
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        }
        text = text.substr(0, text.find('\n'));
        size_t first = text.find_first_not_of(" \t");
        if (first == std::string_view::npos) return said + ".";
        text = text.substr(first);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t')) text.remove_suffix(1);
        return said + ": " + std::string(text);
    }
    // The event's text after `prefix`, when it starts with it (else the whole text).
    std::string after_prefix(std::string_view prefix) const {
        return text_.starts_with(prefix) ? text_.substr(prefix.size()) : text_;
    }

    std::string driver() const { return e_.other ? name(e_.other) + ".step" : "The program"; }

    std::string poll() const {
        if (e_.number == 0) return "Something is ready, so the loop checks for I/O without waiting.";
        if (e_.number < 0) return "Nothing is ready and no timer is set: the loop blocks until I/O completes.";
        std::string wait = "Nothing is ready: the loop waits " + seconds(e_.number) + " s for the next timer";
        return t_.meta.clock == "virtual" ? wait + " (virtual time jumps ahead)." : wait + ".";
    }

    std::string run() const {
        const std::string& label = name(e_.subject);
        std::string sentence = "The event loop pops " + label + " off the ready queue and runs it";
        if (t_.role(e_.subject) == ObjectRole::task_step) return sentence + ": control is now in " + label + ".";
        if (t_.role(e_.subject) == ObjectRole::task_wakeup)
            return sentence + ": wakeup reads the awaited future's result and then calls step (the simplified "
                              "Task.step that tutorials show calls step directly).";
        return sentence + ".";
    }

    std::string step_begin() const {
        std::string task = name(e_.subject);
        if (!text_.empty())
            return "Control is now in " + task + ".step: it throws " + text_ + " into " + coroutine_of(e_.subject) + ".";
        bool fresh = before_.objects[t_.object(e_.subject).owner].status == Status::created;
        return "Control is now in " + task + ".step: it " + (fresh ? "starts " : "resumes ") + coroutine_of(e_.subject) +
               " with send(None).";
    }

    std::string step_yield() const {
        std::string task = name(e_.subject);
        if (!e_.other)
            return coroutine_of(e_.subject) + " yielded None (a bare yield): " + task +
                   ".step is scheduled again, so the task gives up control for one round of the loop. The step ends.";
        return task + " now waits for " + name(e_.other) + " (its _fut_waiter); the step ends and control returns "
                                                             "to the event loop.";
    }

    std::string send() const {
        std::string coroutine = called(e_.subject);
        if (e_.other) return name(e_.other) + ".step calls " + coroutine + ".send(" + text_ + ").";
        if (is_generator(e_.subject))
            return text_ == "None" ? "The program calls next() on the generator " + coroutine +
                                           ", which is send(None): it runs to its next yield."
                                     : "The program resumes the generator " + coroutine + " with send(" + text_ +
                                           "): the paused yield will evaluate to " + text_ + ".";
        return "The program calls " + coroutine + ".send(" + text_ + "), driving the coroutine by hand.";
    }

    std::string add_done_callback() const {
        std::string future = name(e_.subject);
        bool done = before_.objects[e_.subject].status != Status::pending &&
                    before_.objects[e_.subject].status != Status::running;
        if (done)
            return future + " is already done, so add_done_callback hands " + text_ + " to call_soon at once: it goes on "
                            "the ready queue next.";
        return "add_done_callback: when " + future + " is done, " + text_ + " will be scheduled.";
    }

    std::string callbacks_note() const {
        auto callbacks = t_.callbacks(before_, e_.subject);
        if (callbacks.empty()) return "No done callbacks are waiting.";
        std::string list;
        for (size_t i = 0; i < callbacks.size(); ++i) {
            if (i) list += ", ";
            list += callbacks[i];
        }
        // Said as what comes next: the call_soon events that queue them are the steps after this one.
        return "Next, its done callbacks (" + list + ") go on the ready queue with call_soon; a future never calls "
                                                     "them directly.";
    }
};

}  // namespace

std::string narrate(const Trace& trace, const State& before, size_t index) {
    return Narrator(trace, before, trace.events.at(index)).sentence();
}

std::vector<std::string> narration(const Trace& trace) {
    std::vector<std::string> sentences;
    State state = initial_state(trace);
    for (size_t i = 0; i < trace.events.size(); ++i) {
        sentences.push_back(narrate(trace, state, i));
        apply(state, trace, trace.events[i]);
    }
    return sentences;
}

}  // namespace cotrace
