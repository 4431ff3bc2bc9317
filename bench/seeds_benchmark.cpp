// The seeds' benchmark on cotrace's runtime, beside CPython's asyncio in the same invocation:
// nested and non-nested awaits of coroutines and of Tasks, at depths 2, 4 and 8, 10,000 times each,
// with tracing off and with tracing on (every event recorded in memory).
//
//   build/bench/seeds_benchmark [REPEATS]        (default 10000)
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "runtime/asyncio.h"
#include "trace/recorder.h"

using namespace asyncio;

namespace {

Coroutine<int> leaf() { co_return 1; }

Coroutine<int> nested_coroutine(int depth) {
    if (depth == 0) co_return 1;
    co_return co_await nested_coroutine(depth - 1);
}

Coroutine<int> nested_task(int depth) {
    if (depth == 0) co_return 1;
    auto child = Task::create(nested_task(depth - 1));
    int result = co_await child;
    co_return result;
}

Coroutine<> flat_coroutines(int depth) {
    for (int i = 0; i < depth; ++i) co_await leaf();
}

Coroutine<> flat_tasks(int depth) {
    for (int i = 0; i < depth; ++i) {
        auto child = Task::create(leaf());
        co_await child;
    }
}

using Case = std::function<Coroutine<>(int)>;

Coroutine<> run(std::string name, int depth, int repeats) {
    for (int i = 0; i < repeats; ++i) {
        if (name == "coroutine-flat") co_await flat_coroutines(depth);
        else if (name == "coroutine-nested") co_await nested_coroutine(depth);
        else if (name == "task-flat") co_await flat_tasks(depth);
        else co_await nested_task(depth);
    }
}

struct Measured {
    double seconds = 0;
    size_t events = 0;
};

Measured measure(const std::string& name, int depth, int repeats, bool tracing) {
    cotrace::Recorder recorder(cotrace::TraceMeta{"benchmark", "", "", "virtual"});
    std::optional<cotrace::RecordingScope> scope;
    if (tracing) scope.emplace(recorder);
    Task::reset_name_counter();
    auto start = std::chrono::steady_clock::now();
    {
        EventLoop loop;
        loop.run_until_complete(Task::create(run(name, depth, repeats), "main", &loop));
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    scope.reset();
    return {seconds, tracing ? recorder.event_count() : 0};
}

std::map<std::string, double> cpython(int repeats) {
    std::map<std::string, double> times;
    std::string command = "python3 '" COTRACE_BENCH_DIR "/seeds_benchmark.py' " + std::to_string(repeats);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return times;
    char name[64];
    int depth;
    double seconds;
    while (std::fscanf(pipe, "%63s %d %lf", name, &depth, &seconds) == 3)
        times[std::string(name) + " " + std::to_string(depth)] = seconds;
    pclose(pipe);
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = argc > 1 ? std::atoi(argv[1]) : 10000;
    std::printf("The seeds' benchmark: %d times each; seconds (lower is better)\n", repeats);
    std::printf("CPython: python3's asyncio, C-accelerated Task and Future, run now on this machine\n\n");
    auto python = cpython(repeats);
    std::printf("%-18s %5s %12s %12s %12s %14s %10s %12s\n", "case", "depth", "C++ off", "C++ traced", "CPython",
                "CPython/C++", "on/off", "events");
    double worst_speedup = 1e300, worst_overhead = 0;
    for (std::string name : {"coroutine-flat", "coroutine-nested", "task-flat", "task-nested"}) {
        for (int depth : {2, 4, 8}) {
            Measured off = measure(name, depth, repeats, false);
            Measured on = measure(name, depth, repeats, true);
            double py = python[name + " " + std::to_string(depth)];
            double speedup = py > 0 ? py / off.seconds : 0;
            double overhead = on.seconds / off.seconds;
            if (py > 0) worst_speedup = std::min(worst_speedup, speedup);
            worst_overhead = std::max(worst_overhead, overhead);
            std::printf("%-18s %5d %12.6f %12.6f %12.6f %13.1fx %9.2fx %12zu\n", name.c_str(), depth, off.seconds,
                        on.seconds, py, speedup, overhead, on.events);
        }
    }
    std::printf("\nslowest case vs CPython: %.1fx faster (target: at least 50x)\n", worst_speedup);
    std::printf("largest tracing overhead: %.2fx tracing off (target: at most 3x)\n", worst_overhead);
    return 0;
}
