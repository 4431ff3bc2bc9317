// The triple/main control-flow walkthrough.
// Each "// py N" marks the line of the Python original (python/triple_main.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::triple_main {

using namespace asyncio;

Coroutine<int> triple(int val) {                                       // py 4
    co_return val * 3;                                                 // py 5
}

Coroutine<int> main() {                                                // py 7
    auto triple_task = Task::create(triple(5), "triple_task");         // py 8
    int tripled_val = co_await triple_task;                            // py 9
    co_return tripled_val + 2;                                         // py 10
}

void program() {
    EventLoop loop;                                                    // py 12
    auto main_task = Task::create(main(), "main_task", &loop);         // py 13
    loop.run_forever();                                                // py 14
}

}  // namespace walkthroughs::triple_main

cotrace::Walkthrough cotrace::triple_main_walkthrough() {
    return {"triple_main", "triple/main: who holds control, step by step",
            "The control-flow walkthrough: main_task awaits triple_task through the event loop.",
            "main_task's step runs main(), which creates triple_task and awaits it. triple_task is not done, "
            "so Future.__await__ yields the task itself; the yield percolates up through main to "
            "main_task.step, which adds main_task.wakeup as a done callback and hands control back to the "
            "loop. triple_task then runs and returns 15: set_result schedules the wake-up, which resumes main "
            "where it stopped, and main returns 17.",
            "src/walkthroughs/triple_main.cpp", "src/walkthroughs/python/triple_main.py",
            walkthroughs::triple_main::program};
}
