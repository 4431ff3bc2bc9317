// What the fuzzer does with one input, shared with the regression test that replays its finds on every
// build: load the bytes as a trace, then use it the way the viewer does.
#pragma once

#include <string>
#include <string_view>

namespace cotrace::fuzz {

// Loads `bytes` (any encoding). A trace that is refused ends here (returns false). One that loads is
// looked at in every way the window and the CLI look at it: states at several steps, the step log, the
// outline, the narration, the timeline's model, and saved in all three encodings and loaded again, which
// must give the same trace (std::abort() if not, so that the fuzzer reports it).
bool exercise_trace(std::string_view bytes, const std::string& name);

}  // namespace cotrace::fuzz
