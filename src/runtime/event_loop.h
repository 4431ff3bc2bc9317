// EventLoop: Lib/asyncio/base_events.py on top of libuv.
//
// run_once() is BaseEventLoop._run_once: compute the poll timeout (0 if anything is ready, else until
// the earliest timer, else block), poll, move the due timers to the ready queue, then run exactly the
// handles that were ready at that moment; what they schedule runs on the next round.
//
// Time is virtual by default (docs/architecture.md, "Virtual time and determinism"): it starts at 0.0 and moves only when the loop
// would wait for a timer, by a per-handle cost, and by a blocking sleep. Clock::real uses the monotonic
// clock and really waits, in libuv.
#pragma once

#include <uv.h>

#include <deque>
#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <vector>

#include "coroutine.h"
#include "exceptions.h"
#include "frame_pool.h"
#include "handle.h"
#include "value.h"

namespace asyncio {

class Future;
class Task;

enum class Clock { virtual_time, real_time };

class EventLoop {
public:
    explicit EventLoop(Clock clock = Clock::virtual_time);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    double time() const;
    Clock clock() const { return clock_; }

    // The name as a view: a future's done callbacks keep theirs, and the handle copies it only if the
    // trace is not keeping it (see Handle). The callback is built straight into its handle: each time a
    // callback is handed on costs an indirect call, and a Task's step and wakeup are handed on at
    // every step.
    template <class F>
        requires std::is_invocable_v<std::decay_t<F>&>
    std::shared_ptr<Handle> call_soon(F&& callback, std::string_view name,
                                      std::source_location where = std::source_location::current()) {
        if (closed_) throw RuntimeError("Event loop is closed");
        return add_ready(make_pooled<Handle>(std::forward<F>(callback), name, false), where);
    }
    std::shared_ptr<TimerHandle> call_later(double delay, HandleCallback callback, std::string name,
                                            std::source_location where = std::source_location::current());
    std::shared_ptr<TimerHandle> call_at(double when, HandleCallback callback, std::string name,
                                         std::source_location where = std::source_location::current());

    std::shared_ptr<Future> create_future(std::source_location where = std::source_location::current());
    std::shared_ptr<Task> create_task(CoroutineBase coro, std::string name = {},
                                      std::source_location where = std::source_location::current());

    // Runs until stop(); in this runtime it also returns when the loop is idle (nothing ready, no
    // timers, no I/O), where a real run_forever would wait for ever.
    void run_forever(std::source_location where = std::source_location::current());
    // Runs until the future is done and returns its result (or raises its exception).
    Value run_until_complete(std::shared_ptr<Future> future,
                             std::source_location where = std::source_location::current());
    void stop() { stopping_ = true; }
    bool is_running() const { return running_; }
    bool is_closed() const { return closed_; }
    // Cancels nothing, runs nothing: drops what is queued, closes every libuv handle and the uv loop.
    void close();

    // One round of the loop; public so tests can turn the crank one round at a time.
    void run_once();

    // Virtual time only: what each handle the loop runs costs (homemade_sleep sets 10 ms).
    void set_handle_cost(double seconds) { handle_cost_ = seconds; }
    // time.sleep(seconds): the whole loop stalls; virtual time jumps, real time really passes.
    void blocking_sleep(double seconds, std::source_location where = std::source_location::current());

    uv_loop_t* uv_loop() { return &uv_loop_; }
    // An I/O callback completed a future during this poll (the trace counts them).
    void note_io_completion() { ++io_completions_; }
    size_t ready_count() const { return ready_.size(); }
    size_t timer_count() const { return scheduled_.size(); }
    // True once close() has closed the uv loop without error (uv_loop_close returned 0).
    bool uv_closed_cleanly() const { return uv_closed_cleanly_; }

private:
    friend class Task;
    // asyncio's _register_task and its WeakSet: a task joins the loop's list when created and leaves it
    // when destroyed (Task::~Task).
    void track(Task& task);
    void untrack(Task& task);
    // call_soon's second half: reports the new handle and puts it on the ready queue.
    std::shared_ptr<Handle> add_ready(std::shared_ptr<Handle> handle, std::source_location where);
    std::shared_ptr<TimerHandle> schedule(double when, double delay, HandleCallback callback, std::string name,
                                          std::source_location where);
    void advance(double seconds);
    void sync_recorder_time() const;
    double poll_timeout() const;
    // `io_in_flight`: libuv has something in hand (uv_loop_alive), as run_once found just before.
    void poll(double timeout, bool io_in_flight);

