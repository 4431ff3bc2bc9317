#include "utf8.h"

namespace cotrace {

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0, size = text.size();
    while (i < size) {
        unsigned char first = byte(i);
        if (first < 0x80) {
            ++i;
            continue;
        }
        // How many bytes follow, and the range the second may take (it excludes overlong forms,
        // surrogates and code points past U+10FFFF).
        std::size_t follow = 0;
        unsigned char low = 0x80, high = 0xbf;
        if (first >= 0xc2 && first <= 0xdf) follow = 1;
        else if (first == 0xe0) follow = 2, low = 0xa0;
        else if (first == 0xed) follow = 2, high = 0x9f;
        else if (first >= 0xe1 && first <= 0xef) follow = 2;
        else if (first == 0xf0) follow = 3, low = 0x90;
        else if (first == 0xf4) follow = 3, high = 0x8f;
        else if (first >= 0xf1 && first <= 0xf3) follow = 3;
        else return i;
        for (std::size_t k = 1; k <= follow; ++k) {
            if (i + k >= size) return i;
            unsigned char next = byte(i + k);
            if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xbf)) return i;
        }
        i += follow + 1;
    }
    return std::nullopt;
}

std::string with_valid_utf8(std::string_view text) {
    std::string valid;
    while (auto bad = invalid_utf8_at(text)) {
        valid.append(text.substr(0, *bad));
        valid += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        text.remove_prefix(*bad + 1);
    }
    valid.append(text);
    return valid;
}

}  // namespace cotrace
