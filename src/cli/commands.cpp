#include "commands.h"

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iostream>

#include "analysis/stepping.h"
#include "analysis/warnings.h"
#include "classroom.h"
#include "analysis/why.h"
#include "export/handout.h"
#include "export/markdown.h"
#include "export/perfetto.h"
#include "trace/atomic_file.h"
#include "python/python_recorder.h"
#include "show.h"
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

// What a Python program's recording ended with, said after the verb's own output: what python3 would say
// on stderr as it ended (a traceback, sys.exit's message), or why the recording stopped it; and python3's
// exit status for it.
struct Ending {
    std::string said;
    int exit_code = 0;
};
Ending ending;

void take_ending(const python::Recording& recording) {
    ending = {recording.said, recording.exit_status};
    if (!recording.note.empty()) ending.said += "cotrace: note: " + recording.note + "\n";
    if (!recording.stopped.empty()) ending.said += "cotrace: note: " + recording.stopped + "; the trace so far is kept\n";
}

// What a verb does with its trace. A Python program that calls os._exit() ends the process inside the
// recording: the verb's work is done there, then the process exits with the program's status.
using UseTrace = std::function<void(Trace&)>;

void record_python(const std::string& path, std::ostream* program_output, const UseTrace& use) {
    python::PythonProgram program{.path = path,
                                  .args = program_options.args,
                                  .real_clock = program_options.real_clock,
                                  .max_events = program_options.max_events,
                                  .timeout = program_options.timeout,
                                  .max_output = program_options.max_output,
                                  .max_repr = program_options.max_repr,
                                  .data = !program_options.control_only,
                                  .embed = program_options.embed,
                                  .output = program_output};
    if (program_options.progress_fd >= 0)
        program.on_progress = [fd = program_options.progress_fd](size_t events) {
            std::string line = std::to_string(events) + "\n";
            [[maybe_unused]] ssize_t wrote = ::write(fd, line.data(), line.size());
        };
    program.on_exit_now = [&](python::Recording& recording) {
        take_ending(recording);
        try {
            use(recording.trace);
        } catch (const std::exception& error) {
            std::cerr << "cotrace: error: " << error.what() << "\n";
        }
        std::cout.flush();
        std::cerr << ending.said << std::flush;
    };
    python::Recording recording = python::record_program(program);
    take_ending(recording);
    use(recording.trace);
}

// A walkthrough id is recorded live, a .py program too; anything else is a trace file.
void with_source(const std::string& source, const UseTrace& use, std::ostream* program_output = nullptr) {
    if (const Walkthrough* walkthrough = find_walkthrough(source)) {
        Trace trace = record(*walkthrough, program_output);
        return use(trace);
    }
    if (python::is_python_program(source)) return record_python(source, program_output, use);
    // "-" is standard input; a path that exists, or that the OS will not say about, is the loader's to explain.
    std::error_code error;
    if (source != "-" && !std::filesystem::exists(source, error) && !error)
        throw Failure{source + ": not a walkthrough id (see `cotrace list`) and no such file"};
    Trace trace = load_trace(source);
    use(trace);
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

// Every export asked for, of one trace.
void export_all(const Trace& trace, const std::string& source, const ExportOptions& options) {
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
const ProgramOptions& current_program_options() { return program_options; }

int run(const std::string& source) {
    return guarded([&] {
        bool recorded = find_walkthrough(source) || python::is_python_program(source);
        with_source(source, [&](const Trace& trace) {
            // A saved trace: print what the program printed when it was recorded (a recording printed it live).
            if (recorded) return;
            for (const auto& event : trace.events)
                if (event.kind == EventKind::print) std::cout << event.text << "\n";
        }, &std::cout);
    });
}

int record(const std::string& source, const std::string& output_path) {
    return guarded([&] { with_source(source, [&](const Trace& trace) { save_trace(trace, output_path); }); });
}

int log(const std::string& source) {
    return guarded([&] { with_source(source, [](const Trace& trace) { print_lines(step_log(trace)); }); });
}

int outline(const std::string& source) {
    return guarded([&] { with_source(source, [](const Trace& trace) { print_lines(cotrace::outline(trace)); }); });
}

int narrate(const std::string& source) {
    return guarded([&] {
        with_source(source, [](const Trace& trace) {
            auto sentences = narration(trace);
            for (size_t i = 0; i < sentences.size(); ++i) std::cout << i + 1 << ". " << sentences[i] << "\n";
        });
    });
}

int why(const std::string& source, size_t step, const std::string& object) {
    return guarded([&] { with_source(source, [&](const Trace& trace) {
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
    }); });
}

int show(const std::string& source, size_t step, bool json, bool with_question) {
    return guarded([&] {
        with_source(source, [&](const Trace& trace) {
            if (step > trace.size())
                throw Failure{source + ": --step " + std::to_string(step) + " is past the end: the trace has " +
                              std::to_string(trace.size()) + " steps"};
            analysis::StepView view = analysis::step_view(trace, step);
            if (json) print_step_view_json(view, with_question, std::cout);
            else print_step_view(view, with_question, std::cout);
        });
    });
}

int warnings(const std::string& source) {
    return guarded([&] {
        with_source(source, [](const Trace& trace) {
            for (const auto& warning : analysis::warnings(trace)) {
                std::cout << "step " << warning.step << ": " << analysis::to_string(warning.kind) << ": " << warning.text << "\n";
                for (const auto& link : warning.links) std::cout << "  step " << link.step << ": " << link.text << "\n";
            }
        });
    });
}

int classroom(const std::string& source, const ClassroomOptions& options) {
    return guarded([&] {
        with_source(source, [&](const Trace& trace) {
            int code = run_classroom(trace, source, options);
            ending = {ending.said, code};  // the session's outcome, not the program's exit status
        });
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
        with_source(source, [&](const Trace& trace) { export_all(trace, source, options); });
    });
}


}  // namespace cotrace::cli
