// Value: what Python passes around in send(), yield, return and set_result.
// It prints itself the way Python's repr() and str() do, because the trace records values as reprs.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
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
    Value(NoneType) {}
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    Value(int i) : data_(std::int64_t{i}) {}
    Value(long i) : data_(std::int64_t{i}) {}
    Value(long long i) : data_(std::int64_t{i}) {}
    Value(double d) : data_(d) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(List items) : data_(std::move(items)) {}
    Value(std::shared_ptr<Future> future) : data_(std::move(future)) {}
    // An exception object used as a value, as gather(return_exceptions=True) does.
    Value(std::exception_ptr exception) : data_(std::move(exception)) {}

    bool is_none() const { return std::holds_alternative<std::monostate>(data_); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(data_); }
    bool is_string() const { return std::holds_alternative<std::string>(data_); }
    std::shared_ptr<Future> as_future() const;

    std::int64_t as_int() const;
    double as_float() const;
    bool as_bool() const;
    const std::string& as_string() const;
    const List& as_list() const;

    // `int x = co_await task;` converts like Python's duck typing would let it.
    template <typename T>
    operator T() const {
        if constexpr (std::is_same_v<T, bool>) return as_bool();
        else if constexpr (std::is_integral_v<T>) return static_cast<T>(as_int());
        else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(as_float());
        else if constexpr (std::is_same_v<T, std::string>) return as_string();
        else if constexpr (std::is_same_v<T, List>) return as_list();
        else static_assert(sizeof(T) == 0, "Value converts to bool, numbers, std::string and List");
    }

    std::string repr() const;  // Python's repr()
    std::string str() const;   // Python's str(): strings without quotes

    bool operator==(const Value& other) const;

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, List,
                 std::shared_ptr<Future>, std::exception_ptr>
        data_;
};

// Python's repr() of a float: the shortest digits that round-trip, in Python's layout.
std::string float_repr(double d);
// Python's repr() of a str: single quotes unless the text holds ' and no ".
std::string string_repr(const std::string& s);

// str(x) and repr(x) for the things walkthroughs print.
inline std::string str(const Value& v) { return v.str(); }
inline std::string repr(const Value& v) { return v.repr(); }

}  // namespace asyncio
