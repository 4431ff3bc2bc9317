// What the window remembers between runs, kept in $XDG_CONFIG_HOME/cotrace (~/.config/cotrace),
// never in the working directory.
#pragma once

#include <string>
#include <vector>

namespace cotrace::ui {

struct Settings {
    bool presentation = false;
    float presentation_scale = 1.4f;  // font scale in presentation mode (Ctrl + / Ctrl -)
    double speed = 2;
    bool control_granularity = false;
    std::vector<std::string> recent_files;  // most recent first
    std::string browse_directory;
    // Which panels are shown.
    bool show_source = true, show_control = true, show_loop = true, show_tasks = true, show_output = true;
    bool show_variables = true;  // Frames and variables (beside the Output, for a trace that records them)
    bool show_python = true;
    bool show_cpp = true;        // a walkthrough's C++ listing (off: its Python original alone)
    bool show_timeline = false;  // the timeline band across the bottom (View > Timeline, or T)
    bool show_why = false;       // View > Why? (W): the causal chain behind the step
    bool show_warnings = false;  // View > Warnings: what asyncio would warn about, with marks on the timeline
    bool show_asyncio = true;    // the source panel follows control into asyncio's Task.step and Future.__await__
    bool run_again_on_save = false;  // a Python program is recorded again whenever its file changes
    // The window, in screen coordinates.
    int window_x = -1, window_y = -1, window_width = 1280, window_height = 800;

    void remember_file(const std::string& path);
};

// $XDG_CONFIG_HOME/cotrace, or $HOME/.config/cotrace.
std::string config_directory();
// Missing or unreadable settings give the defaults; a corrupt file is left alone, not overwritten
// until the next save.
Settings load_settings(const std::string& directory);
// Atomic. Returns false (and leaves the old file) when it cannot write.
bool save_settings(const Settings& settings, const std::string& directory);

}  // namespace cotrace::ui
