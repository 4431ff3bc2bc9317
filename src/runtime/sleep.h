// asyncio.sleep (Lib/asyncio/tasks.py).
#pragma once

#include "coroutine.h"
#include "value.h"

namespace asyncio {

// sleep(0) is a bare yield: the task gives up control for one round of the loop.
// sleep(d) awaits a Future that a timer (call_later) completes, and returns `result`.
Coroutine<Value> sleep(double delay, Value result = None);
// sleep(0) with an int: an exact match, so that POSIX's ::sleep(unsigned) (unistd.h) never makes it ambiguous.
inline Coroutine<Value> sleep(int delay, Value result = None) { return sleep(static_cast<double>(delay), std::move(result)); }

// tasks.__sleep0: the bare yield, as a generator-based coroutine.
Coroutine<> sleep0();

}  // namespace asyncio
