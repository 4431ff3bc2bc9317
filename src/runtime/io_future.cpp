#include "io_future.h"

#include "event_loop.h"
#include "io_errors.h"
#include "tracing.h"

namespace asyncio {

IoFuture::IoFuture(EventLoop& loop, std::string description) : Future(loop), description_(std::move(description)) {
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = cotrace::EventKind::io_start, .subject = trace_id_, .text = description_});
}

void IoFuture::finish_io(const std::string& outcome) {
    if (io_finished_) return;
    io_finished_ = true;
    on_cancel = nullptr;
    loop_->note_io_completion();
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = cotrace::EventKind::io_done, .subject = trace_id_, .text = outcome});
}

void IoFuture::complete(Value result, const std::string& outcome) {
    // Cancelled meanwhile, or the loop closed: nobody can be woken, the result is dropped.
    if (done() || loop_->is_closed()) return;
    finish_io(outcome);
    set_result(std::move(result), tracing::internal);
}

void IoFuture::fail(int uv_code, const std::string& context) { fail(os_error(uv_code, context), uv_err_name(uv_code)); }

void IoFuture::fail(std::exception_ptr exception, const std::string& outcome) {
    if (done() || loop_->is_closed()) return;
    finish_io(outcome);
    set_exception(std::move(exception), tracing::internal);
}

bool IoFuture::cancel(std::string message, std::source_location where) {
    if (done()) return false;
    if (auto stop = std::move(on_cancel)) stop();
    finish_io("cancelled");
    return Future::cancel(std::move(message), where);
}

void IoHandle::close() {
    if (closing) return;
    closing = true;
    if (auto tell_owner = std::exchange(on_closed, nullptr)) tell_owner();
    uv_handle_t* handle = uv_handle();
    handle->data = this;
    uv_close(handle, [](uv_handle_t* h) { delete static_cast<IoHandle*>(h->data); });
}

}  // namespace asyncio
