#include "event_loop.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include "frame_pool.h"
#include "future.h"
#include "io_future.h"
#include "task.h"
#include "tracing.h"

namespace asyncio {

using cotrace::EventKind;

namespace {

thread_local EventLoop* current_loop = nullptr;

// The oracle's virtual clock resolution: a timer is due when its deadline < now + resolution.
constexpr double clock_resolution = 1e-9;

bool later(const std::shared_ptr<TimerHandle>& a, const std::shared_ptr<TimerHandle>& b) {
    return a->when != b->when ? a->when > b->when : a->sequence > b->sequence;
}

}  // namespace

EventLoop* running_loop() { return current_loop; }

RunningLoop& get_running_loop() {
    if (!current_loop) throw RuntimeError("no running event loop");
    // One handle per thread, pointed at the loop running now: `auto&` binds to it, `auto` copies it.
    thread_local RunningLoop running;
    running = RunningLoop(current_loop);
    return running;
}

EventLoop::EventLoop(Clock clock) : clock_(clock) {
    if (uv_loop_init(&uv_loop_) != 0) throw RuntimeError("uv_loop_init failed");
    uv_timer_init(&uv_loop_, &wake_timer_);
    start_ns_ = uv_hrtime();
}

EventLoop::~EventLoop() {
    if (!closed_) close();
}

double EventLoop::time() const {
    if (clock_ == Clock::virtual_time) return virtual_now_;
    return static_cast<double>(uv_hrtime() - start_ns_) / 1e9;
}

void EventLoop::sync_recorder_time() const {
    if (auto* recorder = tracing::recorder()) recorder->set_time(time());
}

void EventLoop::advance(double seconds) {
    if (clock_ == Clock::virtual_time && seconds > 0) virtual_now_ += seconds;
    sync_recorder_time();
}

std::shared_ptr<Handle> EventLoop::add_ready(std::shared_ptr<Handle> handle, std::source_location where) {
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::call_soon, .subject = handle->trace_id(), .where = recorder->locate(where)});
    ready_.push_back(handle);
    return handle;
}

std::shared_ptr<TimerHandle> EventLoop::call_later(double delay, HandleCallback callback, std::string name,
                                                   std::source_location where) {
    return schedule(time() + delay, delay, std::move(callback), std::move(name), where);
}

std::shared_ptr<TimerHandle> EventLoop::call_at(double when, HandleCallback callback, std::string name,
                                                std::source_location where) {
    return schedule(when, when - time(), std::move(callback), std::move(name), where);
}

std::shared_ptr<TimerHandle> EventLoop::schedule(double when, double delay, HandleCallback callback,
                                                 std::string name, std::source_location where) {
    if (closed_) throw RuntimeError("Event loop is closed");
    auto timer = make_pooled<TimerHandle>(when, ++timer_sequence_, std::move(callback), name);
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::call_later, .subject = timer->trace_id(), .where = recorder->locate(where),
                        .number = delay});
    scheduled_.push_back(timer);
    std::push_heap(scheduled_.begin(), scheduled_.end(), later);
    return timer;
}

std::shared_ptr<Future> EventLoop::create_future(std::source_location where) {
    return make_pooled<Future>(*this, where);
}

std::shared_ptr<Task> EventLoop::create_task(CoroutineBase coro, std::string name, std::source_location where) {
    return Task::create(std::move(coro), std::move(name), this, where);
}

void EventLoop::track(Task& task) {
    task.previous_task_ = last_task_;
    task.next_task_ = nullptr;
    (last_task_ ? last_task_->next_task_ : first_task_) = &task;
    last_task_ = &task;
    task.tracked_ = true;
}

void EventLoop::untrack(Task& task) {
    (task.previous_task_ ? task.previous_task_->next_task_ : first_task_) = task.next_task_;
    (task.next_task_ ? task.next_task_->previous_task_ : last_task_) = task.previous_task_;
    task.previous_task_ = task.next_task_ = nullptr;
    task.tracked_ = false;
}

