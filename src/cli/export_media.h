// Slides and video from a trace: the real window drawn at each stop, as PNGs (--png DIR), an animated GIF
// (--gif) or an MP4 (--mp4) made from them by ffmpeg. With no display, cotrace runs itself again under
// xvfb-run (Debian's xvfb), so that these work on a server as the tests do.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "trace/trace.h"

namespace cotrace::cli {

struct MediaOptions {
    std::string png_dir, gif, mp4;
    bool every_event = false;            // else one frame per transfer of control
    // The range of steps, inclusive, numbered as the frames show them ("Step N of M"): stops at the
    // transfers of control granularity, events at every event. File names use the same numbers.
    std::optional<size_t> from, to;
    int width = 1920, height = 1080;     // a projector's
    double pace = 1.0;                   // seconds per frame in a GIF or MP4
    bool presentation = true;            // the projector's theme
    bool chrome = false;                 // --chrome: keep the menu bar and the transport in the frames
    bool any() const { return !png_dir.empty() || !gif.empty() || !mp4.empty(); }
};

// No display and not yet under xvfb-run: runs this very command again under it and returns its exit
// code. Otherwise nullopt: go on here.
std::optional<int> rerun_under_xvfb(const MediaOptions& options);

// Writes what `options` asks for. Throws std::runtime_error with a plain message.
void export_media(const Trace& trace, const std::string& source, const MediaOptions& options);

}  // namespace cotrace::cli
