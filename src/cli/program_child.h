// The window's work in a child process. Records a Python program (`cotrace record FILE.py`): CPython runs
// once per process, a learner's program may crash or hang its process, and the window must not wait.
#pragma once

#include "commands.h"
#include "ui/background.h"

namespace cotrace::cli {

// `options` are the command line's (--timeout, --real-clock, ...); its ARGS go to the program only when
// `with_arguments` (the program the command line named, not one opened later).
ui::Outcome record_in_child(const std::string& path, const ProgramOptions& options, bool with_arguments, ui::Progress& progress);

// File > Export: `cotrace export TRACE --FORMAT OUTPUT` in a child process (the trace saved for it first),
// so that the window goes on while frames are drawn or a video is made, and Cancel stops it.
ui::Outcome export_in_child(const Trace& trace, const std::string& format, const std::string& output, ui::Progress& progress);

}  // namespace cotrace::cli
