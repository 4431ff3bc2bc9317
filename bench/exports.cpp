// Exports at scale, printed side by side with what the issue asks:
//   - the Perfetto (Chrome trace event) export of a generated trace of N events (default 10,000,000);
//   - the web handout of a 100,000-event trace: its size, and how long Debian's chromium takes to open it
//     (from the start of loading to the first step drawn, as the page itself measures);
//   - slides: `cotrace export io_gather --png DIR` (a PNG per transfer of control, 1920x1080), the time per
//     frame beside the time of one frame alone (starting the window and xvfb-run).
//
//   build/bench/exports [EVENTS]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "export/handout.h"
#include "export/perfetto.h"
#include "workload.h"

namespace {

using Stopwatch = std::chrono::steady_clock;
double since(Stopwatch::time_point start) { return std::chrono::duration<double>(Stopwatch::now() - start).count(); }

std::string run(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, got);
        pclose(pipe);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    size_t wanted = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
    auto directory = std::filesystem::temp_directory_path() / "cotrace-bench-exports";
    std::filesystem::create_directories(directory);

    int tasks = 1000;
    cotrace::Trace big = workload::record(tasks, workload::rounds_for(wanted, tasks));
    auto start = Stopwatch::now();
    {
        std::ofstream out(directory / "big.perfetto.json", std::ios::binary);
        cotrace::exports::write_perfetto(big, out);
    }
    double perfetto = since(start);
    auto bytes = std::filesystem::file_size(directory / "big.perfetto.json");
    std::printf("Perfetto export: %zu events in %.2f s (%.2f M events/s), %.0f MB, %.1f bytes/event\n", big.size(), perfetto,
                big.size() / perfetto / 1e6, bytes / 1e6, static_cast<double>(bytes) / big.size());
    std::filesystem::remove(directory / "big.perfetto.json");

    cotrace::Trace handout_trace = workload::record(20, workload::rounds_for(100'000, 20));
    start = Stopwatch::now();
    std::string page = (directory / "handout.html").string();
    {
        std::ofstream out(page, std::ios::binary);
        cotrace::exports::write_handout(handout_trace, "workload", out);
    }
    double writing = since(start);
    double megabytes = std::filesystem::file_size(page) / 1e6;
    std::printf("web handout: %zu events, %.1f MB (target: at most 20 MB), written in %.2f s\n", handout_trace.size(), megabytes, writing);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        std::string dom = run("timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                              "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" +
                              (directory / "profile").string() + "' --dump-dom 'file://" + page + "#step=50000' 2>/dev/null");
        std::smatch found;
        if (std::regex_search(dom, found, std::regex("data-ready-ms=\"(\\d+)\"")))
            std::printf("  opened in chromium at step 50000, attempt %d: %s ms (target: under 2000 ms)\n", attempt, found[1].str().c_str());
        else
            std::printf("  attempt %d: chromium did not report (is it installed? scripts/setup.sh installs it)\n", attempt);
    }
    // Slides: the whole run, and a run of one frame, so that what one more frame costs shows apart.
    auto slides = [&](const std::string& range) {
        std::filesystem::remove_all(directory / "slides");
        auto begun = Stopwatch::now();
        run("'" COTRACE_BINARY "' export io_gather --png '" + (directory / "slides").string() + "' " + range + " 2>/dev/null");
        size_t made = 0;
        for ([[maybe_unused]] const auto& file : std::filesystem::directory_iterator(directory / "slides")) ++made;
        return std::pair{since(begun), made};
    };
    auto [one, one_made] = slides("--from 0 --to 0");
    auto [all, all_made] = slides("");
    if (all_made > one_made)
        std::printf("slides: %zu frames of io_gather in %.2f s, one alone in %.2f s: %.3f s a frame (before the "
                    "change that drew each slide once: 0.43 s a frame; target: at most a fifth of that, 0.086 s)\n",
                    all_made, all, one, (all - one) / static_cast<double>(all_made - one_made));
    std::filesystem::remove_all(directory);
}
