// The web handout: one self-contained HTML file (no network, no other files) that steps through a trace
// with the window's keys. The C++ side computes what each step shows, from the same trace model and
// narration as the window; the page only displays it (assets/handout/). docs/exports.md describes the data.
#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

// The same data as a document, for a page that receives its steps as they come (the classroom's):
// `strings_after[n]` is how many of data["strings"] steps 0..n refer to (strings are numbered in the
// order the steps first use them). Throws HandoutTooBig.
struct HandoutParts {
    nlohmann::json data;
    std::vector<size_t> strings_after;
};
HandoutParts handout_parts(const Trace& trace, const std::string& origin);
// A handout page around `data` (JSON text), with `extra_script` run after the page's own script.
std::string handout_page(const std::string& title, const std::string& data, const std::string& extra_script = "");

}  // namespace cotrace::exports
