// The CPU time of one UI frame (ImGui::NewFrame to ImGui::Render, headless, every panel and the timeline
// open) at random positions of a generated trace of about N events, after the one-off work of showing it.
//
//   build/bench/ui_frame [EVENTS]          (default 10000000)
//   build/bench/ui_frame TRACE_FILE        a recorded trace instead: a Python program's, with its
//                                          variables (the Frames and variables panel open too)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "headless.h"
#include "measure.h"
#include "trace/trace_json.h"
#include "workload.h"

namespace {

double cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
    std::string argument = argc > 1 ? argv[1] : "10000000";
    cotrace::Trace trace;
    if (!argument.empty() && std::all_of(argument.begin(), argument.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        size_t wanted = std::stoull(argument);
        int tasks = 1000;
        trace = workload::record(tasks, workload::rounds_for(wanted, tasks));
    } else {
        trace = cotrace::load_trace(argument);
    }
    size_t n = trace.size();
    std::printf("trace: %zu events, %zu objects, %zu value changes\n", n, trace.objects.size(), trace.values.size());

    testing_support::HeadlessImGui imgui(1920, 1080);
    cotrace::ui::Settings settings;
    settings.show_timeline = true;
    cotrace::ui::App app({}, settings, "");
    imgui.load_fonts(app);
    size_t resident_before = measure::resident_bytes();
    double start = cpu_seconds();
    app.show(std::move(trace), "generated");
    std::printf("showing it (outline, facts, timeline model): %.2f s of CPU, once per trace; "
                "they take %.1f bytes/event besides the trace\n",
                cpu_seconds() - start, static_cast<double>(measure::resident_bytes() - resident_before) / static_cast<double>(n));

    // The first frame lays out each listing and panel once (a one-off, like showing it): timed apart.
    start = cpu_seconds();
    imgui.frame(app);
    std::printf("the first frame: %.2f ms of CPU, once\n", (cpu_seconds() - start) * 1000);

    std::mt19937_64 random(7);
    const int frames = 300;
    std::vector<double> costs;
    for (int i = 0; i < frames; ++i) {
        // A jump, then the frame that shows it: the jump's state_after() is part of the frame's cost.
        start = cpu_seconds();
        app.player().jump(random() % (n + 1));
        imgui.frame(app);
        costs.push_back(cpu_seconds() - start);
    }
    // A frame with no jump (the learner looking at one step), for comparison.
    start = cpu_seconds();
    for (int i = 0; i < 50; ++i) imgui.frame(app);
    double still = (cpu_seconds() - start) / 50;
    std::sort(costs.begin(), costs.end());
    double total = 0;
    for (double c : costs) total += c;
    std::printf("one frame after a jump to a random step (%d frames): mean %.2f ms, median %.2f ms, "
                "95th percentile %.2f ms, worst %.2f ms of CPU\n",
                frames, total / frames * 1000, costs[frames / 2] * 1000, costs[frames * 95 / 100] * 1000,
                costs.back() * 1000);
    std::printf("one frame without a jump: %.2f ms of CPU\n", still * 1000);
    return 0;
}
