// Source text as a reader sees it: its lines, and the "// py N" and "// seed N" markers that map lines
// to their twins taken off (they are for cotrace, not for the reader). The window's listings and the
// exports both show source this way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

// The lines of `text`, without their '\n'; a last line without one counts, an empty text has none.
std::vector<std::string_view> lines_of(std::string_view text);
std::string_view without_markers(std::string_view line);
// Every line of `text` without its marker; the lines keep their numbers.
std::string text_without_markers(std::string_view text);
// The line of a walkthrough's Python original that line `line` of file `file` mirrors (its "// py N"
// marker), or 0: none, or not the walkthrough's own C++ file.
int python_twin(const Trace& trace, int file, int line);

}  // namespace cotrace::analysis
