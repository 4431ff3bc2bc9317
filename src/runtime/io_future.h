// IoFuture: a Future for one I/O operation that libuv carries out. libuv's callback completes it (or
// sets its exception); the task awaiting it is woken through its done callback on a later round of
// the loop, as asyncio's transports do. No coroutine ever runs inside a libuv callback.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>

#include "future.h"

namespace asyncio {

class IoFuture : public Future {
public:
    // `description` says what the operation is, for the trace: "read of notes.txt, 4096 bytes".
    IoFuture(EventLoop& loop, std::string description);

    // From a libuv callback. `outcome` says how it went, for the trace: "4096 bytes".
    void complete(Value result, const std::string& outcome);
    void fail(int uv_code, const std::string& context);
    void fail(std::exception_ptr exception, const std::string& outcome);

    // Cancelling the future cancels the operation: it runs `on_cancel` (uv_cancel, uv_read_stop, ...).
    bool cancel(std::string message = {}, std::source_location where = std::source_location::current()) override;
    std::function<void()> on_cancel;

    const std::string& description() const { return description_; }

private:
    void finish_io(const std::string& outcome);
    std::string description_;
    bool io_finished_ = false;
};

// Base of the structs that own a libuv handle. The loop closes every handle still open when it
// closes; `closed` then tells the owner the handle is gone.
struct IoHandle {
    virtual ~IoHandle() = default;
    virtual uv_handle_t* uv_handle() = 0;
    void close();  // uv_close, then delete this in the close callback
    bool closing = false;
    std::function<void()> on_closed;  // tells the owner (a Connection, a Server) that we are gone
};

}  // namespace asyncio