double EventLoop::poll_timeout() const {
    if (!ready_.empty() || stopping_) return 0;
    if (!scheduled_.empty()) return std::max(0.0, scheduled_.front()->when - time());
    return -1;  // block until I/O
}

void EventLoop::poll(double timeout, bool io_in_flight) {
    auto* recorder = tracing::recorder();
    if (recorder) recorder->emit({.kind = EventKind::poll, .number = timeout});
    io_completions_ = 0;
    // How long libuv took is read from the clock only around a call into libuv (only such a poll is
    // reported done): most polls, between tasks, call nothing, and a clock reading is a system call.
    std::uint64_t started = 0;
    auto start_timing = [&] {
        if (recorder) started = uv_hrtime();
    };
    if (clock_ == Clock::virtual_time && timeout >= 0) {
        // Nothing really waits for a timer: time jumps to the deadline the loop would have slept until.
        if (timeout > 0) advance(timeout);
        if (io_in_flight) start_timing(), uv_run(&uv_loop_, UV_RUN_NOWAIT);
    } else if (timeout == 0) {
        // With nothing in libuv's hands (no I/O, no closing handle), a poll could only come back empty.
        if (io_in_flight) start_timing(), uv_run(&uv_loop_, UV_RUN_NOWAIT);
    } else {
        start_timing();
        // Real time, or nothing to do but I/O: really wait, in libuv, for I/O or the next deadline.
        if (timeout > 0) {
            auto ms = static_cast<std::uint64_t>(std::ceil(timeout * 1000));
            uv_update_time(&uv_loop_);  // the last uv_run may have been long ago: time the wait from now
            uv_timer_start(&wake_timer_, [](uv_timer_t*) {}, ms, 0);
        }
        uv_run(&uv_loop_, UV_RUN_ONCE);
        uv_timer_stop(&wake_timer_);
    }
    sync_recorder_time();
    if (recorder && (io_in_flight || io_completions_ > 0))
        recorder->emit({.kind = EventKind::poll_done, .number = static_cast<double>(uv_hrtime() - started) / 1e9,
                        .text = std::to_string(io_completions_)});
}

void EventLoop::run_once() {
    auto* recorder = tracing::recorder();
    // Cancelled timers at the head of the heap are dropped without running.
    while (!scheduled_.empty() && scheduled_.front()->cancelled()) {
        std::pop_heap(scheduled_.begin(), scheduled_.end(), later);
        if (recorder)
            recorder->emit({.kind = EventKind::timer_discarded, .subject = scheduled_.back()->trace_id()});
        scheduled_.pop_back();
    }
    bool io_pending = uv_loop_alive(&uv_loop_) != 0;
    if (ready_.empty() && scheduled_.empty() && !io_pending) {
        // A real run_forever would wait here for ever; a recording ends.
        if (recorder) recorder->emit({.kind = EventKind::idle});
        stopping_ = true;
        return;
    }
    ++iteration_;
    if (recorder) recorder->emit({.kind = EventKind::loop_iteration, .number = static_cast<double>(iteration_)});
    // Between tasks there is usually nothing to poll, nothing to wait for and nothing to record.
    if (double timeout = poll_timeout(); recorder || io_pending || timeout != 0) poll(timeout, io_pending);

    // Read the clock only when a timer could be due (in real time, each reading is a system clock call).
    double end_time = scheduled_.empty() ? 0 : time() + clock_resolution;
    while (!scheduled_.empty() && scheduled_.front()->when < end_time) {
        std::pop_heap(scheduled_.begin(), scheduled_.end(), later);
        auto timer = std::move(scheduled_.back());
        scheduled_.pop_back();
        if (timer->cancelled()) {
            if (recorder) recorder->emit({.kind = EventKind::timer_discarded, .subject = timer->trace_id()});
            continue;
        }
        if (recorder) recorder->emit({.kind = EventKind::timer_ready, .subject = timer->trace_id()});
        ready_.push_back(std::move(timer));
    }

    // Only what was ready now: callbacks scheduled by these handles wait for the next round.
    for (size_t todo = ready_.size(); todo > 0; --todo) {
        auto handle = std::move(ready_.front());
        ready_.pop_front();
        if (handle->cancelled()) continue;
        sync_recorder_time();
        if (recorder) recorder->emit({.kind = EventKind::run, .subject = handle->trace_id()});
        try {
            handle->run();
        } catch (const std::exception& e) {
            // asyncio logs an exception escaping a callback and carries on.
            // While recording, a handle's name is only in the trace (see Handle).
            std::string name = handle->name().empty() && recorder ? recorder->name(handle->trace_id()) : handle->name();
            // Untraced, a Task's step handle has no name (it is spelled only for the trace); the
            // exception's text names the Task.
            std::cerr << "Exception in callback" << (name.empty() ? "" : " ") << name << ": "
                      << exception_repr(std::current_exception()) << "\n";
        }
        if (recorder) recorder->emit({.kind = EventKind::run_end, .subject = handle->trace_id()});
        if (clock_ == Clock::virtual_time) advance(handle_cost_);
    }
}

