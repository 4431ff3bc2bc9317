#include "code_text.h"

#include "analysis/asyncio_code.h"

namespace cotrace::exports {

std::string_view without_markers(std::string_view line) {
    line = analysis::without_seed_marker(line);
    size_t marker = line.rfind("// py ");
    if (marker != std::string_view::npos && line.find_first_not_of("0123456789 ", marker + 6) == std::string_view::npos) {
        line = line.substr(0, marker);
        while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    }
    return line;
}

std::string text_without_markers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        size_t end = text.find('\n');
        out += without_markers(text.substr(0, end));
        if (end == std::string_view::npos) break;
        out += '\n';
        text.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace cotrace::exports
