#include "classroom.h"

#include <filesystem>
#include <iostream>

#include "classroom/qr.h"
#include "classroom/server.h"
#include "trace/atomic_file.h"

namespace cotrace::cli {

namespace {

// The join address as a QR code in the terminal: two rows of modules a line, in half blocks, with the
// quiet zone the standard asks for (four modules).
std::string qr_text(const std::string& url) {
    classroom::QrCode code = classroom::qr_code(url);
    if (code.size == 0) return {};
    int margin = 4, size = code.size + 2 * margin;
    auto dark = [&](int x, int y) { return code.at(x - margin, y - margin); };
    std::string text;
    for (int y = 0; y < size; y += 2) {
        for (int x = 0; x < size; ++x) {
            bool top = dark(x, y), bottom = y + 1 < size && dark(x, y + 1);
            // Drawn in the terminal's background's inverse: light on dark terminals, dark on light ones.
            text += top && bottom ? " " : top ? "\u2584" : bottom ? "\u2580" : "\u2588";
        }
        text += "\n";
    }
    return text;
}

std::string status_line(const classroom::ClassStatus& s) {
    std::string line = "step " + std::to_string(s.step) + " of " + std::to_string(s.steps) + "; " + std::to_string(s.joined) +
                       (s.joined == 1 ? " student" : " students") + " joined";
    if (s.question) {
        line += "; question " + std::to_string(s.number) + " (round " + std::to_string(s.round) + ") " +
                (s.open ? "open" : s.revealed ? "revealed" : "closed") + ": " + std::to_string(s.answered) + " answered";
        if (s.revealed) {
            line += " (";
            for (size_t i = 0; i < s.counts.size(); ++i) line += (i ? " / " : "") + std::to_string(s.counts[i]);
            line += ", right: option " + std::to_string(s.answer + 1) + ")";
        }
    }
    return line;
}

void save_results(classroom::Server& server, const std::string& path) {
    write_file_atomically(path, server.results_csv());
    std::cout << "wrote " << path << std::endl;
}

}  // namespace

int run_classroom(const Trace& trace, const std::string& origin, const ClassroomOptions& options) {
    classroom::Server server(trace, std::filesystem::path(origin).filename().string(), {.bind = options.bind, .port = options.port});
    std::cout << "cotrace classroom: " << (trace.meta.title.empty() ? origin : trace.meta.title) << ", " << trace.size() << " steps\n"
              << qr_text(server.join_url()) << "join: " << server.join_url() << "\n"
              << "Students on this network open that address (or scan the code). Type a command a line: "
              << classroom::command_list() << "." << std::endl;
    std::string line, problem;
    while (std::getline(std::cin, line)) {
        auto command = classroom::parse_command(line, problem);
        if (!command) {
            std::cout << "cotrace: " << problem << std::endl;
            continue;
        }
        try {
            switch (command->kind) {
                case classroom::Command::Kind::end: break;
                case classroom::Command::Kind::status: std::cout << status_line(server.status()) << std::endl; continue;
                case classroom::Command::Kind::results: {
                    std::string path = command->file.empty() ? options.results : command->file;
                    if (path.empty()) std::cout << server.results_csv() << std::flush;
                    else save_results(server, path);
                    continue;
                }
                default: std::cout << server.post(*command).get() << std::endl; continue;
            }
        } catch (const FileError& error) {
            std::cout << "cotrace: could not save the results: " << error.what() << std::endl;
            continue;
        }
        break;  // end
    }
    int code = 0;
    if (!options.results.empty()) {
        try {
            save_results(server, options.results);
        } catch (const FileError& error) {
            std::cerr << "cotrace: error: could not save the results: " << error.what() << "\n";
            code = 1;
        }
    }
    server.end();
    std::cout << "the session has ended: every connection and the port are closed" << std::endl;
    return code;
}

}  // namespace cotrace::cli
