#include "sleep.h"

#include "event_loop.h"
#include "future.h"
#include "tracing.h"

namespace asyncio {

Coroutine<> sleep0() {
    co_await yield_(None);
}

Coroutine<Value> sleep(double delay, Value result) {
    if (delay <= 0) {
        co_await sleep0();
        co_return result;
    }
    EventLoop& loop = get_running_loop();
    auto future = loop.create_future(tracing::internal);
    auto timer = loop.call_later(
        delay, [future, result] { set_result_unless_cancelled(future, result); }, "set_result_unless_cancelled",
        tracing::internal);
    // try/finally: the timer is cancelled however the await ends (a CancelledError included).
    try {
        Value value = co_await future;
        timer->cancel();
        co_return value;
    } catch (...) {
        timer->cancel();
        throw;
    }
}

}  // namespace asyncio
