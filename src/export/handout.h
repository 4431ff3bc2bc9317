// The web handout: one self-contained HTML file (no network, no other files) that steps through a trace
// with the window's keys. The C++ side computes what each step shows, from the same trace model and
// narration as the window; the page only displays it (assets/handout/). docs/exports.md describes the data.
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>

#include "trace/trace.h"

namespace cotrace::exports {

// Beyond this many events a handout would pass 20 MB and open slowly: the exporter says so and stops.
inline constexpr size_t handout_most_events = 150000;

struct HandoutTooBig : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What each step shows, as the page's JSON (its "data" script). Throws HandoutTooBig.
std::string handout_data(const Trace& trace, const std::string& origin);
// The whole page. Throws HandoutTooBig.
void write_handout(const Trace& trace, const std::string& origin, std::ostream& out);

}  // namespace cotrace::exports
