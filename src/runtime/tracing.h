// How the runtime reaches the recorder: null when nothing is recording, so tracing off costs one test.
#pragma once

#include "../trace/recorder.h"

namespace asyncio::tracing {

inline cotrace::Recorder* recorder() { return cotrace::Recorder::active(); }

// A call made by the runtime itself has no place in the learner's program.
inline constexpr std::source_location internal{};

}  // namespace asyncio::tracing
