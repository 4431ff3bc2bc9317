// App's work in the background: opening, recording and exporting on a thread, with progress (app.cpp has the index).
#include "app.h"

#include <optional>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "trace/trace_json.h"

namespace cotrace::ui {

void App::request_open(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    if (path.ends_with(".py")) {
        if (!program_recorder_) {
            show_error("Could not record the program", path + ": this window cannot record Python programs");
            return;
        }
        start_task("Recording " + name, path, [recorder = program_recorder_, path](Progress& progress) {
            return recorder(path, progress);
        }, true);
        return;
    }
    std::error_code error;
    auto bytes = std::filesystem::file_size(path, error);
    start_task("Opening " + name + (error ? std::string() : " (" + std::to_string(bytes / 1000000) + " MB)"), path,
               [path](Progress&) {
                   Outcome outcome;
                   try {
                       outcome.trace = load_trace(path);
                   } catch (const TraceError& error) {
                       outcome.error_title = "Could not open the trace";
                       outcome.error = "File: " + error.file + "\nWhere: " +
                                       (error.place.empty() ? "(the whole file)" : error.place) + "\nProblem: " + error.problem;
                   }
                   return outcome;
               });
}

void App::request_export(const std::string& format, const std::string& path) {
    if (!exporter_) {
        show_error("Could not export the trace", "This window cannot export traces.");
        return;
    }
    std::string name = std::filesystem::path(path).filename().string();
    // The work reads the trace the window shows; it stays alive with the work, whatever opens meanwhile.
    start_task("Exporting " + name, "", [exporter = exporter_, trace = trace_, format, path](Progress& progress) {
        return exporter(*trace, format, path, progress);
    });
}

void App::start_task(const std::string& what, const std::string& origin, std::function<Outcome(Progress&)> work,
                     bool stoppable) {
    if (task_) task_->cancel(), task_.reset();
    task_origin_ = origin;
    task_ = std::make_unique<BackgroundTask>(what, std::move(work), stoppable);
}

bool App::run_again() {
    if (!origin_.ends_with(".py") || task_) return false;
    size_t position = player_.position();
    request_open(origin_);
    task_return_to_ = position;
    return true;
}

void App::finish_task() {
    if (!task_) return;
    std::optional<Outcome> outcome = task_->take();
    if (!outcome) return;
    task_.reset();
    std::optional<size_t> return_to = std::exchange(task_return_to_, std::nullopt);
    if (!outcome->trace && outcome->error.empty()) {
        go_note_ = outcome->done;  // an export: the trace shown stays
        return;
    }
    if (!outcome->trace) {
        show_error(outcome->error_title, outcome->error + "\n\nThe trace that was open stays open.");
        return;
    }
    show(std::move(*outcome->trace), task_origin_);
    if (return_to) player_.jump(std::min(*return_to, trace_->size()));
    settings_.remember_file(task_origin_);
    settings_.browse_directory = std::filesystem::absolute(task_origin_).parent_path().string();
    save_settings_now();
}

void App::watch_program() {
    if (!settings_.run_again_on_save || !origin_.ends_with(".py") || task_) return;
    watch_clock_ += ImGui::GetIO().DeltaTime;
    if (watch_clock_ < 0.5) return;
    watch_clock_ = 0;
    std::error_code error;
    auto changed = std::filesystem::last_write_time(origin_, error);
    if (error) return;
    long long stamp = changed.time_since_epoch().count();
    if (program_changed_ != 0 && stamp != program_changed_) run_again();
    program_changed_ = stamp;
}

void App::draw_progress() {
    if (!task_) return;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::Begin("##progress", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoNav);
    ImGui::TextUnformatted((task_->what() + "...").c_str());
    char detail[96];
    size_t events = task_->events();
    if (events) std::snprintf(detail, sizeof detail, "%zu events so far, %.0f s", events, task_->seconds());
    else std::snprintf(detail, sizeof detail, "%.0f s", task_->seconds());
    ImGui::TextDisabled("%s", detail);
    // An indeterminate bar: the work says how much is done, not how much is left.
    float phase = static_cast<float>(std::fmod(task_->seconds(), 2.0) / 2.0);
    ImGui::ProgressBar(phase, ImVec2(ImGui::GetFontSize() * 16, 0), "");
    if (task_->stoppable() && !task_->stopped()) {
        if (ImGui::Button("Stop (Esc)")) cancel_work();
        ImGui::SameLine();
        ImGui::TextDisabled("stops the program and opens what ran so far");
    } else {
        if (task_->stopped()) ImGui::TextDisabled("Stopping the program...");
        if (ImGui::Button("Cancel (Esc)")) cancel_work();
    }
    ImGui::End();
}

}  // namespace cotrace::ui
