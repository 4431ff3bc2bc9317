// Older traces still load: what a newer version records as a fact, an older one's writers expressed
// some other way, and loading fills it in from that, once, before anything reads the trace.
#pragma once

#include "trace.h"

namespace cotrace {

// Version 1 had no objects' roles and no meta.recorder. Its two recorders always named a task's step
// and wakeup handles "<task>.step" and "<task>.wakeup", gave asyncio's Future.__await__ frame its future
// as owner, and kept the runtime's own files under src/runtime/: those conventions give the facts back.
// Only for version 1; a newer trace's names are never read this way.
void upgrade_from_version_1(Trace& trace);

}  // namespace cotrace
