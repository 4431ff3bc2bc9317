#include "markdown.h"

#include <algorithm>

#include "analysis/asyncio_code.h"
#include "analysis/source_text.h"
#include "trace/views.h"

namespace cotrace::exports {

namespace {

// Lines around the current one, no more: enough to place it.
constexpr int context_lines = 2;

std::string_view language_of(std::string_view path) {
    return path.ends_with(".py") ? "python" : path.ends_with(".cpp") || path.ends_with(".h") ? "cpp" : "";
}

// A fenced block of the lines around `line`, that one marked with ">".
void write_excerpt(std::ostream& out, std::string_view path, std::string_view text, int line) {
    auto lines = analysis::lines_of(text);
    if (line < 1 || line > static_cast<int>(lines.size())) return;
    int first = std::max(1, line - context_lines), last = std::min(static_cast<int>(lines.size()), line + context_lines);
    int width = static_cast<int>(std::to_string(last).size());
    out << "```" << language_of(path) << "\n";
    for (int n = first; n <= last; ++n) {
        std::string number = std::to_string(n);
        out << (n == line ? "> " : "  ") << std::string(static_cast<size_t>(width) - number.size(), ' ') << number << "  "
            << analysis::without_markers(lines[static_cast<size_t>(n - 1)]) << "\n";
    }
    out << "```\n";
}

}  // namespace

void write_markdown(const Trace& trace, std::ostream& out) {
    out << "# " << (trace.meta.title.empty() ? "A cotrace trace" : trace.meta.title) << "\n\n";
    if (!trace.meta.intro.empty()) out << trace.meta.intro << "\n\n";
    out << "Each section is one transfer of control: who holds control, what happened, and where in the code.\n";
    for (const OutlineLine& line : outline_lines(trace)) {
        size_t step = line.event + 1;
        std::string holder = outline_text(trace, line);
        std::string name = holder.substr(holder.find_first_not_of(' '));
        out << "\n## Step " << step << ": " << name << "\n\n";
        out << "    " << holder << "\n\n";
        out << narrate(trace, trace.state_after(line.event), line.event) << "\n\n";
        analysis::AsyncioMarks marks = analysis::asyncio_marks(trace, step);
        if (marks.in_asyncio) {
            const auto& listing = analysis::asyncio_listing(marks.focus);
            const analysis::CodeMark& mark = marks.focus == analysis::AsyncioListing::task_step ? marks.task_step : marks.future_await;
            if (mark.line) {
                out << "In asyncio's " << listing.title << ", as the simplified listing tells it (" << mark.label << "):\n\n";
                write_excerpt(out, listing.seed_path, listing.seed, mark.line);
                if (!marks.note.empty()) out << "\n" << marks.note << "\n";
                continue;
            }
        }
        Location where = trace.state_after(step).current_location();
        if (!where.valid() || where.file >= static_cast<int>(trace.files.size())) continue;
        const SourceFile& file = trace.files[static_cast<size_t>(where.file)];
        if (!file.embedded) {
            out << "`" << file.path << "`, line " << where.line << " (not embedded: outside the program's folder)\n";
            continue;
        }
        out << "`" << file.path << "`, line " << where.line << ":\n\n";
        write_excerpt(out, file.path, file.text, where.line);
        if (int twin = analysis::python_twin(trace, where.file, where.line)) {
            out << "\nIn Python (`" << trace.python.path << "`):\n\n";
            write_excerpt(out, trace.python.path, trace.python.text, twin);
        }
    }
}

}  // namespace cotrace::exports
