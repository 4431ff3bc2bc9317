// Writes CBOR or MessagePack items one at a time: how binary traces write their ten million events
// without building a JSON value for each (nlohmann_json reads them back).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cotrace {

class BinaryWriter {
public:
    enum class Encoding { cbor, messagepack };
    explicit BinaryWriter(Encoding encoding) : encoding_(encoding) {}

    void map(std::uint64_t count);
    void array(std::uint64_t count);
    void text(std::string_view text);
    void integer(std::int64_t value);
    void number(double value);  // as a 32-bit float when that loses nothing
    void null();

    // The bytes written so far: the caller passes them on and clears them now and then.
    std::string& bytes() { return bytes_; }

private:
    void head(unsigned cbor_major, std::uint64_t value);  // a CBOR type and length or value
    void big_endian(std::uint64_t value, int byte_count);

    Encoding encoding_;
    std::string bytes_;
};

}  // namespace cotrace
