// Awaiting a coroutine runs it inline and does not hand control to the loop; awaiting a Task does.
// Each "// py N" marks the line of the Python original (python/coro_vs_task.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::coro_vs_task {

using namespace asyncio;

std::string VARIANT;

Coroutine<> coro_a() {                                                  // py 5
    print("I am coro_a(). Hi!");                                        // py 6
    co_return;
}

Coroutine<> coro_b() {                                                  // py 8
    print("I am coro_b(). I sure hope no one hogs the event loop...");  // py 9
    co_return;
}

Coroutine<> main() {                                                    // py 11
    auto task_b = Task::create(coro_b(), "task_b");                     // py 12
    for (int i = 0; i < 3; ++i) {                                       // py 13
        if (VARIANT == "coro")                                          // py 14
            co_await coro_a();                                          // py 15
        else                                                            // py 16
            co_await Task::create(coro_a(), "task_a" + std::to_string(i + 1));  // py 17
    }
    co_await task_b;                                                    // py 18
}

void program() {
    VARIANT = "coro";                                                   // py 20
    EventLoop loop;                                                     // py 21
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 22
    VARIANT = "task";                                                   // py 23
    print("--- now awaiting Tasks ---");                                // py 24
    loop.run_until_complete(Task::create(main(), "main_task2", &loop)); // py 25
}

}  // namespace walkthroughs::coro_vs_task

cotrace::Walkthrough cotrace::coro_vs_task_walkthrough() {
    return {"coro_vs_task", "Awaiting a coroutine versus awaiting a Task",
            "await coro_a() runs it inline; await Task(coro_a()) yields to the loop, so coro_b runs first.",
            "main creates task_b, then awaits coro_a three times. In the first run it awaits the coroutine "
            "itself: coro_a runs inline, in main's own step, three times, and task_b waits its turn. In the "
            "second run it awaits a new Task each time: every await yields to the loop, so task_b runs "
            "before the first coro_a, and each task_aN takes a trip through the ready queue.",
            "src/walkthroughs/coro_vs_task.cpp", "src/walkthroughs/python/coro_vs_task.py",
            walkthroughs::coro_vs_task::program};
}
