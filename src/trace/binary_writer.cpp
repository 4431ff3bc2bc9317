#include "binary_writer.h"

#include "utf8.h"

#include <cstring>

namespace cotrace {

void BinaryWriter::big_endian(std::uint64_t value, int byte_count) {
    for (int i = byte_count - 1; i >= 0; --i) bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void BinaryWriter::head(unsigned cbor_major, std::uint64_t value) {
    auto major = static_cast<char>(cbor_major << 5);
    if (value < 24) bytes_.push_back(static_cast<char>(major | static_cast<char>(value)));
    else if (value <= 0xff) bytes_.push_back(static_cast<char>(major | 24)), big_endian(value, 1);
    else if (value <= 0xffff) bytes_.push_back(static_cast<char>(major | 25)), big_endian(value, 2);
    else if (value <= 0xffffffff) bytes_.push_back(static_cast<char>(major | 26)), big_endian(value, 4);
    else bytes_.push_back(static_cast<char>(major | 27)), big_endian(value, 8);
}

void BinaryWriter::map(std::uint64_t count) {
    if (encoding_ == Encoding::cbor) return head(5, count);
    if (count < 16) bytes_.push_back(static_cast<char>(0x80 | count));
    else if (count <= 0xffff) bytes_.push_back(static_cast<char>(0xde)), big_endian(count, 2);
    else bytes_.push_back(static_cast<char>(0xdf)), big_endian(count, 4);
}

void BinaryWriter::array(std::uint64_t count) {
    if (encoding_ == Encoding::cbor) return head(4, count);
    if (count < 16) bytes_.push_back(static_cast<char>(0x90 | count));
    else if (count <= 0xffff) bytes_.push_back(static_cast<char>(0xdc)), big_endian(count, 2);
    else bytes_.push_back(static_cast<char>(0xdd)), big_endian(count, 4);
}

void BinaryWriter::text(std::string_view text) {
    // Readers refuse text that is not UTF-8 (JSON cannot hold it): such bytes are written as U+FFFD.
    if (invalid_utf8_at(text)) return this->text(std::string_view(with_valid_utf8(text)));
    if (encoding_ == Encoding::cbor) {
        head(3, text.size());
    } else if (text.size() < 32) {
        bytes_.push_back(static_cast<char>(0xa0 | text.size()));
    } else if (text.size() <= 0xff) {
        bytes_.push_back(static_cast<char>(0xd9)), big_endian(text.size(), 1);
    } else if (text.size() <= 0xffff) {
        bytes_.push_back(static_cast<char>(0xda)), big_endian(text.size(), 2);
    } else {
        bytes_.push_back(static_cast<char>(0xdb)), big_endian(text.size(), 4);
    }
    bytes_.append(text);
}

void BinaryWriter::integer(std::int64_t value) {
    if (encoding_ == Encoding::cbor) {
        if (value >= 0) head(0, static_cast<std::uint64_t>(value));
        else head(1, static_cast<std::uint64_t>(-1 - value));
        return;
    }
    if (value >= 0) {
        auto u = static_cast<std::uint64_t>(value);
        if (u < 128) bytes_.push_back(static_cast<char>(u));
        else if (u <= 0xff) bytes_.push_back(static_cast<char>(0xcc)), big_endian(u, 1);
        else if (u <= 0xffff) bytes_.push_back(static_cast<char>(0xcd)), big_endian(u, 2);
        else if (u <= 0xffffffff) bytes_.push_back(static_cast<char>(0xce)), big_endian(u, 4);
        else bytes_.push_back(static_cast<char>(0xcf)), big_endian(u, 8);
        return;
    }
    auto u = static_cast<std::uint64_t>(value);  // two's complement, as MessagePack wants
    if (value >= -32) bytes_.push_back(static_cast<char>(value));
    else if (value >= INT8_MIN) bytes_.push_back(static_cast<char>(0xd0)), big_endian(u, 1);
    else if (value >= INT16_MIN) bytes_.push_back(static_cast<char>(0xd1)), big_endian(u, 2);
    else if (value >= INT32_MIN) bytes_.push_back(static_cast<char>(0xd2)), big_endian(u, 4);
    else bytes_.push_back(static_cast<char>(0xd3)), big_endian(u, 8);
}

void BinaryWriter::number(double value) {
    auto narrow = static_cast<float>(value);
    if (static_cast<double>(narrow) == value) {
        std::uint32_t bits;
        std::memcpy(&bits, &narrow, sizeof bits);
        bytes_.push_back(static_cast<char>(encoding_ == Encoding::cbor ? 0xfa : 0xca));
        big_endian(bits, 4);
        return;
    }
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    bytes_.push_back(static_cast<char>(encoding_ == Encoding::cbor ? 0xfb : 0xcb));
    big_endian(bits, 8);
}

void BinaryWriter::null() { bytes_.push_back(static_cast<char>(encoding_ == Encoding::cbor ? 0xf6 : 0xc0)); }

}  // namespace cotrace
