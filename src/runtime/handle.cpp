#include "handle.h"

#include "tracing.h"

namespace asyncio {

void Handle::identify(std::string_view name, bool is_timer) {
    if (auto* recorder = tracing::recorder())
        trace_id_ = recorder->add_object(is_timer ? cotrace::ObjectKind::timer : cotrace::ObjectKind::handle, name);
    else
        name_ = name;
}

void Handle::cancel() {
    if (cancelled_) return;
    cancelled_ = true;
    // sleep() cancels its timer in a finally, usually after the timer ran: nothing to show then.
    if (auto* recorder = tracing::recorder(); recorder && !ran_)
        recorder->emit({.kind = cotrace::EventKind::handle_cancel, .subject = trace_id_});
    // Drop what the callback holds (a future, a task) now, as asyncio does.
    callback_ = nullptr;
}

void Handle::run() {
    ran_ = true;
    if (callback_) callback_();
}

}  // namespace asyncio
