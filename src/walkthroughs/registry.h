// The walkthroughs: each a short program written against the runtime, beside its Python original.
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.h"

namespace cotrace {

struct Walkthrough {
    std::string id;
    std::string title;
    std::string summary;      // one line, for `cotrace list`
    std::string intro;        // one paragraph: what to watch for
    std::string source_path;  // the C++ program, relative to the project
    std::string python_path;  // its Python original, relative to the project
    void (*program)();        // the top-level code, like the Python module's
    // Real files or sockets on the real clock: no CPython oracle, and the trace varies from run to run.
    bool real_io = false;
};

const std::vector<Walkthrough>& walkthroughs();
const Walkthrough* find_walkthrough(std::string_view id);

// Runs the walkthrough under a recorder. What it prints goes to `output` (nullptr: nowhere).
Trace record(const Walkthrough& walkthrough, std::ostream* output = nullptr);

// Each walkthrough file defines one of these; walkthroughs() lists them, in teaching order.
Walkthrough rock_walkthrough();
Walkthrough generator_send_walkthrough();
Walkthrough coroutine_object_walkthrough();
Walkthrough types_coroutine_walkthrough();
Walkthrough triple_main_walkthrough();
Walkthrough coro_vs_task_walkthrough();
Walkthrough homemade_sleep_walkthrough();
Walkthrough asyncio_sleep_walkthrough();
Walkthrough future_set_result_walkthrough();
Walkthrough cancel_throw_walkthrough();
Walkthrough io_gather_walkthrough();
Walkthrough file_chunks_walkthrough();
Walkthrough network_io_walkthrough();

// The walkthroughs' C++ and Python sources, compiled in, by project-relative path.
const std::map<std::string, std::string>& walkthrough_sources();

// The walkthrough's Python twin as a file CPython can run, in `folder`: the copy compiled in, written
// there (atomically) unless a copy is there already. That one is the learner's, who may have changed it:
// it is kept as it is, never overwritten. Returns its path; throws FileError with the OS's reason.
std::filesystem::path write_python_twin(const Walkthrough& walkthrough, const std::filesystem::path& folder);

}  // namespace cotrace
