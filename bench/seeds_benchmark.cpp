// The seeds' benchmark on cotrace's runtime, beside CPython's asyncio in the same invocation:
// nested and non-nested awaits of coroutines and of Tasks, at depths 2, 4 and 8, 10,000 times each,
// with tracing off and with tracing on (every event recorded in memory; Recorder::finish, which runs
// once when recording ends, is timed on its own), and the coroutine cases on the
// floor (floor_chain.h: a minimal C++20 chain with symmetric transfer and no runtime).
//
//   build/bench/seeds_benchmark [REPEATS]                      (default 10000)
//   build/bench/seeds_benchmark REPEATS CASE DEPTH off|on|floor   one measurement, for perf
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "floor_chain.h"
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

// The same coroutine cases on the floor.
floor_chain::Chain<int> floor_leaf() { co_return 1; }

floor_chain::Chain<int> floor_nested(int depth) {
    if (depth == 0) co_return 1;
    co_return co_await floor_nested(depth - 1);
}

floor_chain::Chain<int> floor_flat(int depth) {
    for (int i = 0; i < depth; ++i) co_await floor_leaf();
    co_return 0;
}

floor_chain::Chain<int> floor_run(bool nested, int depth, int repeats) {
    for (int i = 0; i < repeats; ++i) {
        if (nested) co_await floor_nested(depth);
        else co_await floor_flat(depth);
    }
    co_return 0;
}

enum class Kind { coroutine_flat, coroutine_nested, task_flat, task_nested };

Kind kind_of(const std::string& name) {
    if (name == "coroutine-flat") return Kind::coroutine_flat;
    if (name == "coroutine-nested") return Kind::coroutine_nested;
    if (name == "task-flat") return Kind::task_flat;
    return Kind::task_nested;
}

Coroutine<> run(Kind kind, int depth, int repeats) {
    for (int i = 0; i < repeats; ++i) {
        switch (kind) {
            case Kind::coroutine_flat: co_await flat_coroutines(depth); break;
            case Kind::coroutine_nested: co_await nested_coroutine(depth); break;
            case Kind::task_flat: co_await flat_tasks(depth); break;
            case Kind::task_nested: co_await nested_task(depth); break;
        }
    }
}

struct Measured {
    double seconds = 0;
    size_t events = 0;
    double finish_seconds = 0;  // Recorder::finish afterwards: texts and names kept once, the trace indexed
};

// Each figure is the best of at least this many runs: this machine's timings vary from run to run, by
// 50% or more for runs this short, and the best run is the one least disturbed. A short case runs more
// rounds, until its rounds have taken a quarter of a second (at most most_runs): five runs of a
// millisecond can all fall in one slow spell, which lasts seconds.
constexpr int runs = 5;
constexpr int most_runs = 200;
constexpr double enough_seconds = 0.25;

