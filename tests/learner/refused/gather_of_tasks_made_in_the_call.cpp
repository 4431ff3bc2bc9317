// refused: C++ may create these tasks in any order
// gather(Task::create(...), Task::create(...)): Python makes s1 first; C++ may make s5 first.
#include "runtime/asyncio.h"

using namespace asyncio;

Coroutine<> sleeper(double seconds) { co_await sleep(seconds); }

void program() {
    EventLoop loop;
    loop.run_until_complete(gather(Task::create(sleeper(1), "s1"), Task::create(sleeper(5), "s5")));
}
