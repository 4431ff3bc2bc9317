// JSON text written by hand, for exports too big to build as a json value first (ten million events).
#pragma once

#include <string>
#include <string_view>

namespace cotrace::exports {

// Appends `text` as a JSON string, quotes included: valid UTF-8 (invalid bytes become U+FFFD), with
// quotes, backslashes and control characters escaped.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

}  // namespace cotrace::exports
