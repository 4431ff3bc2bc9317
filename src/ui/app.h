// The cotrace window's contents: menus, the transport bar and the panels, drawn into the current ImGui
// context once per frame. It reads a Trace and nothing else; walkthroughs reach it as callbacks, so
// it never includes a runtime header.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/stepping.h"
#include "analysis/why.h"
#include "background.h"
#include "classroom_view.h"
#include "file_browser.h"
#include "panel_timeline.h"
#include "panels.h"
#include "player.h"
#include "predict.h"
#include "settings.h"
#include "view.h"

namespace cotrace::ui {

struct WalkthroughChoice {
    std::string id;
    std::string title;
    std::function<Trace()> record;  // records it live
    // Its Python twin as a .py file to record on CPython, with its variables (written out if need be);
    // throws std::runtime_error with the OS's reason. Empty: it has none.
    std::function<std::string()> python_twin;
};

// Records a Python program (.py) into a trace, reporting progress and stopping when cancelled. The command
// gives one that records in a child process; the UI never includes a recorder.
using ProgramRecorder = std::function<Outcome(const std::string& path, Progress& progress)>;
// Exports the trace in one format ("html", "markdown", "perfetto", "png", "gif", "mp4") to `path`. The command
// gives one that runs `cotrace export` in a child process; the UI never includes an exporter.
using Exporter = std::function<Outcome(const Trace& trace, const std::string& format, const std::string& path, Progress& progress)>;

class App {
public:
    App(std::vector<WalkthroughChoice> walkthroughs, Settings settings, std::string config_dir);
    void set_program_recorder(ProgramRecorder recorder) { program_recorder_ = std::move(recorder); }
    void set_exporter(Exporter exporter) { exporter_ = std::move(exporter); }
    // File > Export: writes the trace in `format` to `path` while the window shows progress.
    void request_export(const std::string& format, const std::string& path);

    // Shows a trace as the recorder or the loader gives it (indexed; one that is not still works, more
    // slowly). `origin` is its file or walkthrough id, for the title and the status line.
    void show(Trace trace, std::string origin);
    // Opens a trace file. On failure the error dialog opens and the current trace stays.
    bool open_file(const std::string& path);
    // Opens a trace file, or records a Python program, on a thread while the window shows progress (a file
    // of millions of events takes seconds; so may a program). Cancel gives the window back at once.
    void request_open(const std::string& path);
    // F5, File > Run again: records the Python program that is open again (after the learner edited it)
    // and returns to the same step, or the nearest one.
    bool run_again();
    // Work in progress (a load or a recording), if any.
    const BackgroundTask* busy() const { return task_.get(); }
    // Esc: a recording stops first (its program is interrupted, and the trace so far opens); anything
    // else, or a second Esc, is cancelled and forgotten.
    void cancel_work() {
        if (task_ && task_->stoppable() && !task_->stopped()) return task_->stop();
        if (task_) task_->cancel(), task_.reset();
    }
    bool open_walkthrough(const std::string& id);
    // File > Walkthroughs' Python twins: records the twin on CPython, as any Python program.
    void open_python_twin(const WalkthroughChoice& walkthrough);
    // Writes the current trace atomically; on failure the error dialog opens.
    bool save_as(const std::string& path);

    // Draws one frame (between ImGui::NewFrame and ImGui::Render).
    void frame();
    // A key went down (GLFW key code). The window queues every press, so a quick tap between two
    // frames still counts; ImGui 1.86 alone would miss it.
    void key_pressed(int key, bool ctrl = false, bool shift = false);

    // Next (Right): in Predict mode it may ask first.
    void next();
    // Stepping by meaning (the Go menu): to the next or previous place of that meaning. A task step
    // is one of the selected task's (or, with none selected, of the task in control). Returns false when
    // there is none that way (the position stays).
    bool go(analysis::Meaning meaning, bool forward);
    // "Run until future F is done", F the selected task or future (U).
    bool run_until_done();
    // The task or future picked in Tasks and futures (0: none).
    void select(ObjectId id) { selected_ = id; }
    // The learner clicked a ready-queue entry or a task: Predict's answer, if it is one of the options;
    // else a task or future is selected (or unselected).
    void picked(ObjectId id);
    ObjectId selected() const { return selected_; }
    // Slides show the teaching panels only: no menu bar and no transport (the step number goes above the
    // narration). The window always has its chrome.
    void set_chrome(bool on) { chrome_ = on; }
    Predict& predict() { return predict_; }
    // View > Classroom: a live session of the trace shown, served to the students' browsers. On failure
    // the error dialog says why (the address, the port, the OS's reason).
    bool start_classroom(const std::string& bind, int port);
    // Starts one as soon as no work is in progress (a program still recording, a file still loading).
    void start_classroom_when_ready(const std::string& bind, int port) { pending_classroom_ = {bind, port}; }
    // Called with the join address when a session starts (the command prints it for the terminal too).
    void set_on_classroom_started(std::function<void(const std::string&)> said) { on_classroom_started_ = std::move(said); }
    ClassroomView& classroom() { return classroom_; }
    // The class's commands from the window (the band's buttons, V and K).
    void class_reveal();
    void class_skip();
    void class_again();
    // File > Save class results: the CSV, atomically; on failure the error dialog opens.
    bool save_class_results(const std::string& path);
    const analysis::AsyncioMarks& asyncio_marks() const { return asyncio_marks_; }
    // Found the first time they are needed (a big trace takes a pass over every event).
    const std::vector<analysis::Warning>& warnings();
    // The Why? panel's chain for the current step and selection.
    const analysis::WhyChain& why_chain();
    // A one-line note for the status bar after a Go that found nothing, or "".
    const std::string& go_note() const { return go_note_; }

