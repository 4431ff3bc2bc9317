// print(): what the program says. The trace records every line; the text also goes to the output
// stream (stdout by default, none while `cotrace log` records).
#pragma once

#include <ostream>
#include <source_location>
#include <string>

namespace asyncio {

void print(const std::string& text, std::source_location where = std::source_location::current());

// Where print() writes; nullptr: nowhere. Returns the previous stream.
std::ostream* set_output(std::ostream* stream);

}  // namespace asyncio
