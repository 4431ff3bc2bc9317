// A Future is done when someone says so: a task sets its result, and the loop runs until it is done.
// Each "// py N" marks the line of the Python original (python/future_set_result.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::future_set_result {

using namespace asyncio;

Coroutine<> main(std::shared_ptr<Future> f) {                           // py 4
    co_await asyncio::sleep(1);                                         // py 5
    f->set_result("I have finished.");                                  // py 6
}

void program() {
    EventLoop loop;                                                     // py 8
    auto fut = loop.create_future();                                    // py 9
    print(str(fut->done()));                                            // py 10
    Task::create(main(fut), "main_task", &loop);                        // py 11
    print(str(loop.run_until_complete(fut)));                           // py 12
    print(str(fut->done()));                                            // py 13
}

}  // namespace walkthroughs::future_set_result

cotrace::Walkthrough cotrace::future_set_result_walkthrough() {
    return {"future_set_result", "A Future is done when someone says so",
            "A task sets a Future's result after a sleep; run_until_complete(fut) returns it.",
            "A Future is only a box with a state: it does no work. The program makes one and runs the loop "
            "until it is done. Nothing about the future changes until main_task, after sleeping a second, "
            "calls set_result: that schedules run_until_complete's callback, which stops the loop, and "
            "run_until_complete returns the result.",
            "src/walkthroughs/future_set_result.cpp", "src/walkthroughs/python/future_set_result.py",
            walkthroughs::future_set_result::program};
}
