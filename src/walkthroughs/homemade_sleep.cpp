// A homemade asynchronous sleep: a Future that a watcher task completes once time is up, while the
// watcher hands control back to the loop on every check with a bare yield.
// Each "// py N" marks the line of the Python original (python/homemade_sleep.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::homemade_sleep {

using namespace asyncio;

class YieldToEventLoop {                                                // py 9
public:
    YieldToEventLoop() = default;
    Coroutine<> await_() {                                              // py 10
        co_await yield_(None);                                          // py 11
    }
};

Coroutine<> _sleep_watcher(std::shared_ptr<Future> future, double time_to_wake) {  // py 13
    while (true) {                                                      // py 14
        if (get_running_loop().time() >= time_to_wake) {                // py 15
            future->set_result(None);                                   // py 16
            break;                                                      // py 17
        } else {                                                        // py 18
            co_await YieldToEventLoop();                                // py 19
        }
    }
}

Coroutine<> async_sleep(double seconds) {                               // py 21
    auto future = Future::create();                                     // py 22
    double time_to_wake = get_running_loop().time() + seconds;          // py 23
    Task::create(_sleep_watcher(future, time_to_wake), "watcher");       // py 24
    co_await future;                                                    // py 25
}

Coroutine<> other_work() {                                              // py 27
    print("I like work. Work work.");                                   // py 28
    blocking_sleep(0.1);  // time.sleep(0.1): hogs the loop             // py 29
    co_return;
}

Coroutine<> main() {                                                    // py 31
    std::vector<std::shared_ptr<Future>> work;
    for (int i = 0; i < 3; ++i) work.push_back(Task::create(other_work(), "work" + std::to_string(i + 1)));  // py 32
    print("Beginning asynchronous sleep at time: " + format_fixed(get_running_loop().time(), 2) + ".");  // py 33
    co_await Task::create(async_sleep(0.1), "sleeper");                 // py 34
    print("Done asynchronous sleep at time: " + format_fixed(get_running_loop().time(), 2) + ".");  // py 35
    co_await gather(work);                                              // py 36
}

void program() {
    EventLoop loop;                                                     // py 38
    loop.set_handle_cost(0.01);  // every callback the loop runs takes 10 ms   // py 7
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 39
}

}  // namespace walkthroughs::homemade_sleep

cotrace::Walkthrough cotrace::homemade_sleep_walkthrough() {
    return {"homemade_sleep", "A homemade sleep, and a loop hogged by blocking work",
            "Sleep built from a Future and a watcher task; blocking work makes it last longer than asked.",
            "async_sleep(0.1) makes a Future and a watcher task, then awaits the future. The watcher checks "
            "the clock and, while it is early, gives control back with a bare yield: watch it go round the "
            "ready queue again and again. But first the three work tasks each block the whole loop for 0.1 s "
            "(time.sleep), and every callback costs 10 ms of virtual time: the sleep asked for 0.1 s and "
            "ends at 0.46.",
            "src/walkthroughs/homemade_sleep.cpp", "src/walkthroughs/python/homemade_sleep.py",
            walkthroughs::homemade_sleep::program};
}
