// hello_tasks: two workers sleep for different times; main awaits both and prints what they return.
// Its Python twin is hello_tasks.py; each "// py N" marks the Python line a C++ line mirrors.
//
//   ./hello_tasks                     runs it
//   ./hello_tasks --trace t.json      also records a trace: cotrace log t.json, cotrace t.json
#include <cctype>
#include <cotrace/asyncio.h>

using namespace asyncio;

namespace hello {  // C++ keeps the global main() for itself; here main is the coroutine, as in Python

Coroutine<std::string> worker(std::string name, double delay) {      // py 4
    print(name + " starts, will sleep " + format_g(delay) + " s");     // py 5
    co_await asyncio::sleep(delay);                                     // py 6
    print(name + " wakes up");                                          // py 7
    for (char& c : name) c = static_cast<char>(std::toupper(c));
    co_return name;                                                     // py 8
}

Coroutine<> main() {                                                    // py 10
    auto slow = Task::create(worker("slow", 2), "slow");                // py 11
    auto quick = Task::create(worker("quick", 1), "quick");             // py 12
    Value first = co_await slow;                                        // py 13
    Value second = co_await quick;                                      // py 14
    print("main got " + repr(first) + " and " + repr(second));          // py 15
}

void program() {
    EventLoop loop;                                                     // py 17
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 18
}

}  // namespace hello

int main(int argc, char** argv) {
    return run_program(argc, argv, hello::program,
                       {"hello_tasks: two workers, one main",
                        "main starts two workers and awaits the slow one first: the quick one finishes "
                        "while main waits, so awaiting it later does not yield at all.",
                        HELLO_TASKS_PYTHON});
}
