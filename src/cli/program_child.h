// The window's work in a child process. Records a Python program (`cotrace record FILE.py`): CPython runs
// once per process, a learner's program may crash or hang its process, and the window must not wait.
#pragma once

#include "ui/background.h"

namespace cotrace::cli {

ui::Outcome record_in_child(const std::string& path, ui::Progress& progress);

// File > Export: `cotrace export TRACE --FORMAT OUTPUT` in a child process (the trace saved for it first),
// so that the window goes on while frames are drawn or a video is made, and Cancel stops it.
ui::Outcome export_in_child(const Trace& trace, const std::string& format, const std::string& output, ui::Progress& progress);

}  // namespace cotrace::cli
