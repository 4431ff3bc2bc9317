// How asyncio.sleep works: sleep(0) is a bare yield; sleep(d) is a Future completed by a timer (call_later).
// Each "// py N" marks the line of the Python original (python/asyncio_sleep.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::asyncio_sleep {

using namespace asyncio;

Coroutine<> main() {                                                    // py 4
    print("before sleep(0)");                                           // py 5
    co_await asyncio::sleep(0);                                         // py 6
    print("before sleep(2)");                                           // py 7
    Value result = co_await asyncio::sleep(2, "woke");                  // py 8
    print("sleep returned " + repr(result) + " at t=" + format_g(get_running_loop().time()));  // py 9
}

void program() {
    EventLoop loop;                                                     // py 11
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 12
}

}  // namespace walkthroughs::asyncio_sleep

cotrace::Walkthrough cotrace::asyncio_sleep_walkthrough() {
    return {"asyncio_sleep", "How asyncio.sleep works",
            "sleep(0) is a bare yield; sleep(2) is a Future that a timer completes.",
            "sleep(0) just yields None: the task's step is put straight back on the ready queue. sleep(2) is "
            "different: it makes a Future, schedules set_result_unless_cancelled on the timer heap with "
            "call_later, and awaits the future. With nothing ready, the loop waits for the deadline (virtual "
            "time jumps to t=2), the timer sets the future's result, and the wake-up resumes main with 'woke'.",
            "src/walkthroughs/asyncio_sleep.cpp", "src/walkthroughs/python/asyncio_sleep.py",
            walkthroughs::asyncio_sleep::program};
}
