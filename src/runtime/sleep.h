// asyncio.sleep (Lib/asyncio/tasks.py).
#pragma once

#include "coroutine.h"
#include "value.h"

namespace asyncio {

// sleep(0) is a bare yield: the task gives up control for one round of the loop.
// sleep(d) awaits a Future that a timer (call_later) completes, and returns `result`.
Coroutine<Value> sleep(double delay, Value result = None);

// tasks.__sleep0: the bare yield, as a generator-based coroutine.
Coroutine<> sleep0();

}  // namespace asyncio
