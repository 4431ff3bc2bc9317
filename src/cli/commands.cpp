#include "commands.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "analysis/stepping.h"
#include "analysis/warnings.h"
#include "analysis/why.h"
#include "export/handout.h"
#include "export/markdown.h"
#include "export/perfetto.h"
#include "trace/atomic_file.h"
#include "python/python_recorder.h"
#include "trace/trace_json.h"
#include "trace/views.h"
#include "walkthroughs/registry.h"

namespace cotrace::cli {

namespace {

// Thrown for a bad argument that is not a usage error: exit code 1, message as given.
struct Failure {
    std::string message;
};

ProgramOptions program_options;

// What a Python program's recording ended with, said after the verb's own output: the traceback of an
// exception that escaped it (exit code 1), or why the recording stopped early.
struct Ending {
    std::string said;
    int exit_code = 0;
};
Ending ending;

Trace record_python(const std::string& path, std::ostream* program_output) {
    python::PythonProgram program{.path = path,
                                  .args = program_options.args,
                                  .real_clock = program_options.real_clock,
                                  .max_events = program_options.max_events,
                                  .output = program_output};
    if (program_options.progress_fd >= 0)
        program.on_progress = [fd = program_options.progress_fd](size_t events) {
            std::string line = std::to_string(events) + "\n";
            [[maybe_unused]] ssize_t wrote = ::write(fd, line.data(), line.size());
        };
    python::Recording recording = python::record_program(program);
    if (!recording.exception.empty()) ending = {recording.exception, 1};
    else if (!recording.stopped.empty()) ending = {"cotrace: note: " + recording.stopped + "; the trace so far is kept\n", 0};
    return std::move(recording.trace);
}

// A walkthrough id is recorded live, a .py program too; anything else is a trace file.
Trace open_source(const std::string& source, std::ostream* program_output = nullptr) {
    if (const Walkthrough* walkthrough = find_walkthrough(source)) return record(*walkthrough, program_output);
    if (python::is_python_program(source)) return record_python(source, program_output);
    // "-" is standard input; a path that exists, or that the OS will not say about, is the loader's to explain.
    std::error_code error;
    if (source != "-" && !std::filesystem::exists(source, error) && !error)
        throw Failure{source + ": not a walkthrough id (see `cotrace list`) and no such file"};
    return load_trace(source);
}

template <typename Body>
int guarded(Body body) {
    try {
        body();
        std::cerr << ending.said;
        return ending.exit_code;
    } catch (const Failure& failure) {
        std::cerr << "cotrace: error: " << failure.message << "\n";
    } catch (const TraceError& error) {
        std::cerr << "cotrace: error: " << error.what() << "\n";
    } catch (const python::ProgramError& error) {
        std::cerr << "cotrace: error: " << error.what() << "\n";
    } catch (const std::bad_alloc&) {
        std::cerr << "cotrace: error: out of memory\n";
    } catch (const std::exception& error) {
        std::cerr << "cotrace: error: " << error.what() << "\n";
    }
    return 1;
}

void print_lines(const std::vector<std::string>& lines) {
    for (const auto& line : lines) std::cout << line << "\n";
}

}  // namespace

int list_walkthroughs() {
    size_t width = 0;
    for (const auto& walkthrough : walkthroughs()) width = std::max(width, walkthrough.id.size());
    for (const auto& walkthrough : walkthroughs())
        std::cout << walkthrough.id << std::string(width + 2 - walkthrough.id.size(), ' ') << walkthrough.summary << "\n";
    return 0;
}

void set_program_options(ProgramOptions options) { program_options = std::move(options); }

int run(const std::string& source) {
    return guarded([&] {
        if (const Walkthrough* walkthrough = find_walkthrough(source)) {
            record(*walkthrough, &std::cout);
            return;
        }
        if (python::is_python_program(source)) {
            record_python(source, &std::cout);
            return;
        }
        // A saved trace: print what the program printed when it was recorded.
        Trace trace = open_source(source);
        for (const auto& event : trace.events)
            if (event.kind == EventKind::print) std::cout << event.text << "\n";
    });
}

int record(const std::string& source, const std::string& output_path) {
    return guarded([&] { save_trace(open_source(source), output_path); });
}

int log(const std::string& source) {
    return guarded([&] { print_lines(step_log(open_source(source))); });
}

int outline(const std::string& source) {
    return guarded([&] { print_lines(cotrace::outline(open_source(source))); });
}

int narrate(const std::string& source) {
    return guarded([&] {
        auto sentences = narration(open_source(source));
        for (size_t i = 0; i < sentences.size(); ++i) std::cout << i + 1 << ". " << sentences[i] << "\n";
    });
}

int why(const std::string& source, size_t step, const std::string& object) {
    return guarded([&] {
        Trace trace = open_source(source);
        if (step > trace.size())
            throw Failure{source + ": --step " + std::to_string(step) + " is past the end: the trace has " +
                          std::to_string(trace.size()) + " steps"};
        ObjectId id = 0;
        if (!object.empty()) {
            auto found = analysis::find_object(trace, object);
            if (!found || trace.kind(*found) == ObjectKind::handle || trace.kind(*found) == ObjectKind::timer)
                throw Failure{source + ": --object " + object + ": no task, future or coroutine of that name in this trace " +
                              "(`cotrace log` names them)"};
            id = *found;
        }
        analysis::WhyChain chain = analysis::why(trace, step, id);
        std::cout << chain.question << "\n";
        size_t width = std::to_string(trace.size()).size();
        for (const auto& link : chain.links) {
            std::string number = std::to_string(link.step);
            std::cout << "  step " << std::string(width - number.size(), ' ') << number << "  " << link.text << "\n";
        }
    });
}

int warnings(const std::string& source) {
    return guarded([&] {
        Trace trace = open_source(source);
        for (const auto& warning : analysis::warnings(trace))
            std::cout << "step " << warning.step << ": " << analysis::to_string(warning.kind) << ": " << warning.text << "\n";
    });
}

int export_trace(const std::string& source, const ExportOptions& options) {
    // Frames need a display: with none, this command runs again under xvfb-run.
    if (options.media.any())
        if (auto code = rerun_under_xvfb(options.media)) return *code;
    return guarded([&] {
        if (options.html.empty() && options.perfetto.empty() && options.markdown.empty() && !options.media.any())
            throw Failure{"export: say what to make: --html FILE, --perfetto FILE, --markdown FILE, --png DIR, --gif FILE or "
                          "--mp4 FILE (see cotrace export --help)"};
        Trace trace = open_source(source);
        if (!options.html.empty()) {
            try {
                write_file_atomically(options.html, [&](std::ostream& out) { exports::write_handout(trace, source, out); });
            } catch (const exports::HandoutTooBig& too_big) {
                throw Failure{source + ": " + too_big.what()};
            }
            std::cerr << "cotrace: wrote " << options.html << " (one file: open it in any browser, offline)\n";
        }
        if (!options.perfetto.empty()) {
            write_file_atomically(options.perfetto, [&](std::ostream& out) { exports::write_perfetto(trace, out); });
            std::cerr << "cotrace: wrote " << options.perfetto << " (Chrome trace event JSON: ui.perfetto.dev or chrome://tracing)\n";
        }
        if (!options.markdown.empty()) {
            write_file_atomically(options.markdown, [&](std::ostream& out) { exports::write_markdown(trace, out); });
            std::cerr << "cotrace: wrote " << options.markdown << "\n";
        }
        if (options.media.any()) {
            try {
                export_media(trace, source, options.media);
            } catch (const std::runtime_error& error) {
                throw Failure{source + ": " + error.what()};
            }
        }
    });
}

}  // namespace cotrace::cli
