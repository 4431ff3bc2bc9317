// The Python recorder's speed (issue 11): a generated asyncio program of over a million events, run
// plainly on Debian's python3 and recorded by `cotrace record`; and the seeds' nested-await case, traced.
// Prints events a second (target: at least 500,000) and the slowdown against the same program untraced.
//
//   build/bench/python_recording [WORKERS_ITERATIONS]
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "trace/trace_json.h"

namespace fs = std::filesystem;

namespace {

double seconds_of(const std::string& command) {
    auto start = std::chrono::steady_clock::now();
    int status = std::system(command.c_str());
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "failed: %s\n", command.c_str());
        std::exit(1);
    }
    return elapsed;
}

// Ten workers, each awaiting a coroutine that awaits three more and yields to the loop once.
std::string workload(int iterations) {
    return "import asyncio\n\n"
           "async def leaf(i):\n    return i\n\n"
           "async def middle(i):\n    total = 0\n    for k in range(3):\n        total += await leaf(k)\n"
           "    await asyncio.sleep(0)\n    return total\n\n"
           "async def worker(n):\n    for i in range(n):\n        await middle(i)\n\n"
           "async def main():\n    await asyncio.gather(*(worker(" + std::to_string(iterations) + ") for _ in range(10)))\n\n"
           "asyncio.run(main())\n";
}

std::string nested_await(int repeats) {
    return "import asyncio\n\n"
           "async def nested_coroutine(depth):\n    if depth == 0:\n        return 1\n    return await nested_coroutine(depth - 1)\n\n"
           "async def run():\n    for _ in range(" + std::to_string(repeats) + "):\n        await nested_coroutine(8)\n\n"
           "asyncio.run(run())\n";
}

// Each program recorded with its data (variables, line steps, reads and writes: the default) and with
// its control only (--control-only), side by side: the data may cost at most 3 times the recording
// without it, and make the trace at most twice as large.
void compare(const char* name, const std::string& program_text, const fs::path& directory) {
    fs::path program = directory / (std::string(name) + ".py");
    std::ofstream(program) << program_text;
    double plain = seconds_of("/usr/bin/python3 '" + program.string() + "' >/dev/null");
    double with_data_seconds = 0, control_seconds = 0;
    std::uintmax_t with_data_bytes = 0, control_bytes = 0;
    for (bool data : {false, true}) {
        fs::path trace = directory / (std::string(name) + (data ? "_data" : "_control") + ".cbor");
        double recorded = seconds_of("'" COTRACE_BINARY "' record '" + program.string() + "' -o '" + trace.string() +
                                     "' --max-events 100000000" + (data ? "" : " --control-only") + " >/dev/null");
        cotrace::Trace loaded = cotrace::load_trace(trace.string());
        double events = static_cast<double>(loaded.size());
        std::printf("%-16s %-13s %10.0f events %8zu values  plain python3 %7.3f s  cotrace record %7.3f s  %9.0f events/s  "
                    "slowdown %5.1fx  %6.1f MB\n",
                    name, data ? "with data" : "control only", events, loaded.values.size(), plain, recorded, events / recorded,
                    recorded / plain, static_cast<double>(fs::file_size(trace)) / 1e6);
        (data ? with_data_seconds : control_seconds) = recorded;
        (data ? with_data_bytes : control_bytes) = fs::file_size(trace);
    }
    std::printf("%-16s the data costs %.2fx the time (target: at most 3x) and %.2fx the bytes (target: at most 2x)\n", name,
                with_data_seconds / control_seconds, static_cast<double>(with_data_bytes) / static_cast<double>(control_bytes));
}

}  // namespace

int main(int argc, char** argv) {
    int iterations = argc > 1 ? std::atoi(argv[1]) : 3000;
    fs::path directory = fs::temp_directory_path() / "cotrace-python-bench";
    fs::create_directories(directory);
    std::printf("The Python recorder (cotrace record FILE.py, embedded CPython %s), against the same program on python3.\n"
                "The recording includes starting CPython and writing the CBOR trace.\n", "3.11");
    compare("workload", workload(iterations), directory);
    compare("nested-await-8", nested_await(10000), directory);
    fs::remove_all(directory);
}
