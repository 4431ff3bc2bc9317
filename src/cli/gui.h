// Starting the window from the command line: `cotrace [SOURCE] [--screenshot OUT.png] ...`.
#pragma once

#include <string>

#include "ui/window.h"

namespace cotrace::cli {

// SOURCE is a walkthrough id or a trace file; a file that fails to load opens the default walkthrough
// with the error shown. Returns the exit code.
int open_window(const std::string& source, const ui::WindowOptions& options);

}  // namespace cotrace::cli
