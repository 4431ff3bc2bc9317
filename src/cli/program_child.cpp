#include "program_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "trace/trace_json.h"

namespace cotrace::cli {

namespace {

// Appends what is there to read, without waiting.
void drain(int fd, std::string& into) {
    char buffer[4096];
    for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) into.append(buffer, static_cast<size_t>(got));
}

}  // namespace

ui::Outcome record_in_child(const std::string& path, ui::Progress& progress) {
    ui::Outcome outcome;
    outcome.error_title = "Could not record the program";
    std::string directory_template = (std::filesystem::temp_directory_path() / "cotrace-record-XXXXXX").string();
    if (!::mkdtemp(directory_template.data())) {
        outcome.error = path + ": cannot make a temporary directory: " + std::strerror(errno);
        return outcome;
    }
    std::string trace_path = directory_template + "/trace.cbor";
    int errors[2], counts[2];
    if (::pipe2(errors, O_CLOEXEC) != 0 || ::pipe2(counts, O_CLOEXEC) != 0) {
        outcome.error = path + ": cannot make a pipe: " + std::strerror(errno);
        return outcome;
    }
    std::string progress_fd = std::to_string(counts[1]);
    std::vector<std::string> arguments{"cotrace", "record", path, "-o", trace_path, "--progress-fd", progress_fd};
    pid_t child = ::fork();
    if (child == 0) {
        // Only async-signal-safe calls from here to exec: the window has other threads.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a window that quits takes its recording with it
        ::dup2(errors[1], STDERR_FILENO);
        int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, STDIN_FILENO), ::dup2(null, STDOUT_FILENO);
        ::fcntl(counts[1], F_SETFD, 0);  // the one descriptor the child keeps
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execv("/proc/self/exe", argv.data());
        ::_exit(127);
    }
    ::close(errors[1]), ::close(counts[1]);
    if (child < 0) {
        outcome.error = path + ": cannot start a process to record it: " + std::strerror(errno);
        ::close(errors[0]), ::close(counts[0]);
        return outcome;
    }
    ::fcntl(errors[0], F_SETFL, O_NONBLOCK), ::fcntl(counts[0], F_SETFL, O_NONBLOCK);
    std::string said, count_lines;
    int status = 0;
    for (;;) {
        pollfd fds[2] = {{errors[0], POLLIN, 0}, {counts[0], POLLIN, 0}};
        ::poll(fds, 2, 50);
        drain(errors[0], said);
        drain(counts[0], count_lines);
        if (size_t end = count_lines.rfind('\n'); end != std::string::npos) {
            size_t start = count_lines.rfind('\n', end - 1);
            progress.events = std::strtoull(count_lines.c_str() + (start == std::string::npos ? 0 : start + 1), nullptr, 10);
            count_lines.erase(0, end + 1);
        }
        if (progress.cancelled) ::kill(child, SIGKILL);
        pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) break;
    }
    drain(errors[0], said);
    ::close(errors[0]), ::close(counts[0]);
    if (progress.cancelled) {
        outcome.error = "cancelled";
    } else if (std::filesystem::exists(trace_path)) {
        // The program ran (it may have raised: the trace ends with its exception, and says so).
        try {
            outcome.trace = load_trace(trace_path);
            outcome.trace->meta.title = std::filesystem::path(path).filename().string();
        } catch (const std::exception& error) {
            outcome.error = error.what();
        }
    } else {
        // "cotrace: error: FILE: line L, column C: SyntaxError: ..." -> what follows "cotrace: error: ".
        const std::string prefix = "cotrace: error: ";
        outcome.error = said.starts_with(prefix) ? said.substr(prefix.size()) : said;
        while (!outcome.error.empty() && outcome.error.back() == '\n') outcome.error.pop_back();
        if (outcome.error.empty()) outcome.error = path + ": the recording process ended with status " + std::to_string(status);
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_template, ignored);
    return outcome;
}

}  // namespace cotrace::cli
