#include "export_media.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "trace/atomic_file.h"
#include "trace/views.h"
#include "ui/app.h"
#include "ui/settings.h"
#include "ui/window.h"

namespace cotrace::cli {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> own_command_line() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::vector<std::string> words;
    std::string word;
    while (std::getline(in, word, '\0')) words.push_back(word);
    return words;
}

// Runs a program (no shell) and gives its exit code.
int run(const std::vector<std::string>& command) {
    std::vector<char*> argv;
    for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    pid_t child = fork();
    if (child < 0) throw std::runtime_error(std::string("cannot start ") + command[0] + ": " + std::strerror(errno));
    if (child == 0) {
        execvp(argv[0], argv.data());
        std::cerr << "cotrace: error: cannot run " << command[0] << ": " << std::strerror(errno) << "\n";
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The positions to draw, and the number each frame shows ("Step N of M"), which --from and --to mean too:
// all[N] is the position of step N (stops at the transfers of control granularity, events at every event).
struct Frames {
    std::vector<size_t> positions;
    std::vector<std::string> names;  // "step-06.png": the number the frame shows, zero-padded to sort
};

Frames frames_to_draw(const Trace& trace, const MediaOptions& options) {
    std::vector<size_t> all;
    if (options.every_event) {
        for (size_t p = 0; p <= trace.size(); ++p) all.push_back(p);
    } else {
        all.push_back(0);
        for (const auto& line : outline_lines(trace))
            if (line.event + 1 != all.back()) all.push_back(line.event + 1);
        if (all.back() != trace.size()) all.push_back(trace.size());  // the last step, where the program has ended
    }
    size_t last = all.size() - 1;
    size_t from = options.from.value_or(0), to = std::min(options.to.value_or(last), last);
    if (from > to)
        throw std::runtime_error("no step to draw between " + std::to_string(from) + " and " + std::to_string(options.to.value_or(last)) +
                                 " (the steps go from 0 to " + std::to_string(last) +
                                 (options.every_event ? ", one an event)" : ", one a transfer of control)"));
    int digits = static_cast<int>(std::to_string(last).size());
    Frames frames;
    for (size_t number = from; number <= to; ++number) {
        char name[64];
        std::snprintf(name, sizeof name, "step-%0*zu.png", digits, number);
        frames.positions.push_back(all[number]);
        frames.names.push_back(name);
    }
    return frames;
}

// The window, drawn at each position into `dir`.
void draw_frames(const Trace& trace, const std::string& source, const MediaOptions& options, const std::string& dir) {
    ui::Settings settings;  // the defaults: a learner's settings never change what is exported
    settings.presentation = options.presentation;
    settings.control_granularity = !options.every_event;
    ui::App app({}, settings, "");
    app.set_chrome(options.chrome);
    app.show(trace, source);
    ui::WindowOptions window;
    window.width = options.width;
    window.height = options.height;
    window.frames_dir = dir;
    Frames frames = frames_to_draw(trace, options);
    window.frame_positions = std::move(frames.positions);
    window.frame_names = std::move(frames.names);
    // Progress on stderr: on a terminal, one line that counts; in a log, a line every tenth of the way.
    bool terminal = isatty(STDERR_FILENO);
    window.on_frame = [terminal](size_t written, size_t total) {
        if (terminal) std::cerr << "\rcotrace: drawing frame " << written << " of " << total << std::flush;
        else if (written == total || written % std::max<size_t>(1, total / 10) == 0)
            std::cerr << "cotrace: drew frame " << written << " of " << total << "\n";
        if (written == total && terminal) std::cerr << "\n";
    };
    if (ui::run_window(app, window) != 0) throw std::runtime_error("could not draw the frames");
}

// A private directory for frames, removed however the export ends.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (fs::temp_directory_path() / "cotrace-frames-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error(std::string("cannot make a temporary directory: ") + std::strerror(errno));
        path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// ffmpeg makes the video in the private directory; the saver then puts it in place atomically.
void encode(const std::string& frames, const std::string& output, bool gif, double pace) {
    std::string made = (fs::path(frames) / (gif ? "out.gif" : "out.mp4")).string();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%ld/%ld", 1000L, std::lround(pace * 1000));
    std::vector<std::string> command = {"ffmpeg", "-y", "-loglevel", "error", "-framerate", rate, "-pattern_type", "glob",
                                        "-i", (fs::path(frames) / "*.png").string()};
    if (gif) {
        // One palette for the whole film keeps text crisp.
        command.insert(command.end(), {"-vf", "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none",
                                       "-loop", "0", made});
    } else {
        command.insert(command.end(), {"-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                                       "-r", "30", "-movflags", "+faststart", made});
    }
    if (int code = run(command); code != 0)
        throw std::runtime_error("ffmpeg could not make " + output + " (exit code " + std::to_string(code) +
                                 "; scripts/setup.sh installs Debian's ffmpeg)");
    std::ifstream in(made, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    write_file_atomically(output, bytes.str());
}

}  // namespace

std::optional<int> rerun_under_xvfb(const MediaOptions& options) {
    const char* display = std::getenv("DISPLAY");
    if ((display && *display) || std::getenv("COTRACE_UNDER_XVFB")) return std::nullopt;
    std::vector<std::string> command = {"xvfb-run", "-a", "-s",
                                        "-screen 0 " + std::to_string(options.width) + "x" + std::to_string(options.height) + "x24"};
    for (const auto& word : own_command_line()) command.push_back(word);
    std::error_code error;
    auto self = fs::read_symlink("/proc/self/exe", error);  // this very binary, wherever it was started from
    if (!error && command.size() > 4) command[4] = self.string();
    setenv("COTRACE_UNDER_XVFB", "1", 1);
    return run(command);
}

void export_media(const Trace& trace, const std::string& source, const MediaOptions& options) {
    if (!(options.pace > 0 && options.pace <= 3600)) throw std::runtime_error("--pace must be between 0 and 3600 seconds a frame");
    if (!options.png_dir.empty()) {
        std::error_code error;
        fs::create_directories(options.png_dir, error);
        if (error) throw std::runtime_error(options.png_dir + ": cannot make the directory: " + error.message());
        draw_frames(trace, source, options, options.png_dir);
        std::cerr << "cotrace: wrote the frames to " << options.png_dir << "\n";
    }
    for (bool gif : {true, false}) {
        const std::string& output = gif ? options.gif : options.mp4;
        if (output.empty()) continue;
        TemporaryDirectory frames;
        draw_frames(trace, source, options, frames.path());
        encode(frames.path(), output, gif, options.pace);
        std::cerr << "cotrace: wrote " << output << "\n";
    }
}

}  // namespace cotrace::cli
