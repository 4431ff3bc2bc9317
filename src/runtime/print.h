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

// Python's f"{x:g}" and f"{x:.2f}", for the numbers walkthroughs print.
std::string format_g(double value);
std::string format_fixed(double value, int decimals);

// time.sleep(seconds): blocks the whole thread. Inside a running loop it stalls the loop, and virtual
// time moves on by `seconds`; outside one it really sleeps.
void blocking_sleep(double seconds, std::source_location where = std::source_location::current());

}  // namespace asyncio
