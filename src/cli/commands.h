// The verbs of the `cotrace` command. Each returns the process exit code.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "export_media.h"

namespace cotrace::cli {

// For a SOURCE that is a Python program (.py): its arguments (after --), and how it is recorded.
struct ProgramOptions {
    std::vector<std::string> args;
    bool real_clock = false;
    std::size_t max_events = 1'000'000;
    double timeout = 60;                  // wall-clock seconds
    std::size_t max_output = 4 << 20;     // bytes of printed text kept
    std::size_t max_repr = 80;            // letters of a variable's value kept
    bool control_only = false;            // no variables, lines, reads or writes
    std::vector<std::string> embed;       // more files or folders a trace may embed
    int progress_fd = -1;  // the window's child: how many events so far, a line now and then
};
void set_program_options(ProgramOptions options);
const ProgramOptions& current_program_options();

int list_walkthroughs();
int run(const std::string& source);
int record(const std::string& source, const std::string& output_path);
int log(const std::string& source);
int outline(const std::string& source);
int narrate(const std::string& source);
// Why an object (by default the task holding control) is running, waiting or done after `step` events.
int why(const std::string& source, std::size_t step, const std::string& object);
// The warnings of a trace, one per line, by step.
int warnings(const std::string& source);
// What the window shows after `step` events: text, or JSON; with Predict's question when asked.
int show(const std::string& source, std::size_t step, bool json, bool with_question);

// `cotrace export SOURCE --perfetto F --markdown F ...`: each output asked for, written atomically.
struct ExportOptions {
    std::string html, perfetto, markdown;
    MediaOptions media;  // --png, --gif, --mp4
};
int export_trace(const std::string& source, const ExportOptions& options);

// `cotrace classroom SOURCE --no-window`: a live session for a class (classroom.h).
struct ClassroomOptions;
int classroom(const std::string& source, const ClassroomOptions& options);

}  // namespace cotrace::cli