void EventLoop::run_forever(std::source_location where) {
    if (closed_) throw RuntimeError("Event loop is closed");
    if (running_) throw RuntimeError("This event loop is already running");
    if (current_loop) throw RuntimeError("Cannot run the event loop while another loop is running");
    running_ = true;
    current_loop = this;
    sync_recorder_time();
    auto* recorder = tracing::recorder();
    if (recorder) recorder->emit({.kind = EventKind::loop_start, .where = recorder->locate(where)});
    struct Leave {
        EventLoop* loop;
        ~Leave() {
            loop->stopping_ = false;
            loop->running_ = false;
            current_loop = nullptr;
            if (auto* r = tracing::recorder()) r->emit({.kind = EventKind::loop_stop});
        }
    } leave{this};
    for (;;) {
        run_once();
        if (stopping_) break;
    }
}

Value EventLoop::run_until_complete(std::shared_ptr<Future> future, std::source_location where) {
    // _run_until_complete_cb: stop the loop when the future is done.
    future->add_done_callback([](const std::shared_ptr<Future>& done) { done->get_loop().stop(); },
                              "run_until_complete_cb", tracing::internal);
    try {
        run_forever(where);
    } catch (...) {
        future->remove_done_callback("run_until_complete_cb");
        throw;
    }
    future->remove_done_callback("run_until_complete_cb");
    if (!future->done()) throw RuntimeError("Event loop stopped before Future completed.");
    return future->result();
}

void EventLoop::blocking_sleep(double seconds, std::source_location where) {
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::clock_advance, .where = recorder->locate(where), .number = seconds,
                        .text = "blocking sleep"});
    if (clock_ == Clock::virtual_time) advance(seconds);
    else std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void EventLoop::close() {
    if (running_) throw RuntimeError("Cannot close a running event loop");
    if (closed_) return;
    closed_ = true;
    ready_.clear();
    scheduled_.clear();
    // Pending tasks and the futures they wait on hold each other; Python's GC breaks such cycles,
    // here the loop does.
    // Held here while they let go of each other, so that none leaves the list while it is walked.
    std::vector<std::shared_ptr<Task>> pending;
    for (Task* task = first_task_; task; task = task->next_task_)
        if (auto alive = task->weak_from_this().lock()) pending.push_back(std::static_pointer_cast<Task>(alive));
    for (auto& task : pending) task->abandon();
    // A task the program still holds outlives the list: it must not reach back to this loop when it goes.
    while (first_task_) untrack(*first_task_);
    pending.clear();
    // Every handle still open (connections, servers) is closed; their close callbacks free them.
    uv_walk(
        &uv_loop_,
        [](uv_handle_t* handle, void* wake_timer) {
            if (uv_is_closing(handle)) return;
            if (handle == wake_timer) uv_close(handle, nullptr);
            else static_cast<IoHandle*>(handle->data)->close();
        },
        &wake_timer_);
    uv_run(&uv_loop_, UV_RUN_DEFAULT);
    uv_closed_cleanly_ = uv_loop_close(&uv_loop_) == 0;
}

}  // namespace asyncio
