#include "program_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "trace/trace_json.h"
#include "trace/views.h"

namespace cotrace::cli {

namespace {

double seconds_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// "the process ended with status 3", "the process was killed by signal 9 (Killed)": a wait status in words.
std::string ended_how(int status) {
    if (WIFSIGNALED(status))
        return "the process was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) + ")";
    return "the process ended with exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status);
}

// Appends what is there to read, without waiting.
void drain(int fd, std::string& into) {
    char buffer[4096];
    for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) into.append(buffer, static_cast<size_t>(got));
}

// Runs `cotrace ARGUMENTS` in a child process, as the window's work: what it said on stderr, its status,
// and whether it was cancelled. With `counts`, the child writes "N\n" lines to a descriptor it is given
// (--progress-fd), and they become progress.events.
struct Child {
    std::string said;
    int status = 0;
    bool started = false;
    std::string why_not;  // when it could not start
};

Child run_child(std::vector<std::string> arguments, ui::Progress& progress, bool counts_progress) {
    Child result;
    int errors[2], counts[2];
    if (::pipe2(errors, O_CLOEXEC) != 0 || ::pipe2(counts, O_CLOEXEC) != 0) {
        result.why_not = std::string("cannot make a pipe: ") + std::strerror(errno);
        return result;
    }
    // Before any "--": what follows it is the program's.
    if (counts_progress) arguments.insert(arguments.begin() + 2, {"--progress-fd", std::to_string(counts[1])});
    pid_t child = ::fork();
    if (child == 0) {
        // Only async-signal-safe calls from here to exec: the window has other threads.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a window that quits takes its child with it
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
        result.why_not = std::string("cannot start a process: ") + std::strerror(errno);
        ::close(errors[0]), ::close(counts[0]);
        return result;
    }
    result.started = true;
    ::fcntl(errors[0], F_SETFL, O_NONBLOCK), ::fcntl(counts[0], F_SETFL, O_NONBLOCK);
    std::string count_lines;
    // Stopping a recording is Ctrl-C for its program: the child keeps the trace so far and exits. One that
    // does not end within a few seconds of it is killed.
    double stopped_at = -1;
    for (;;) {
        pollfd fds[2] = {{errors[0], POLLIN, 0}, {counts[0], POLLIN, 0}};
        ::poll(fds, 2, 50);
        drain(errors[0], result.said);
        drain(counts[0], count_lines);
        if (size_t end = count_lines.rfind('\n'); end != std::string::npos) {
            size_t start = count_lines.rfind('\n', end - 1);
            progress.events = std::strtoull(count_lines.c_str() + (start == std::string::npos ? 0 : start + 1), nullptr, 10);
            count_lines.erase(0, end + 1);
        }
        if (progress.cancelled) ::kill(child, SIGKILL);
        if (progress.stopped && stopped_at < 0) {
            ::kill(child, SIGINT);
            stopped_at = seconds_now();
        }
        if (stopped_at >= 0 && seconds_now() - stopped_at > 5) ::kill(child, SIGKILL);
        pid_t done = ::waitpid(child, &result.status, WNOHANG);
        if (done == child) break;
    }
    drain(errors[0], result.said);
    ::close(errors[0]), ::close(counts[0]);
    return result;
}

// "cotrace: error: FILE: ..." -> what follows "cotrace: error: ", or the status when it said nothing.
std::string error_of(const Child& child, const std::string& what) {
    const std::string prefix = "cotrace: error: ";
    size_t at = child.said.find(prefix);
    std::string error = at != std::string::npos ? child.said.substr(at + prefix.size()) : child.said;
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return error.empty() ? what + ": " + ended_how(child.status) + ", and said nothing" : error;
}

// A private directory, removed however the work ends.
struct WorkDirectory {
    std::string path, why_not;
    WorkDirectory(const char* name) {
        std::string pattern = (std::filesystem::temp_directory_path() / name).string();
        if (::mkdtemp(pattern.data())) path = pattern;
        else why_not = std::string("cannot make a temporary directory: ") + std::strerror(errno);
    }
    ~WorkDirectory() {
        std::error_code ignored;
        if (!path.empty()) std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

ui::Outcome record_in_child(const std::string& path, const ProgramOptions& options, bool with_arguments, ui::Progress& progress) {
    ui::Outcome outcome;
    outcome.error_title = "Could not record the program";
    WorkDirectory directory("cotrace-record-XXXXXX");
    if (directory.path.empty()) {
        outcome.error = path + ": " + directory.why_not;
        return outcome;
    }
    std::string trace_path = directory.path + "/trace.cbor";
    std::vector<std::string> arguments = {"cotrace", "record", path, "-o", trace_path, "--timeout", format_g(options.timeout),
                                          "--max-events", std::to_string(options.max_events), "--max-output",
                                          std::to_string(options.max_output), "--max-repr", std::to_string(options.max_repr)};
    if (options.control_only) arguments.push_back("--control-only");
    if (options.real_clock) arguments.push_back("--real-clock");
    for (const auto& more : options.embed) arguments.insert(arguments.end(), {"--embed", more});
    if (with_arguments && !options.args.empty()) {
        arguments.push_back("--");
        arguments.insert(arguments.end(), options.args.begin(), options.args.end());
    }
    Child child = run_child(arguments, progress, true);
    if (!child.started) {
        outcome.error = path + ": " + child.why_not;
    } else if (progress.cancelled) {
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
        outcome.error = error_of(child, path);
    }
    return outcome;
}

ui::Outcome export_in_child(const Trace& trace, const std::string& format, const std::string& output, ui::Progress& progress) {
    ui::Outcome outcome;
    outcome.error_title = "Could not export the trace";
    WorkDirectory directory("cotrace-export-XXXXXX");
    if (directory.path.empty()) {
        outcome.error = output + ": " + directory.why_not;
        return outcome;
    }
    std::string trace_path = directory.path + "/trace.cbor";
    try {
        save_trace(trace, trace_path);
    } catch (const std::exception& error) {
        outcome.error = error.what();
        return outcome;
    }
    Child child = run_child({"cotrace", "export", trace_path, "--" + format, output}, progress, false);
    if (!child.started) outcome.error = output + ": " + child.why_not;
    else if (progress.cancelled) outcome.error = "cancelled";
    else if (!WIFEXITED(child.status) || WEXITSTATUS(child.status) != 0) outcome.error = error_of(child, output);
    else outcome.done = "Exported " + output;
    return outcome;
}

}  // namespace cotrace::cli
