// The recorder and trace files at scale: a generated workload of many tasks (workload.h) recorded into a
// trace of about N events; then events per second while recording, bytes per event in memory and on disk,
// save and load times in JSON and CBOR, and the time to get the state at a random step.
//
//   build/bench/trace_files [EVENTS [KEEP_DIR]]   (default 1000000; 10000000 needs about 4 GB of memory;
//                                                 KEEP_DIR keeps the trace files there)
//   build/bench/trace_files --load FILE           (what the benchmark runs to time a load in a fresh process)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "runtime/asyncio.h"
#include "trace/recorder.h"
#include "trace/trace_json.h"
#include "measure.h"
#include "workload.h"

using namespace asyncio;
using Stopwatch = std::chrono::steady_clock;

namespace {

double since(Stopwatch::time_point start) { return std::chrono::duration<double>(Stopwatch::now() - start).count(); }

}  // namespace

// As a learner opening a file does: a fresh process loads it (this program, run again with --load).
// Prints the seconds and the resident memory it added, per event.
int load_alone(const char* path) {
    size_t before = measure::resident_bytes();
    auto start = Stopwatch::now();
    cotrace::Trace loaded = cotrace::load_trace(path);
    double seconds = since(start);
    std::printf("%.3f %.1f\n", seconds, static_cast<double>(measure::resident_bytes() - before) / static_cast<double>(loaded.size()));
    return 0;
}

std::pair<double, double> load_in_fresh_process(const std::string& path) {
    std::string command = "'" + std::filesystem::read_symlink("/proc/self/exe").string() + "' --load '" + path + "'";
    FILE* pipe = popen(command.c_str(), "r");
    double seconds = -1, bytes = -1;
    if (pipe) {
        if (std::fscanf(pipe, "%lf %lf", &seconds, &bytes) != 2) seconds = bytes = -1;
        pclose(pipe);
    }
    return {seconds, bytes};
}

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--load") return load_alone(argv[2]);
    size_t wanted = argc > 1 ? std::stoull(argv[1]) : 1000000;
    int tasks = 1000;
    int rounds = workload::rounds_for(wanted, tasks);

    cotrace::Recorder recorder(cotrace::TraceMeta{"trace_files benchmark", "", "", "virtual"});
    auto start = Stopwatch::now();
    {
        cotrace::RecordingScope scope(recorder);
        EventLoop loop;
        loop.run_until_complete(Task::create(workload::main_coroutine(tasks, rounds), "main", &loop));
    }
    double recording = since(start);
    start = Stopwatch::now();
    cotrace::Trace trace = recorder.finish();
    double indexing = since(start);
    size_t n = trace.size();
    std::printf("trace: %zu events, %zu objects (%d tasks x %d rounds)\n", n, trace.objects.size(), tasks, rounds);
    std::printf("recording: %.2f s, %.2f M events/s; indexing (keyframes): %.2f s\n", recording, n / recording / 1e6, indexing);
    std::printf("memory: %.1f bytes/event (events, objects, strings, sources and %zu keyframes)\n",
                static_cast<double>(trace.memory_bytes()) / n, trace.keyframe_count());

    bool keep = argc > 2;
    auto dir = keep ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / "cotrace-bench";
    std::filesystem::create_directories(dir);
    for (auto [name, file] : {std::pair{"CBOR", "t.cbor"}, std::pair{"MessagePack", "t.msgpack"}, std::pair{"JSON", "t.json"}}) {
        auto path = (dir / file).string();
        start = Stopwatch::now();
        cotrace::save_trace(trace, path);
        double save = since(start);
        size_t resident_before = measure::resident_bytes();
        start = Stopwatch::now();
        cotrace::Trace loaded = cotrace::load_trace(path);
        double load = since(start);
        size_t resident_after = measure::resident_bytes();
        auto [fresh_load, fresh_bytes] = load_in_fresh_process(path);
        std::printf("%-11s save %6.2f s, %5.1f bytes/event on disk; load (parse, check, keyframes) in a fresh process "
                    "%6.2f s, +%.1f bytes/event resident; here, after all the above, %6.2f s, +%.1f bytes/event%s\n",
                    name, save, static_cast<double>(std::filesystem::file_size(path)) / n, fresh_load, fresh_bytes, load,
                    static_cast<double>(resident_after - std::min(resident_after, resident_before)) / n,
                    loaded == trace ? "" : " (DIFFERS!)");
        if (!keep) std::filesystem::remove(path);
    }
    if (!keep) std::filesystem::remove_all(dir);

    // Each probe replays from the keyframe before a random step; the worst probe also catches the
    // machine's own hiccups, so the 99th percentile is printed too.
    std::mt19937_64 random(1);
    const int probes = 2000;
    std::vector<double> took;
    size_t checksum = 0;
    for (int i = 0; i < probes; ++i) {
        start = Stopwatch::now();
        checksum += trace.state_after(random() % (n + 1)).ready.size();
        took.push_back(since(start) * 1000);
    }
    std::sort(took.begin(), took.end());
    double total = 0;
    for (double t : took) total += t;
    std::printf("state at a random step: mean %.3f ms, median %.3f ms, 99th percentile %.3f ms, worst %.3f ms "
                "(%d probes, checksum %zu)\n",
                total / probes, took[probes / 2], took[probes * 99 / 100], took.back(), probes, checksum);
    return 0;
}
