// A handout in text (Markdown): for each transfer of control, the outline line, the narration, and the few
// lines of code around the line control is on (in asyncio's Task.step or Future.__await__, as the seed
// tells them, while a step runs).
#pragma once

#include <ostream>

#include "trace/trace.h"

namespace cotrace::exports {

void write_markdown(const Trace& trace, std::ostream& out);

}  // namespace cotrace::exports