    Clock clock_;
    uv_loop_t uv_loop_{};
    uv_timer_t wake_timer_{};  // wakes a real-clock poll at the earliest deadline
    std::uint64_t start_ns_ = 0;
    double virtual_now_ = 0;
    double handle_cost_ = 0;
    bool running_ = false;
    bool stopping_ = false;
    bool closed_ = false;
    bool uv_closed_cleanly_ = false;
    int iteration_ = 0;
    int io_completions_ = 0;
    std::uint64_t timer_sequence_ = 0;
    std::deque<std::shared_ptr<Handle>> ready_;
    std::vector<std::shared_ptr<TimerHandle>> scheduled_;  // a min-heap by (when, sequence)
    // asyncio's all_tasks(): the live tasks, oldest first, linked through the tasks themselves (a list of
    // weak_ptrs kept each task's memory until the list was pruned, so a new task never reused a warm one).
    Task* first_task_ = nullptr;
    Task* last_task_ = nullptr;
};

// What get_running_loop() gives: a handle on the running loop that copies, so that Python's
// `loop = asyncio.get_running_loop()` reads `auto loop = get_running_loop();` (auto& works too), with
// the loop's methods, and that converts to EventLoop& where the loop itself is needed.
class RunningLoop {
public:
    explicit RunningLoop(EventLoop* loop = nullptr) : loop_(loop) {}
    operator EventLoop&() const { return *loop_; }
    EventLoop* operator->() const { return loop_; }
    // &get_running_loop() is the loop's address, as it was when get_running_loop() gave an EventLoop&.
    EventLoop* operator&() const { return loop_; }

    double time() const { return loop_->time(); }
    template <class F>
        requires std::is_invocable_v<std::decay_t<F>&>
    std::shared_ptr<Handle> call_soon(F&& callback, std::string_view name,
                                      std::source_location where = std::source_location::current()) const {
        return loop_->call_soon(std::forward<F>(callback), name, where);
    }
    std::shared_ptr<TimerHandle> call_later(double delay, HandleCallback callback, std::string name,
                                            std::source_location where = std::source_location::current()) const {
        return loop_->call_later(delay, std::move(callback), std::move(name), where);
    }
    std::shared_ptr<TimerHandle> call_at(double when, HandleCallback callback, std::string name,
                                         std::source_location where = std::source_location::current()) const {
        return loop_->call_at(when, std::move(callback), std::move(name), where);
    }
    std::shared_ptr<Future> create_future(std::source_location where = std::source_location::current()) const {
        return loop_->create_future(where);
    }
    std::shared_ptr<Task> create_task(CoroutineBase coro, std::string name = {},
                                      std::source_location where = std::source_location::current()) const {
        return loop_->create_task(std::move(coro), std::move(name), where);
    }
    void stop() const { loop_->stop(); }
    bool is_running() const { return loop_->is_running(); }
    bool is_closed() const { return loop_->is_closed(); }
    void blocking_sleep(double seconds, std::source_location where = std::source_location::current()) const {
        loop_->blocking_sleep(seconds, where);
    }

private:
    EventLoop* loop_;
};

// asyncio.get_running_loop(): raises RuntimeError when no loop is running on this thread.
RunningLoop& get_running_loop();
// asyncio._get_running_loop(): the running loop, or null.
EventLoop* running_loop();

}  // namespace asyncio
