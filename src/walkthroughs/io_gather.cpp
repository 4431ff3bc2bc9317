// Three simulated requests run concurrently under gather(): while one waits, the others run.
// Each "// py N" marks the line of the Python original (python/io_gather.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::io_gather {

using namespace asyncio;

Coroutine<std::string> fetch_data(std::string url, double seconds) {    // py 4
    print("Fetching " + url);                                           // py 5
    co_await asyncio::sleep(seconds);                                   // py 6
    print("Got: response from " + url);                                 // py 7
    co_return "response from " + url;                                   // py 8
}

Coroutine<> main() {                                                    // py 10
    // C++ may evaluate a call's arguments in any order: each task is made on its own line, in Python's order.
    auto users = Task::create(fetch_data("api.example.com/users", 2), "users");           // py 12
    auto posts = Task::create(fetch_data("api.example.com/posts", 1), "posts");           // py 13
    auto comments = Task::create(fetch_data("api.example.com/comments", 3), "comments");  // py 14
    Value results = co_await gather(users, posts, comments);                              // py 11
    print(str(results));                                                // py 15
}

void program() {
    EventLoop loop;                                                     // py 17
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 18
}

}  // namespace walkthroughs::io_gather

cotrace::Walkthrough cotrace::io_gather_walkthrough() {
    return {"io_gather", "Three requests at once with gather()",
            "Three simulated requests (sleeps of 2, 1 and 3 s) run concurrently under gather().",
            "main starts three tasks and gathers them. Each fetch_data runs until its sleep, which puts a "
            "timer on the heap and hands control back. Then nothing is ready: the loop waits for whichever "
            "timer is due first (posts, at t=1), wakes that task, and waits again. The whole run takes 3 s, "
            "not 6, and the results come back in the order they were asked for.",
            "src/walkthroughs/io_gather.cpp", "src/walkthroughs/python/io_gather.py",
            walkthroughs::io_gather::program};
}
