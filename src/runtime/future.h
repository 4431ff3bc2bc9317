// Future: Lib/asyncio/futures.py. A box for a result that is not there yet, plus the callbacks to
// schedule when it arrives. Callbacks never run directly: set_result, set_exception and cancel hand
// each one to loop.call_soon, in the order they were added.
#pragma once

#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <vector>

#include "coroutine.h"
#include "frame_pool.h"
#include "function_names.h"
#include "inline_function.h"
#include "value.h"

namespace asyncio {

class Handle;

class EventLoop;

class Future : public std::enable_shared_from_this<Future> {
public:
    using Callback = InlineFunction<void(const std::shared_ptr<Future>&)>;

    explicit Future(EventLoop& loop, std::source_location where = std::source_location::current());
    virtual ~Future() = default;
    // asyncio.Future(): a future of the running loop (or of `loop`).
    static std::shared_ptr<Future> create(EventLoop* loop = nullptr,
                                          std::source_location where = std::source_location::current());
    Future(const Future&) = delete;
    Future& operator=(const Future&) = delete;

    bool done() const { return state_ != State::pending; }
    bool cancelled() const { return state_ == State::cancelled; }
    // The result; raises the exception if there is one, CancelledError if cancelled,
    // InvalidStateError if not done yet.
    Value result() const;
    std::exception_ptr exception() const;

    void set_result(Value result, std::source_location where = std::source_location::current());
    void set_exception(std::exception_ptr exception, std::source_location where = std::source_location::current());
    template <typename E>
        requires std::is_base_of_v<BaseException, E>
    void set_exception(E exception, std::source_location where = std::source_location::current()) {
        set_exception(std::make_exception_ptr(std::move(exception)), where);
    }
    virtual bool cancel(std::string message = {}, std::source_location where = std::source_location::current());

    // `name` is how the trace and the step log call the callback (main_task.wakeup, ...).
    void add_done_callback(Callback callback, std::string name,
                           std::source_location where = std::source_location::current()) {
        add_done_callback(std::move(callback), std::move(name), 0, where);
    }
    // A Task's wakeup: `wakes_task` is the task's id in the trace, which its handle records as its owner.
    void add_done_callback(Callback callback, std::string name, std::uint32_t wakes_task, std::source_location where);
    // add_done_callback(f) as Python has it: named from the function ("inner"), or "<lambda>".
    template <typename F>
        requires std::is_invocable_v<F&, const std::shared_ptr<Future>&>
    void add_done_callback(F&& callback, std::source_location where = std::source_location::current()) {
        std::string name = callable_name(callback);
        add_done_callback(Callback(std::forward<F>(callback)), std::move(name), where);
    }
    size_t remove_done_callback(const std::string& name);

    // Python's Future.__await__: if not done, mark the future blocking and yield it to the Task;
    // once resumed, return the result (or raise).
    Coroutine<Value> await_();

    EventLoop& get_loop() const { return *loop_; }
    std::uint32_t trace_id() const { return trace_id_; }
    virtual std::string repr() const;
    // The repr, for the trace: in `scratch`, or (a Task's, while pending) kept by the future itself.
    virtual std::string_view traced_repr(std::string& scratch) const {
        scratch = repr();
        return scratch;
    }

    // Set by __await__ just before yielding the future, so Task.step knows it came from an await.
    bool asyncio_future_blocking = false;

protected:
    enum class State { pending, cancelled, finished };
    Future(EventLoop& loop, int trace_kind, std::string name, std::source_location where);
    void schedule_callbacks();
    // The handle that runs a Task's wakeup records the task (see add_done_callback).
    static void note_wakeup(const Handle& handle, std::uint32_t wakes_task);
    std::exception_ptr make_cancelled_error() const;
    std::string state_name() const;

    EventLoop* loop_;
    State state_ = State::pending;
    Value result_;
    std::exception_ptr exception_;
    std::string cancel_message_;
    // On the frame pool: nearly every future gets one callback (its Task's wakeup), and a malloc each.
    struct CallbackEntry {
        Callback callback;
        std::string name;
        std::uint32_t wakes_task = 0;  // see add_done_callback
    };
    std::vector<CallbackEntry, frame_pool::Allocator<CallbackEntry>> callbacks_;
    std::uint32_t trace_id_ = 0;

    friend class EventLoop;
};

// futures._set_result_unless_cancelled: what sleep()'s timer calls.
void set_result_unless_cancelled(const std::shared_ptr<Future>& future, Value result);

inline FutureAwaiter::FutureAwaiter(const std::shared_ptr<Future>& future, Chain* chain, FrameBase* awaiting_frame)
    : chain_(chain), awaiting_frame_(awaiting_frame) {
    if (chain->recorder) {
        chain->recorder->next_frame_made_at(chain->recorder->locate(awaiting_frame->where));  // the await's line
        traced_.emplace(future->await_(), chain, awaiting_frame);
    }
    else future_ = future;
}

inline bool FutureAwaiter::await_ready() {
    if (traced_) return traced_->await_ready();
    return future_->done();  // __await__ returns at once
}

inline std::coroutine_handle<> FutureAwaiter::await_suspend(std::coroutine_handle<> awaiting) {
    if (traced_) return traced_->await_suspend(awaiting);
    future_->asyncio_future_blocking = true;
    YieldAwaiter(chain_, awaiting_frame_, Value(future_)).await_suspend(awaiting);  // __await__'s `yield self`
    yielded_ = true;
    return std::noop_coroutine();  // back to whoever resumed this chain: its Task
}

inline Value FutureAwaiter::await_resume() {
    if (traced_) return traced_->await_resume();
    if (yielded_) {
        // What the Task throws in (a cancellation) comes out of the await; what it sends is ignored.
        if (chain_->thrown) std::rethrow_exception(std::exchange(chain_->thrown, nullptr));
        if (!future_->done()) throw RuntimeError("await wasn't used with future");
    }
    return future_->result();
}

}  // namespace asyncio
