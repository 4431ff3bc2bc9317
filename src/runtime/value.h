// Value: what Python passes around in send(), yield, return and set_result.
// It prints itself the way Python's repr() and str() do, because the trace records values as reprs.
#pragma once

#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace asyncio {

class Future;
class Value;

// Python's None. `nullptr` also converts to a None Value, so `coro.send(None)` reads like Python.
struct NoneType {
    bool operator==(const NoneType&) const = default;
};
inline constexpr NoneType None{};

using List = std::vector<Value>;

class Value {
public:
    Value() = default;
    Value(const Value& other) { construct_from(other); }
    Value(Value&& other) noexcept { construct_from(std::move(other)); }
    Value& operator=(const Value& other) {
        if (this != &other) {
            Value copy(other);  // may throw (a str's copy); *this is untouched until it succeeds
            *this = std::move(copy);
        }
        return *this;
    }
    Value& operator=(Value&& other) noexcept {
        if (this != &other) {
            destroy();
            construct_from(std::move(other));
        }
        return *this;
    }
    ~Value() { destroy(); }
    Value(NoneType) {}
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    // Every integer width is a Python int (`set_result(i * i)` with a size_t i). Characters are not: Python
    // has no char, and 'a' is a str.
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, char8_t> &&
                 !std::same_as<T, char16_t> && !std::same_as<T, char32_t> && !std::same_as<T, wchar_t>)
    Value(T i) : data_(checked_int(i)) {}
    Value(double d) : data_(d) {}
    Value(float d) : data_(double{d}) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(std::string_view s) : data_(std::string(s)) {}
    Value(List items) : data_(std::move(items)) {}
    Value(std::shared_ptr<Future> future) : data_(std::move(future)) {}
    // An exception object used as a value, as gather(return_exceptions=True) does.
    Value(std::exception_ptr exception) : data_(std::move(exception)) {}

    bool is_none() const { return std::holds_alternative<std::monostate>(data_); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(data_); }
    bool is_string() const { return std::holds_alternative<std::string>(data_); }
    std::shared_ptr<Future> as_future() const&;
    // From a Value about to go (`std::move(v).as_future()`): the future is moved out, not copied.
    std::shared_ptr<Future> as_future() &&;

    std::int64_t as_int() const;
    double as_float() const;
    bool as_bool() const;
    const std::string& as_string() const;
    const List& as_list() const;

    // `int x = co_await task;` converts like Python's duck typing would let it.
    // Only to these (a constraint, not an error inside: other conversions must not look possible).
    template <typename T>
        requires(std::is_arithmetic_v<T> || std::is_same_v<T, std::string> || std::is_same_v<T, List>)
    operator T() const {
        if constexpr (std::is_same_v<T, bool>) return as_bool();
        else if constexpr (std::is_integral_v<T>) return static_cast<T>(as_int());
        else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(as_float());
        else if constexpr (std::is_same_v<T, std::string>) return as_string();
        else return as_list();
    }

    std::string repr() const;  // Python's repr()
    std::string str() const;   // Python's str(): strings without quotes
    std::string type_name() const;  // Python's type(x).__name__: "int", "str", "NoneType", ...

    // Python's operators (value_ops.cpp): ints stay ints, an int and a float make a float, str and list
    // add and repeat; anything else raises TypeError with Python's words. == never raises: different
    // types are just unequal (but 1 == 1.0 == True).
    friend Value operator+(const Value& a, const Value& b);
    friend Value operator-(const Value& a, const Value& b);
    friend Value operator*(const Value& a, const Value& b);
    friend Value operator/(const Value& a, const Value& b);  // true division: always a float
    friend Value operator%(const Value& a, const Value& b);  // the sign of the divisor, as in Python
    friend Value operator-(const Value& a);
    friend bool operator==(const Value& a, const Value& b);
    friend bool operator<(const Value& a, const Value& b);

private:
    template <std::integral T>
    static std::int64_t checked_int(T i) {
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t))
            if (i > static_cast<T>(INT64_MAX)) overflow();
        return static_cast<std::int64_t>(i);
    }
    friend struct ValueOps;

    // None, bool, int and float hold no resources: they are copied, moved and dropped here, inline
    // (and so is a future, what every await yields to its Task). std::variant would do each through a table of functions
    // (an indirect call), and the runtime passes a Value on every send, yield and result. The other
    // kinds go through the variant.
    static constexpr std::size_t last_plain_kind = 3;
    template <std::size_t Kind, typename From>
    void construct_kind(From&& other) {
        ::new (&data_) Data(std::in_place_index<Kind>, std::move(*std::get_if<Kind>(&other.data_)));
    }
    // Tests, most common first, rather than a switch: a jump table is one more indirect jump to mispredict.
    template <typename From>
    void construct_from(From&& other) {  // into storage that holds nothing to destroy
        std::size_t kind = other.data_.index();
        if (kind == 0) ::new (&data_) Data();
        else if (kind == 6) construct_kind<6>(other);
        else if (kind == 2) construct_kind<2>(other);
        else if (kind == 1) construct_kind<1>(other);
        else if (kind == 3) construct_kind<3>(other);
        else ::new (&data_) Data(std::forward<From>(other).data_);
    }
    void destroy() noexcept {
        if (data_.index() <= last_plain_kind) return;
        using FuturePointer = std::shared_ptr<Future>;
        if (auto* future = std::get_if<6>(&data_)) future->~FuturePointer();  // all the variant would do
        else data_.~Data();
    }

