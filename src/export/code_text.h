// Source text as a reader sees it: the "// py N" and "// seed N" markers that map lines to their twins
// are for cotrace, not for the reader (the window hides them too).
#pragma once

#include <string>
#include <string_view>

namespace cotrace::exports {

std::string_view without_markers(std::string_view line);
// Every line of `text` without its marker; the lines keep their numbers.
std::string text_without_markers(std::string_view text);

}  // namespace cotrace::exports
