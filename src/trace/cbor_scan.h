// A check the CBOR loader makes before it parses. nlohmann's reader reads an indefinite-length string's
// chunks by calling itself, and CBOR forbids a chunk that is itself indefinite-length, but the reader
// does not refuse one: a file of a few kilobytes of nested ones overflows the stack. (Arrays and maps
// nest through the SAX handler, which refuses them past a depth.)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace cotrace {

// The byte offset of the first indefinite-length string inside another, if the CBOR has one. Walks the
// items' headers in one pass, skipping arguments and string contents; stops quietly where the CBOR is
// malformed or truncated (the parser reports that).
std::optional<size_t> nested_indefinite_string(std::string_view cbor);

}  // namespace cotrace
