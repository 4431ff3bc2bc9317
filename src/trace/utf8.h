// UTF-8 checking: JSON text must be valid UTF-8, and CBOR or MessagePack strings are not checked by their
// parsers, so a binary trace could hold text that no JSON trace can (docs/trace-format.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cotrace {

// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nothing when all of it is valid.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

// The text with each byte that is not valid UTF-8 replaced by U+FFFD, as Python's errors="replace" does:
// what writers use, so that whatever a program printed, its trace loads again.
std::string with_valid_utf8(std::string_view text);

}  // namespace cotrace
