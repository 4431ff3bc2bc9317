// Cancellation is an exception thrown into the coroutine: first by hand with throw(), then by Task.cancel().
// Each "// py N" marks the line of the Python original (python/cancel_throw.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::cancel_throw {

using namespace asyncio;

Coroutine<int> f() {                                                    // py 4
    try {                                                               // py 5
        while (true)                                                    // py 6
            co_await asyncio::sleep(0);                                 // py 7
    } catch (const CancelledError&) {                                   // py 8
        print("I was cancelled!");                                      // py 9
        throw;                                                          // py 10
    }
    co_return 111;                                                      // py 12
}

Coroutine<> sleeper() {                                                 // py 22
    try {                                                               // py 23
        co_await asyncio::sleep(10);                                    // py 24
    } catch (const CancelledError&) {                                   // py 25
        print("sleeper: cancelled while sleeping");                     // py 26
        throw;                                                          // py 27
    }
}

Coroutine<> main() {                                                    // py 29
    auto victim = Task::create(sleeper(), "victim");                    // py 30
    co_await asyncio::sleep(1);                                         // py 31
    victim->cancel();                                                   // py 32
    try {                                                               // py 33
        co_await victim;                                                // py 34
    } catch (const CancelledError&) {                                   // py 35
        print("main: victim.cancelled() = " + str(victim->cancelled()));  // py 36
    }
}

void program() {
    auto coro = f();                                                    // py 14
    coro.send(None);                                                    // py 15
    coro.send(None);                                                    // py 16
    try {                                                               // py 17
        coro.throw_(CancelledError());                                  // py 18
    } catch (const CancelledError&) {                                   // py 19
        print("CancelledError came back out of throw()");               // py 20
    }

    EventLoop loop;                                                     // py 38
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 39
}

}  // namespace walkthroughs::cancel_throw

cotrace::Walkthrough cotrace::cancel_throw_walkthrough() {
    return {"cancel_throw", "Cancellation is an exception thrown in",
            "throw(CancelledError) by hand, then Task.cancel() on a task that is sleeping.",
            "First, by hand: the program sends f() twice, then throws CancelledError into it. The exception "
            "is raised where f is suspended, inside its await; f catches it, prints, and re-raises, so it "
            "comes back out of throw(). Then with a loop: main cancels victim while victim sleeps. "
            "Task.cancel() cancels the future victim waits on; the wake-up throws CancelledError into "
            "victim's coroutine, and then into main, which is awaiting victim.",
            "src/walkthroughs/cancel_throw.cpp", "src/walkthroughs/python/cancel_throw.py",
            walkthroughs::cancel_throw::program};
}
