#include "future.h"

#include "event_loop.h"
#include "tracing.h"

namespace asyncio {

using cotrace::EventKind;

Future::Future(EventLoop& loop, std::source_location where)
    : Future(loop, static_cast<int>(cotrace::ObjectKind::future), {}, where) {}

Future::Future(EventLoop& loop, int trace_kind, std::string name, std::source_location where) : loop_(&loop) {
    auto kind = static_cast<cotrace::ObjectKind>(trace_kind);
    if (auto* recorder = tracing::recorder()) {
        trace_id_ = recorder->add_object(kind, std::move(name));
        // A Task reports itself, once it knows its coroutine.
        if (kind != cotrace::ObjectKind::task)
            recorder->emit({.kind = EventKind::future_created, .subject = trace_id_, .where = recorder->locate(where)});
    }
}

std::shared_ptr<Future> Future::create(EventLoop* loop, std::source_location where) {
    return std::make_shared<Future>(loop ? *loop : get_running_loop(), where);
}

std::string Future::state_name() const {
    switch (state_) {
        case State::pending: return "PENDING";
        case State::cancelled: return "CANCELLED";
        case State::finished: return "FINISHED";
    }
    return "?";
}

std::exception_ptr Future::make_cancelled_error() const {
    return std::make_exception_ptr(CancelledError(cancel_message_));
}

Value Future::result() const {
    if (state_ == State::cancelled) std::rethrow_exception(make_cancelled_error());
    if (state_ != State::finished) throw InvalidStateError("Result is not ready.");
    if (exception_) std::rethrow_exception(exception_);
    return result_;
}

std::exception_ptr Future::exception() const {
    if (state_ == State::cancelled) std::rethrow_exception(make_cancelled_error());
    if (state_ != State::finished) throw InvalidStateError("Exception is not set.");
    return exception_;
}

void Future::set_result(Value result, std::source_location where) {
    if (state_ != State::pending) throw InvalidStateError(state_name() + ": " + repr());
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::set_result, .subject = trace_id_, .where = recorder->locate(where),
                        .text = result.repr()});
    result_ = std::move(result);
    state_ = State::finished;
    schedule_callbacks();
}

void Future::set_exception(std::exception_ptr exception, std::source_location where) {
    if (state_ != State::pending) throw InvalidStateError(state_name() + ": " + repr());
    if (exception_type_name(exception) == "StopIteration")
        throw TypeError("StopIteration interacts badly with generators and cannot be raised into a Future");
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::set_exception, .subject = trace_id_, .where = recorder->locate(where),
                        .text = exception_repr(exception)});
    exception_ = std::move(exception);
    state_ = State::finished;
    schedule_callbacks();
}

bool Future::cancel(std::string message, std::source_location where) {
    if (state_ != State::pending) return false;
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::cancel, .subject = trace_id_, .where = recorder->locate(where),
                        .text = message});
    state_ = State::cancelled;
    cancel_message_ = std::move(message);
    schedule_callbacks();
    return true;
}

void Future::schedule_callbacks() {
    auto callbacks = std::move(callbacks_);
    callbacks_.clear();
    auto self = shared_from_this();
    for (auto& [callback, name, wakes_task] : callbacks) {
        auto handle = loop_->call_soon([callback = std::move(callback), self] { callback(self); }, name, tracing::internal);
        note_wakeup(*handle, wakes_task);
    }
}

void Future::note_wakeup(const Handle& handle, std::uint32_t wakes_task) {
    if (!wakes_task) return;
    if (auto* recorder = tracing::recorder()) {
        recorder->set_owner(handle.trace_id(), wakes_task);
        recorder->set_role(handle.trace_id(), cotrace::ObjectRole::task_wakeup);
    }
}

void Future::add_done_callback(Callback callback, std::string name, std::uint32_t wakes_task, std::source_location where) {
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::add_done_callback, .subject = trace_id_,
                        .where = recorder->locate(where), .text = name});
    if (state_ != State::pending) {
        auto self = shared_from_this();
        auto handle = loop_->call_soon([callback = std::move(callback), self] { callback(self); }, std::move(name),
                                       tracing::internal);
        note_wakeup(*handle, wakes_task);
    } else {
        callbacks_.push_back({std::move(callback), std::move(name), wakes_task});
    }
}

size_t Future::remove_done_callback(const std::string& name) {
    auto before = callbacks_.size();
    std::erase_if(callbacks_, [&](const auto& entry) { return entry.name == name; });
    return before - callbacks_.size();
}

namespace {

Coroutine<Value> future_await(std::shared_ptr<Future> self) {  // seed 3
    if (!self->done()) {  // seed 5
        self->asyncio_future_blocking = true;  // seed 6
        if (auto* recorder = tracing::recorder())
            recorder->emit({.kind = EventKind::future_blocking, .subject = self->trace_id()});
        Value yielded_future = self;
        co_await yield_(yielded_future);  // tell the Task to wait for us; seed 7
    }
    if (!self->done()) throw RuntimeError("await wasn't used with future");  // seed 9,10
    co_return self->result();  // raises the exception, if there is one; seed 12
}

}  // namespace

Coroutine<Value> Future::await_() {
    Coroutine<Value> frame = future_await(shared_from_this());
    if (auto* recorder = tracing::recorder()) {
        // Named "<future>.__await__" once the future's name is final.
        recorder->set_name(frame.trace_id(), {});
        recorder->set_owner(frame.trace_id(), trace_id_);
        recorder->set_role(frame.trace_id(), cotrace::ObjectRole::future_await);
    }
    return frame;
}

std::string Future::repr() const {
    std::string out = "<Future ";
    if (state_ == State::pending) return out + "pending>";
    if (state_ == State::cancelled) return out + "cancelled>";
    if (exception_) return out + "finished exception=" + exception_repr(exception_) + ">";
    return out + "finished result=" + result_.repr() + ">";
}

void set_result_unless_cancelled(const std::shared_ptr<Future>& future, Value result) {
    if (future->cancelled()) return;
    future->set_result(std::move(result), tracing::internal);
}

}  // namespace asyncio
