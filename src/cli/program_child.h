// Records a Python program for the window in a child process (`cotrace record FILE.py`): CPython runs
// once per process, a learner's program may crash or hang its process, and the window must not wait.
#pragma once

#include "ui/background.h"

namespace cotrace::cli {

ui::Outcome record_in_child(const std::string& path, ui::Progress& progress);

}  // namespace cotrace::cli