double floor_once(const std::string& name, int depth, int repeats) {
    auto start = std::chrono::steady_clock::now();
    floor_run(name == "coroutine-nested", depth, repeats).run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double measure_floor(const std::string& name, int depth, int repeats) {
    double best = 1e300;
    for (int run = 0; run < runs; ++run) best = std::min(best, floor_once(name, depth, repeats));
    return best;
}

Measured measure_once(const std::string& name, int depth, int repeats, bool tracing) {
    cotrace::Recorder recorder(cotrace::TraceMeta{"benchmark", "", "", "virtual"});
    std::optional<cotrace::RecordingScope> scope;
    if (tracing) scope.emplace(recorder);
    Task::reset_name_counter();
    auto start = std::chrono::steady_clock::now();
    {
        EventLoop loop;
        loop.run_until_complete(Task::create(run(kind_of(name), depth, repeats), "main", &loop));
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    scope.reset();
    if (!tracing) return {seconds, 0, 0};
    size_t events = recorder.event_count();
    auto finish_start = std::chrono::steady_clock::now();
    cotrace::Trace trace = recorder.finish();
    return {seconds, events, std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count()};
}

// The best of `runs` runs of one measurement (measure_one's).
Measured measure(const std::string& name, int depth, int repeats, bool tracing) {
    Measured best;
    for (int run = 0; run < runs; ++run) {
        Measured next = measure_once(name, depth, repeats, tracing);
        if (run == 0 || next.seconds < best.seconds) best = next;
    }
    return best;
}

// A case's figures: the floor (coroutine cases only), tracing off and tracing on, in rounds of one run
// each, so that the figures compared meet the same spells of this machine. The best of each.
struct Figures {
    double floor = 0;
    Measured off, on;
};

Figures measure_case(const std::string& name, int depth, int repeats, bool with_floor) {
    Figures best{.floor = 1e300};
    double spent = 0;
    for (int run = 0; run < most_runs && (run < runs || spent < enough_seconds); ++run) {
        if (with_floor) best.floor = std::min(best.floor, floor_once(name, depth, repeats));
        Measured off = measure_once(name, depth, repeats, false);
        Measured on = measure_once(name, depth, repeats, true);
        if (run == 0 || off.seconds < best.off.seconds) best.off = off;
        if (run == 0 || on.seconds < best.on.seconds) best.on = on;
        spent += off.seconds + on.seconds;
    }
    if (!with_floor) best.floor = 0;
    return best;
}

// One case on CPython, run just before the same case in C++: this machine has slow and fast spells
// that last seconds, and two figures taken far apart may come from different ones. 0 if it failed.
double cpython(int repeats, const std::string& name, int depth) {
    // Debian's CPython, the one a fresh machine has (python3 on PATH may be another build).
    std::string command = "/usr/bin/python3 '" COTRACE_BENCH_DIR "/seeds_benchmark.py' " + std::to_string(repeats) +
                          " " + name + " " + std::to_string(depth);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return 0;
    char printed_name[64];
    int printed_depth;
    double seconds = 0;
    if (std::fscanf(pipe, "%63s %d %lf", printed_name, &printed_depth, &seconds) != 3) seconds = 0;
    pclose(pipe);
    return seconds;
}

bool is_coroutine_case(const std::string& name) { return name.rfind("coroutine", 0) == 0; }

// One measurement alone, to run under perf.
int measure_one(int repeats, const std::string& name, int depth, const std::string& mode) {
    if (mode == "floor") {
        if (!is_coroutine_case(name)) return std::fprintf(stderr, "the floor has only the coroutine cases\n"), 2;
        std::printf("%s %d floor: %.6f s\n", name.c_str(), depth, measure_floor(name, depth, repeats));
        return 0;
    }
    Measured m = measure(name, depth, repeats, mode == "on");
    std::printf("%s %d %s: %.6f s, %zu events, finish %.6f s\n", name.c_str(), depth, mode.c_str(), m.seconds, m.events,
                m.finish_seconds);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = argc > 1 ? std::atoi(argv[1]) : 10000;
    if (argc == 5) return measure_one(repeats, argv[2], std::atoi(argv[3]), argv[4]);
    std::printf("The seeds' benchmark: %d times each; seconds (lower is better)\n", repeats);
    std::printf("CPython: Debian's python3 asyncio, C-accelerated Task and Future, run now on this machine\n");
    std::printf("C++: rounds, each running the floor, tracing off and tracing on once\n");
    std::printf("Each figure is the best of at least %d runs (rounds), and of more for a short case, until they have\n"
                "taken %.2f s\n", runs, enough_seconds);
    std::printf("floor: a minimal C++20 coroutine chain (symmetric transfer, heap frames, no runtime)\n\n");
    std::printf("%-17s %5s %10s %10s %10s %10s %9s %11s %8s %9s %10s\n", "case", "depth", "floor", "C++ off",
                "C++ traced", "CPython", "off/floor", "CPython/C++", "on/off", "events", "finish");
    double worst_speedup = 1e300, worst_overhead = 0, worst_floor = 0;
    for (std::string name : {"coroutine-flat", "coroutine-nested", "task-flat", "task-nested"}) {
        for (int depth : {2, 4, 8}) {
            bool coroutines = is_coroutine_case(name);
            // Each case's figures are taken one after another, compared pairs side by side.
            double py = cpython(repeats, name, depth);
            auto [floor, off, on] = measure_case(name, depth, repeats, coroutines);
            double speedup = py > 0 ? py / off.seconds : 0;
            double overhead = on.seconds / off.seconds;
            if (!coroutines && py > 0) worst_speedup = std::min(worst_speedup, speedup);
            if (coroutines) worst_floor = std::max(worst_floor, off.seconds / floor);
            worst_overhead = std::max(worst_overhead, overhead);
            char floor_text[32] = "", ratio_text[32] = "";
            if (coroutines) {
                std::snprintf(floor_text, sizeof floor_text, "%.6f", floor);
                std::snprintf(ratio_text, sizeof ratio_text, "%.2fx", off.seconds / floor);
            }
            std::printf("%-17s %5d %10s %10.6f %10.6f %10.6f %9s %10.1fx %7.2fx %9zu %10.6f\n", name.c_str(), depth,
                        floor_text, off.seconds, on.seconds, py, ratio_text, speedup, overhead, on.events,
                        on.finish_seconds);
        }
    }
    std::printf("\ncoroutine cases, tracing off: at most %.2fx the floor (target: at most 1.5x)\n", worst_floor);
    std::printf("Task cases: at least %.1fx faster than CPython (target: at least 50x)\n", worst_speedup);
    std::printf("tracing on: at most %.2fx tracing off (target: at most 3x)\n", worst_overhead);
    std::printf("finish: once, after recording (texts and names kept once, the trace indexed); not in \"C++ traced\"\n");
    return 0;
}
