// The one header a program written against cotrace's runtime includes: the asyncio-shaped runtime,
// and run_program(), which records a trace with --trace FILE. See docs/own-programs.md.
#pragma once

#include "../runtime/asyncio.h"
#include "../runtime/program.h"
