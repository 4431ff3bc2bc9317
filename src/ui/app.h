// The cotrace window's contents: menus, the transport bar and the panels, drawn into the current ImGui
// context once per frame. It reads a Trace and nothing else; walkthroughs reach it as callbacks, so
// it never includes a runtime header.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "file_browser.h"
#include "panel_timeline.h"
#include "panels.h"
#include "player.h"
#include "settings.h"
#include "view.h"

namespace cotrace::ui {

struct WalkthroughChoice {
    std::string id;
    std::string title;
    std::function<Trace()> record;  // records it live
};

class App {
public:
    App(std::vector<WalkthroughChoice> walkthroughs, Settings settings, std::string config_dir);

    // Shows a trace as the recorder or the loader gives it (indexed; one that is not still works, more
    // slowly). `origin` is its file or walkthrough id, for the title and the status line.
    void show(Trace trace, std::string origin);
    // Opens a trace file. On failure the error dialog opens and the current trace stays.
    bool open_file(const std::string& path);
    // Opens it after the next frame, which says "Opening ...": a file of millions of events takes seconds.
    void request_open(const std::string& path) { pending_open_ = path; }
    bool open_walkthrough(const std::string& id);
    // Writes the current trace atomically; on failure the error dialog opens.
    bool save_as(const std::string& path);

    // Draws one frame (between ImGui::NewFrame and ImGui::Render).
    void frame();
    // A key went down (GLFW key code). The window queues every press, so a quick tap between two
    // frames still counts; ImGui 1.86 alone would miss it.
    void key_pressed(int key, bool ctrl = false);

    Player& player() { return player_; }
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
    void draw_dialogs();
    void show_error(const std::string& title, const std::string& message);

    std::vector<WalkthroughChoice> walkthroughs_;
    Settings settings_;
    std::string config_dir_;
    Fonts fonts_;

    std::shared_ptr<const Trace> trace_;
    std::string origin_;
    Player player_;
    std::vector<OutlineLine> outline_;
    TraceFacts facts_;
    std::optional<std::string> pending_open_;
    bool pending_open_shown_ = false;
    void draw_opening_notice();
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
};

}  // namespace cotrace::ui
