#include "program.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "exceptions.h"
#include "task.h"
#include "tracing.h"
#include "../trace/trace_json.h"

namespace asyncio {

namespace {

std::optional<std::string> runtime_source(const std::string& path) {
    auto it = runtime_sources().find(path);
    if (it == runtime_sources().end()) return std::nullopt;
    return it->second;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int run_program(int argc, char** argv, void (*program)(), const ProgramInfo& info, std::source_location where) {
    CLI::App app{info.title.empty() ? "A program on cotrace's asyncio runtime" : info.title};
    std::string trace_path;
    app.add_option("--trace", trace_path, "Record every transfer of control and write the trace to this file");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        int code = app.exit(error);
        return code == 0 ? 0 : 2;
    }

    if (trace_path.empty()) {
        try {
            program();
            return 0;
        } catch (const std::exception&) {
            std::cerr << "error: the program raised " << exception_repr(std::current_exception()) << "\n";
            return 1;
        }
    }

    cotrace::TraceMeta meta{info.title.empty() ? std::string(argv[0]) : info.title, "", info.intro, "virtual"};
    cotrace::Recorder recorder(meta, runtime_source);
    std::string failure;
    {
        cotrace::RecordingScope recording(recorder);
        Task::reset_name_counter();
        // The program's own frame starts where main() called us.
        recorder.emit({.kind = cotrace::EventKind::program_start, .where = recorder.locate(where)});
        try {
            program();
        } catch (const std::exception&) {
            failure = exception_repr(std::current_exception());
        }
        if (failure.empty()) recorder.emit({.kind = cotrace::EventKind::program_end});
    }
    if (!failure.empty()) {
        std::cerr << "error: the program raised " << failure << "; no trace written\n";
        return 1;
    }
    if (!info.python_path.empty()) {
        std::string python = read_file(info.python_path);
        if (python.empty()) std::cerr << "warning: " << info.python_path << ": cannot read the Python twin\n";
        recorder.set_python(cotrace::trace_path(info.python_path), python, cotrace::trace_path(where.file_name()));
    }
    try {
        cotrace::save_trace(recorder.finish(), trace_path);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace asyncio
