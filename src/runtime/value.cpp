#include "value.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "exceptions.h"
#include "future.h"

namespace asyncio {

namespace {

// The message is built only when the type is wrong: the runtime reads values on every step.
template <typename T>
const T& expect(const auto& data, const char* wanted) {
    if (const T* held = std::get_if<T>(&data)) return *held;
    throw TypeError(std::string("expected ") + wanted);
}

}  // namespace

std::shared_ptr<Future> Value::as_future() const& {
    if (const auto* future = std::get_if<std::shared_ptr<Future>>(&data_)) return *future;
    return nullptr;
}

std::shared_ptr<Future> Value::as_future() && {
    if (auto* future = std::get_if<std::shared_ptr<Future>>(&data_)) return std::move(*future);
    return nullptr;
}

std::int64_t Value::as_int() const {
    if (const auto* i = std::get_if<std::int64_t>(&data_)) return *i;
    if (const auto* b = std::get_if<bool>(&data_)) return *b ? 1 : 0;
    throw TypeError("expected an int, got " + repr());
}

double Value::as_float() const {
    if (const auto* i = std::get_if<std::int64_t>(&data_)) return static_cast<double>(*i);
    return expect<double>(data_, "a float");
}

bool Value::as_bool() const {
    // Python's truthiness, for the types a walkthrough can hold.
    return std::visit(
        [](const auto& held) -> bool {
            using T = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<T, std::monostate>) return false;
            else if constexpr (std::is_same_v<T, bool>) return held;
            else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) return held != 0;
            else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, List>) return !held.empty();
            else return static_cast<bool>(held);
        },
        data_);
}

const std::string& Value::as_string() const { return expect<std::string>(data_, "a str"); }
const List& Value::as_list() const { return expect<List>(data_, "a list"); }

std::string float_repr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    // Shortest round-trip digits, then Python's layout: fixed for 1e-4 <= |d| < 1e16, else exponent.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    (void)ec;
    std::string sci(buf, end);
    auto e_at = sci.find('e');
    std::string mantissa = sci.substr(0, e_at);
    int exponent = std::stoi(sci.substr(e_at + 1));
    bool negative = mantissa[0] == '-';
    if (negative) mantissa.erase(0, 1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits += c;
    std::string out;
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
        } else if (static_cast<int>(digits.size()) <= exponent + 1) {
            out = digits + std::string(static_cast<size_t>(exponent + 1) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<size_t>(exponent + 1)) + "." +
                  digits.substr(static_cast<size_t>(exponent + 1));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp;
    }
    return negative ? "-" + out : out;
}

namespace {

// What each letter asks of a str's repr: a quote of either kind, or an escape.
enum : unsigned char { single_quote = 1, double_quote = 2, escape = 4 };
constexpr std::array<unsigned char, 256> repr_needs = [] {
    std::array<unsigned char, 256> needs{};
    for (int c = 0; c < 0x20; ++c) needs[c] = escape;
    needs[0x7f] = needs['\\'] = escape;
    needs['\''] = single_quote;
    needs['"'] = double_quote;
    return needs;
}();

}  // namespace

void append_string_repr(std::string& out, std::string_view s) {
    // One look at each letter, in a table: which quotes the string holds, and whether any letter needs
    // escaping. The trace asks for a repr of each Task's name.
    unsigned needs = 0;
    for (unsigned char c : s) needs |= repr_needs[c];
    char quote = (needs & single_quote) && !(needs & double_quote) ? '"' : '\'';
    // Most strings (a task's name, a word) need no escapes: copied whole.
    if (!(needs & escape) && !(needs & (quote == '\'' ? single_quote : double_quote))) {
        size_t at = out.size();
        out.resize(at + s.size() + 2);
        char* letters = out.data() + at;
        letters[0] = quote;
        std::copy(s.begin(), s.end(), letters + 1);
        letters[s.size() + 1] = quote;
        return;
    }
    out += quote;
    for (unsigned char c : s) {
        if (c == quote || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else out += static_cast<char>(c);
    }
    out += quote;
}

std::string string_repr(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_string_repr(out, s);
    return out;
}

std::string Value::repr() const {
    return std::visit(
        [](const auto& held) -> std::string {
            using T = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<T, std::monostate>) return "None";
            else if constexpr (std::is_same_v<T, bool>) return held ? "True" : "False";
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(held);
            else if constexpr (std::is_same_v<T, double>) return float_repr(held);
            else if constexpr (std::is_same_v<T, std::string>) return string_repr(held);
            else if constexpr (std::is_same_v<T, List>) {
                std::string out = "[";
                for (size_t i = 0; i < held.size(); ++i) out += (i ? ", " : "") + held[i].repr();
                return out + "]";
            } else if constexpr (std::is_same_v<T, std::shared_ptr<Future>>) {
                return held ? held->repr() : "None";
            } else return exception_repr(held);
        },
        data_);
}

void TraceRepr::make(const Value& value) {  // None never comes here (the constructor takes it)
    switch (value.data_.index()) {
        case 1: view_ = *std::get_if<1>(&value.data_) ? "True" : "False"; break;
        case 2: {
            auto [end, error] = std::to_chars(digits_, digits_ + sizeof digits_, *std::get_if<2>(&value.data_));
            view_ = std::string_view(digits_, static_cast<size_t>(end - digits_));
            break;
        }
        case 6:
            if (const auto& future = *std::get_if<6>(&value.data_)) {
                view_ = future->traced_repr(made_);
                break;
            }
            [[fallthrough]];
        default: made_ = value.repr(), view_ = made_;
    }
}

std::string Value::str() const {
    if (const auto* s = std::get_if<std::string>(&data_)) return *s;
    if (const auto* e = std::get_if<std::exception_ptr>(&data_)) {
        try {
            std::rethrow_exception(*e);
        } catch (const std::exception& ex) {
            return ex.what();
        } catch (...) {
            return "";
        }
    }
    return repr();
}


}  // namespace asyncio