    Player& player() { return player_; }
    const SourcePanel& source_panel() const { return source_; }
    const Trace& trace() const { return *trace_; }
    const Settings& settings() const { return settings_; }
    const TimelinePanel& timeline() const { return timeline_; }
    Settings& settings() { return settings_; }
    void set_fonts(const Fonts& fonts) { fonts_ = fonts; }

    // Requests for the window layer, cleared when read.
    bool take_fonts_request() { return std::exchange(fonts_requested_, false); }
    bool take_fullscreen_request() { return std::exchange(fullscreen_requested_, false); }
    bool quit_requested() const { return quit_requested_; }
    float font_scale() const { return settings_.presentation ? settings_.presentation_scale : 1.0f; }

    std::string window_title() const;
    // "step 3 of 48: run main_task.step": what --verbose prints when the position changes.
    std::string status_line() const;
    // The error dialog's text, if it is open (for tests).
    const std::optional<std::string>& error() const { return error_; }

    void set_presentation(bool on);
    void save_settings_now();

private:
    void refresh();
    void draw_menu_bar();
    void draw_transport();
    int transport_rows(float width) const;  // 1, or 2 where the window is too narrow for one
    void draw_dialogs();
    void show_error(const std::string& title, const std::string& message);

    std::vector<WalkthroughChoice> walkthroughs_;
    Settings settings_;
    std::string config_dir_;
    Fonts fonts_;

    std::shared_ptr<const Trace> trace_;
    std::string origin_;
    Player player_;
    ClassroomView classroom_;
    std::optional<std::pair<std::string, int>> pending_classroom_;
    std::function<void(const std::string&)> on_classroom_started_;
    // At the lines granularity, the fold (not expanded) whose stop the learner is at.
    const analysis::Fold* folded_here() const;
    std::vector<OutlineLine> outline_;
    TraceFacts facts_;
    ProgramRecorder program_recorder_;
    Exporter exporter_;
    std::string export_format_;  // the format File > Export asked the file browser a name for
    std::unique_ptr<BackgroundTask> task_;
    std::string task_origin_;            // the file the task opens
    std::optional<size_t> task_return_to_;  // a run again returns to this step
    void start_task(const std::string& what, const std::string& origin, std::function<Outcome(Progress&)> work,
                    bool stoppable = false);
    void finish_task();
    void draw_progress();
    // "Run again on save": the program file's last change, looked at twice a second.
    void watch_program();
    double watch_clock_ = 0;
    long long program_changed_ = 0;
    State state_, before_;
    size_t shown_position_ = static_cast<size_t>(-1);

    FileBrowser browser_;
    std::optional<std::string> error_;
    std::string error_title_;
    bool show_keys_ = false, show_about_ = false;
    bool fonts_requested_ = false, fullscreen_requested_ = false, quit_requested_ = false;
    float menu_height_ = 0;

    SourcePanel source_;
    TimelinePanel timeline_;
    size_t outline_scrolled_ = static_cast<size_t>(-1), output_scrolled_ = static_cast<size_t>(-1);

    // What the analysis room computes for the learner.
    analysis::Landmarks landmarks_;
    std::unique_ptr<analysis::SuspensionLedger> ledger_;
    std::optional<std::vector<analysis::Warning>> warnings_;
    analysis::AsyncioMarks asyncio_marks_;
    std::optional<analysis::WhyChain> why_;
    std::tuple<size_t, ObjectId, size_t> why_for_{static_cast<size_t>(-1), 0, 0};  // position, picked, step number
    ObjectId selected_ = 0;
    Predict predict_;
    bool chrome_ = true;
    std::string go_note_;
    void draw_learning_panels(const View& view, ImVec2 position, ImVec2 size, Actions& actions);
};

}  // namespace cotrace::ui
