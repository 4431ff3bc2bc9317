#include "registry.h"

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

std::optional<std::string> embedded_source(const std::string& path) {
    for (const auto* sources : {&walkthrough_sources(), &asyncio::runtime_sources()}) {
        auto it = sources->find(path);
        if (it != sources->end()) return it->second;
    }
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

}  // namespace cotrace