public:
    [[noreturn]] static void overflow();  // OverflowError: past the 64-bit int a Value holds

    using Data = std::variant<std::monostate, bool, std::int64_t, double, std::string, List,
                              std::shared_ptr<Future>, std::exception_ptr>;
    union {  // so that Value, not the variant, decides when there is something to destroy
        Data data_{};
    };
};

// A value's repr for the trace, made without a heap string where it can be: None, True, False and an
// int are written here, and a future gives the repr it keeps (Future::traced_repr). The trace asks for
// a repr at nearly every send, yield and return. view() lasts as long as this and the value.
class TraceRepr {
public:
    // Inline for the commonest, None and a one-digit int (what a send and a leaf's return carry).
    explicit TraceRepr(const Value& value) {
        std::size_t kind = value.data_.index();
        if (kind == 0) view_ = "None";
        else if (kind == 2 && static_cast<std::uint64_t>(*std::get_if<2>(&value.data_)) < 10)
            view_ = std::string_view("0123456789").substr(static_cast<std::size_t>(*std::get_if<2>(&value.data_)), 1);
        else make(value);
    }
    std::string_view view() const { return view_; }

private:
    void make(const Value& value);
    std::string_view view_;
    char digits_[24];
    std::string made_;
};

// Python's repr() of a float: the shortest digits that round-trip, in Python's layout.
std::string float_repr(double d);
// Python's repr() of a str: single quotes unless the text holds ' and no ".
std::string string_repr(const std::string& s);
// The same, added to the end of `out` (for a repr built of several parts).
void append_string_repr(std::string& out, std::string_view s);

// str(x) and repr(x) for the things walkthroughs print.
inline std::string str(const Value& v) { return v.str(); }
inline std::string repr(const Value& v) { return v.repr(); }

// Python's // and ** (C++ has no such operators).
Value floor_div(const Value& a, const Value& b);
Value pow(const Value& base, const Value& exponent);

bool operator<=(const Value& a, const Value& b);
bool operator>(const Value& a, const Value& b);
bool operator>=(const Value& a, const Value& b);

// Mixed with a plain C++ value (`1 + co_await level(n - 1)`, `"got " + v`, `v < 3`): the C++ value becomes
// a Value first. These templates are exact matches, so they win over C++'s own operators, which would
// need Value's conversion.
template <typename T>
concept ValueLike = !std::same_as<std::remove_cvref_t<T>, Value> && std::is_constructible_v<Value, const T&>;
// One side must be a Value itself (V is deduced, never converted to): two plain C++ values keep C++'s
// own operators (a string_view != "0" stays a string_view comparison).
#define ASYNCIO_VALUE_OPERATOR(R, OP)                                                                     \
    template <std::same_as<Value> V, ValueLike T> R operator OP(const V& a, const T& b) { return a OP Value(b); } \
    template <ValueLike T, std::same_as<Value> V> R operator OP(const T& a, const V& b) { return Value(a) OP b; }
ASYNCIO_VALUE_OPERATOR(Value, +)
ASYNCIO_VALUE_OPERATOR(Value, -)
ASYNCIO_VALUE_OPERATOR(Value, *)
ASYNCIO_VALUE_OPERATOR(Value, /)
ASYNCIO_VALUE_OPERATOR(Value, %)
ASYNCIO_VALUE_OPERATOR(bool, ==)
ASYNCIO_VALUE_OPERATOR(bool, !=)
ASYNCIO_VALUE_OPERATOR(bool, <)
ASYNCIO_VALUE_OPERATOR(bool, <=)
ASYNCIO_VALUE_OPERATOR(bool, >)
ASYNCIO_VALUE_OPERATOR(bool, >=)
#undef ASYNCIO_VALUE_OPERATOR
// pow(v, 10) and floor_div(v, 2) likewise: exact matches, so they win over <cmath>'s pow(double, double)
// in a program that includes <cmath> (or <random>, which does), where pow(v, 10) was ambiguous.
template <std::same_as<Value> V, ValueLike T> Value pow(const V& a, const T& b) { return pow(a, Value(b)); }
template <ValueLike T, std::same_as<Value> V> Value pow(const T& a, const V& b) { return pow(Value(a), b); }
template <std::same_as<Value> V, ValueLike T> Value floor_div(const V& a, const T& b) { return floor_div(a, Value(b)); }
template <ValueLike T, std::same_as<Value> V> Value floor_div(const T& a, const V& b) { return floor_div(Value(a), b); }
inline bool operator!=(const Value& a, const Value& b) { return !(a == b); }
// x += y and the like, on a Value variable.
inline Value& operator+=(Value& a, const Value& b) { return a = a + b; }
inline Value& operator-=(Value& a, const Value& b) { return a = a - b; }
inline Value& operator*=(Value& a, const Value& b) { return a = a * b; }

}  // namespace asyncio
