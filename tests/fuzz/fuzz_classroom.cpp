// libFuzzer over what a classroom session reads from outside: a student's message (the WebSocket's text)
// and the teacher's command lines (standard input), applied to a session of triple_main. Nothing may
// crash, hang or leak. (classroom_exercise.h is what it does; ctest replays tests/fuzz/classroom/.)
#include <cstddef>
#include <cstdint>

#include "classroom_exercise.h"
#include "trace/trace_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const cotrace::Trace trace = cotrace::load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json");
    fuzzing::exercise_classroom(trace, std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
