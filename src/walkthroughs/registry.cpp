#include "registry.h"

#include "trace/atomic_file.h"

#include "runtime/print.h"
#include "runtime/program.h"
#include "runtime/task.h"
#include "trace/recorder.h"

namespace cotrace {

const std::vector<Walkthrough>& walkthroughs() {
    static const std::vector<Walkthrough> all = {
        rock_walkthrough(),          generator_send_walkthrough(), coroutine_object_walkthrough(),
        types_coroutine_walkthrough(), triple_main_walkthrough(),  coro_vs_task_walkthrough(),
        homemade_sleep_walkthrough(),  asyncio_sleep_walkthrough(), future_set_result_walkthrough(),
        cancel_throw_walkthrough(),    io_gather_walkthrough(),     file_chunks_walkthrough(),
        network_io_walkthrough(),
    };
    return all;
}

const Walkthrough* find_walkthrough(std::string_view id) {
    for (const auto& walkthrough : walkthroughs())
        if (walkthrough.id == id) return &walkthrough;
    return nullptr;
}

namespace {

// A walkthrough's file ends with its registration (cotrace::Walkthrough cotrace::..._walkthrough()): cotrace's
// plumbing, not the lesson, so the trace embeds the program only. Lines keep their numbers.
std::string without_registration(const std::string& text) {
    size_t at = text.find("\ncotrace::Walkthrough cotrace::");
    if (at == std::string::npos) return text;
    size_t end = text.find_last_not_of('\n', at);
    return text.substr(0, end == std::string::npos ? 0 : end + 1) + "\n";
}

std::optional<std::string> embedded_source(const std::string& path) {
    if (auto it = walkthrough_sources().find(path); it != walkthrough_sources().end())
        return without_registration(it->second);
    if (auto it = asyncio::runtime_sources().find(path); it != asyncio::runtime_sources().end()) return it->second;
    return std::nullopt;
}

// Restores the print destination however the program ends.
class OutputScope {
public:
    explicit OutputScope(std::ostream* output) : previous_(asyncio::set_output(output)) {}
    ~OutputScope() { asyncio::set_output(previous_); }
    OutputScope(const OutputScope&) = delete;
    OutputScope& operator=(const OutputScope&) = delete;

private:
    std::ostream* previous_;
};

}  // namespace

Trace record(const Walkthrough& walkthrough, std::ostream* output) {
    TraceMeta meta{walkthrough.title, walkthrough.id, walkthrough.intro, walkthrough.real_io ? "real" : "virtual"};
    Recorder recorder(std::move(meta), embedded_source);
    {
        RecordingScope recording(recorder);
        OutputScope printing(output);
        asyncio::Task::reset_name_counter();
        recorder.emit({.kind = EventKind::program_start});
        walkthrough.program();
        recorder.emit({.kind = EventKind::program_end});
    }
    recorder.set_python(walkthrough.python_path, embedded_source(walkthrough.python_path).value_or(""),
                        walkthrough.source_path);
    return recorder.finish();
}

std::filesystem::path write_python_twin(const Walkthrough& walkthrough, const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    fs::path path = folder / fs::path(walkthrough.python_path).filename();
    std::error_code error;
    if (fs::exists(path, error)) return path;
    fs::create_directories(folder, error);
    if (error) throw FileError(folder.string(), "cannot make the folder: " + error.message());
    write_file_atomically(path.string(), walkthrough_sources().at(walkthrough.python_path));
    return path;
}

}  // namespace cotrace
