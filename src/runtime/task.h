// Task: Lib/asyncio/tasks.py. A Future that drives a coroutine, one step at a time.
//
// Creating a Task schedules task.step with call_soon. step() resumes the coroutine with send(None) or
// throw(exc) and looks at what came out: a return sets the result, an exception sets it, a blocking
// Future gets task.wakeup as its done callback, a bare yield schedules step again.
#pragma once

#include <memory>
#include <source_location>
#include <string>

#include "coroutine.h"
#include "future.h"

namespace asyncio {

class EventLoop;

class Task : public Future {
public:
    // asyncio.Task(coro, name=name, loop=loop). With no loop, the running loop.
    static std::shared_ptr<Task> create(CoroutineBase coro, std::string name = {}, EventLoop* loop = nullptr,
                                        std::source_location where = std::source_location::current());

    // Task.cancel(): cancels the future it waits on, or arranges for CancelledError to be thrown
    // into the coroutine at its next step.
    bool cancel(std::string message = {}, std::source_location where = std::source_location::current()) override;

    const std::string& get_name() const;
    const std::shared_ptr<Future>& fut_waiter() const { return fut_waiter_; }
    bool must_cancel() const { return must_cancel_; }
    std::string repr() const override;
    // A pending Task's repr stays the same until it finishes: the trace shows it at each step that
    // waits on it, so it is made once, into the recording's own pool (Recorder::pooled_text).
    std::string_view traced_repr(std::string& scratch) const override;

    // Forgets the coroutine and what it waits on; the loop calls it on pending tasks when it closes.
    void abandon();

    // Task names default to Task-1, Task-2, ...; a new recording starts counting again.
    static void reset_name_counter();

    // `number`: this task's N in "Task-N", the name it has when `name` is empty.
    Task(CoroutineBase coro, std::string name, int number, EventLoop& loop, std::source_location where);
    ~Task() override;

private:
    // `self` is this task, as the strong reference its handle or callback holds (Python's self): the
    // callbacks step schedules hold it too. (shared_from_this() would cost an atomic operation each.)
    void step(const std::shared_ptr<Task>& self, std::exception_ptr exception = nullptr);
    void wakeup(const std::shared_ptr<Task>& self, const std::shared_ptr<Future>& future);
    void schedule_step(const std::shared_ptr<Task>& self, std::exception_ptr exception = nullptr);
    void report_step_end();
    // "Task-1.step", "Task-1.wakeup": how the trace names this task's handles and callbacks.
    std::string traced_name(std::string_view suffix) const;

    CoroutineBase coro_;
    // "Task-N" is spelled out only when something asks for it (repr, get_name, the trace): most tasks of
    // an untraced run never print their name.
    mutable std::string name_;
    void append_repr(std::string& out) const;
    // The pending repr, made for traced_repr: of any Task, and of one named "Task-`number`".
    std::string_view made_pending_repr() const;
    static std::string_view numbered_pending_repr(int number);
    // The pending repr in the pool of the recording whose serial is pending_repr_recording_ (see
    // traced_repr). A view, not a string of its own: a string of its own cost a malloc and a free a Task.
    mutable std::string_view pending_repr_;
    mutable std::uint64_t pending_repr_recording_ = 0;
    int number_;
    bool must_cancel_ = false;
    std::shared_ptr<Future> fut_waiter_;
    // The loop's list of live tasks (EventLoop::track).
    friend class EventLoop;
    Task* previous_task_ = nullptr;
    Task* next_task_ = nullptr;
    bool tracked_ = false;
};

}  // namespace asyncio
