// The recorder and trace files at scale: a generated workload of many tasks recorded into a trace of
// about N events; then events per second while recording, bytes per event in memory and on disk,
// save and load times in JSON and CBOR, and the time to get the state at a random step.
//
//   build/bench/trace_files [EVENTS]          (default 1000000; try 10000000 with 24 GB of memory)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "runtime/asyncio.h"
#include "trace/recorder.h"
#include "trace/trace_json.h"

using namespace asyncio;
using Stopwatch = std::chrono::steady_clock;

namespace {

double since(Stopwatch::time_point start) { return std::chrono::duration<double>(Stopwatch::now() - start).count(); }

// Each worker yields to the loop `rounds` times: about 14 events a round, plus its start and end.
Coroutine<> worker(int rounds) {
    for (int i = 0; i < rounds; ++i) co_await asyncio::sleep(0);
}

Coroutine<> workload(int tasks, int rounds) {
    std::vector<std::shared_ptr<Future>> all;
    for (int i = 0; i < tasks; ++i) all.push_back(Task::create(worker(rounds)));
    co_await gather(all);
}

size_t memory_of(const cotrace::Trace& trace) {
    size_t bytes = trace.events.capacity() * sizeof(cotrace::Event) + trace.objects.capacity() * sizeof(cotrace::TraceObject);
    for (const auto& e : trace.events) bytes += e.text.capacity() > 15 ? e.text.capacity() : 0;  // beyond SSO
    for (const auto& o : trace.objects) bytes += o.name.capacity() > 15 ? o.name.capacity() : 0;
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    size_t wanted = argc > 1 ? std::stoull(argv[1]) : 1000000;
    int tasks = 1000;
    int rounds = static_cast<int>(wanted / tasks / 14) + 1;

    cotrace::Recorder recorder(cotrace::TraceMeta{"trace_files benchmark", "", "", "virtual"});
    auto start = Stopwatch::now();
    {
        cotrace::RecordingScope scope(recorder);
        EventLoop loop;
        loop.run_until_complete(Task::create(workload(tasks, rounds), "main", &loop));
    }
    double recording = since(start);
    start = Stopwatch::now();
    cotrace::Trace trace = recorder.finish();
    double indexing = since(start);
    size_t n = trace.size();
    std::printf("trace: %zu events, %zu objects (%d tasks x %d rounds)\n", n, trace.objects.size(), tasks, rounds);
    std::printf("recording: %.2f s, %.2f M events/s; indexing (keyframes): %.2f s\n", recording, n / recording / 1e6, indexing);
    std::printf("memory: %.1f bytes/event (events, objects and their strings; keyframes not counted)\n",
                static_cast<double>(memory_of(trace)) / n);

    auto dir = std::filesystem::temp_directory_path() / "cotrace-bench";
    std::filesystem::create_directories(dir);
    for (auto [name, file] : {std::pair{"JSON", "t.json"}, std::pair{"CBOR", "t.cbor"}}) {
        auto path = (dir / file).string();
        start = Stopwatch::now();
        cotrace::save_trace(trace, path);
        double save = since(start);
        start = Stopwatch::now();
        cotrace::Trace loaded = cotrace::load_trace(path);
        double load = since(start);
        std::printf("%-5s save %.2f s, load %.2f s, %.1f bytes/event on disk%s\n", name, save, load,
                    static_cast<double>(std::filesystem::file_size(path)) / n, loaded == trace ? "" : " (DIFFERS!)");
    }
    std::filesystem::remove_all(dir);

    std::mt19937 random(1);
    const int probes = 200;
    start = Stopwatch::now();
    size_t checksum = 0;
    for (int i = 0; i < probes; ++i) checksum += trace.state_after(random() % (n + 1)).ready.size();
    std::printf("state at a random step: %.3f ms on average (%d probes, checksum %zu)\n",
                since(start) * 1000 / probes, probes, checksum);
    return 0;
}
