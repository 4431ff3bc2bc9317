#include "cbor_scan.h"

#include <cstdint>

namespace cotrace {

namespace {

constexpr unsigned byte_string = 2, text_string = 3;
constexpr unsigned indefinite = 31;
constexpr unsigned char break_code = 0xff;

}  // namespace

std::optional<size_t> nested_indefinite_string(std::string_view cbor) {
    bool in_indefinite_string = false;
    size_t at = 0;
    while (at < cbor.size()) {
        auto initial = static_cast<unsigned char>(cbor[at]);
        unsigned major = initial >> 5, info = initial & 31;
        bool is_string = major == byte_string || major == text_string;
        if (in_indefinite_string && initial == break_code) {
            in_indefinite_string = false;
            ++at;
            continue;
        }
        if (is_string && info == indefinite) {
            if (in_indefinite_string) return at;
            in_indefinite_string = true;
            ++at;
            continue;
        }
        // The item's argument: in the initial byte, or in the 1, 2, 4 or 8 bytes after it.
        std::uint64_t argument = info;
        size_t argument_bytes = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
        if (info >= 28 && info != indefinite) return std::nullopt;  // reserved: malformed
        ++at;
        if (argument_bytes > 0) {
            if (cbor.size() - at < argument_bytes) return std::nullopt;
            argument = 0;
            for (size_t i = 0; i < argument_bytes; ++i) argument = argument << 8 | static_cast<unsigned char>(cbor[at + i]);
            at += argument_bytes;
        }
        if (is_string) {  // a definite-length string: its contents are not items
            if (argument > cbor.size() - at) return std::nullopt;
            at += static_cast<size_t>(argument);
        }
    }
    return std::nullopt;
}

}  // namespace cotrace
