// libFuzzer's entry point: one input, given to exercise_trace() when it is in this target's encoding
// (COTRACE_FUZZ_ENCODING: 0 JSON, 1 CBOR, 2 MessagePack), so that each encoding gets its own run.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exercise.h"

namespace {

int encoding_of(std::string_view bytes) {
    size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return 0;
    auto byte = static_cast<unsigned char>(bytes[first]);
    if ((byte >= 0xa0 && byte <= 0xbb) || byte == 0xbf) return 1;
    if ((byte >= 0x80 && byte <= 0x8f) || byte == 0xde || byte == 0xdf) return 2;
    return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // An input of another encoding is kept out of this target's corpus (-1): the other target covers it.
    if (encoding_of(bytes) != COTRACE_FUZZ_ENCODING) return -1;
    cotrace::fuzz::exercise_trace(bytes, "fuzz input");
    return 0;
}
