// asyncio's own code, as the seed tells it. When a task's step runs, control is in Task.step; when an
// await reaches a future, it is in Future.__await__. The seed tells both as short Python listings; the
// runtime's task.cpp and future.cpp are their C++ twins, with "// seed N" marking which line of the seed
// each C++ line stands for. asyncio_marks() finds, from the trace alone, the line of each listing that
// control is on (or waits at) after a step, and says where real asyncio differs from the seed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

enum class AsyncioListing { task_step, future_await };

struct CodeListing {
    std::string title;          // "Task.step"
    std::string seed_path;      // "seed/task_step.py": the seed's simplified Python
    std::string_view seed;
    std::string cpp_path;       // "src/runtime/task.cpp": the runtime's own code
    std::string_view cpp;
    std::vector<std::pair<int, int>> line_map;  // (C++ line, seed line), from the "// seed N" markers
    int cpp_line(int seed_line) const;          // the C++ line standing for a seed line, or 0
};
const CodeListing& asyncio_listing(AsyncioListing which);

struct CodeMark {
    int line = 0;          // the seed's line; 0: nothing to mark
    bool running = false;  // control is on this line now (else it waits here)
    std::string label;     // "main_task.step runs here", "main_task.step waits here: send(None) runs main"
};

struct AsyncioMarks {
    CodeMark task_step, future_await;
    // Control is in asyncio's own code (a step, a wake-up, an __await__) rather than the program's.
    bool in_asyncio = false;
    AsyncioListing focus = AsyncioListing::task_step;  // the listing control is in, when in_asyncio
    std::string note;  // where CPython's asyncio does more than the seed's listing shows here
    // Where asyncio's Task.__step really is, when the trace records it (a Python program's step_begin
    // points into the interpreter's tasks.py): the code that runs, rather than the simplified listing.
    Location task_step_code;
};

// After `position` events.
AsyncioMarks asyncio_marks(const Trace& trace, size_t position);

// The "// seed N" (or "; seed N") marker at the end of a C++ line, for the reader to see the code only.
std::string_view without_seed_marker(std::string_view line);

}  // namespace cotrace::analysis
