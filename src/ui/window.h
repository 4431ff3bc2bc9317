// The real window: GLFW + OpenGL 3 around App, and screenshots of it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app.h"

namespace cotrace::ui {

struct WindowOptions {
    std::string screenshot_path;  // set: render, write this PNG, exit
    std::optional<size_t> step;   // start at this position
    int width = 0, height = 0;    // 0: the remembered size
    bool presentation = false;    // presentation mode for this run (not remembered)
    int text_size = -1;           // presentation text this many steps (Ctrl +) above the default, for this run
    bool timeline = false;        // show the timeline for this run
    bool predict = false;         // start in Predict mode (asking at --step, if a decision is there)
    bool why = false, warnings = false;  // show the Why? and Warnings panels for this run
    bool verbose = false;         // print a status line on stdout whenever the position changes
    // `cotrace classroom SOURCE`: a classroom session of SOURCE starts once it is shown (address, port).
    std::optional<std::pair<std::string, int>> classroom;
    // Frames for slides and video: the window at each position in turn, written to frames_dir as
    // NNNN-step-P.png (NNNN counts from 0001, so that the names sort in order); then it closes.
    std::string frames_dir;
    std::vector<size_t> frame_positions;
    std::vector<std::string> frame_names;  // each frame's file name (default: "0001-step-19.png")
    std::function<void(size_t written, size_t total)> on_frame;
};

// The one-line message for a machine with no display.
std::string no_display_message();

// Opens the window and runs until it is closed. Returns the process exit code.
int run_window(App& app, const WindowOptions& options);

}  // namespace cotrace::ui
