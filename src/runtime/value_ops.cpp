// Python's arithmetic and comparisons on Value, with Python's results and Python's errors, for the types
// a Value holds: bool and int (64-bit here), float, str, list.
#include <algorithm>
#include <cmath>

#include "exceptions.h"
#include "future.h"
#include "value.h"

namespace asyncio {

struct ValueOps {
    static const auto& data(const Value& v) { return v.data_; }
};

namespace {

// bool is an int in arithmetic, as in Python.
bool is_integer(const Value& v) { return v.is_int() || std::holds_alternative<bool>(ValueOps::data(v)); }
bool is_float(const Value& v) { return std::holds_alternative<double>(ValueOps::data(v)); }
bool is_number(const Value& v) { return is_integer(v) || is_float(v); }
bool is_list(const Value& v) { return std::holds_alternative<List>(ValueOps::data(v)); }

[[noreturn]] void unsupported(const char* op, const Value& a, const Value& b) {
    throw TypeError(std::string("unsupported operand type(s) for ") + op + ": '" + a.type_name() + "' and '" + b.type_name() + "'");
}

std::int64_t checked(bool overflowed, std::int64_t result);

// str * int, list * int: repeated, and empty for a count below one.
template <typename Sequence>
Sequence repeat(const Sequence& items, std::int64_t times) {
    Sequence out;
    for (std::int64_t i = 0; i < times; ++i) out.insert(out.end(), items.begin(), items.end());
    return out;
}

Value times(const Value& sequence, std::int64_t count) {
    if (sequence.is_string()) return repeat(sequence.as_string(), count);
    return repeat(sequence.as_list(), count);
}

}  // namespace

namespace {
std::int64_t checked(bool overflowed, std::int64_t result) {
    if (overflowed) Value::overflow();
    return result;
}
}  // namespace

void Value::overflow() { throw OverflowError("int too large: cotrace's Value holds a 64-bit int, Python's has no limit"); }

std::string Value::type_name() const {
    return std::visit(
        [](const auto& held) -> std::string {
            using T = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<T, std::monostate>) return "NoneType";
            else if constexpr (std::is_same_v<T, bool>) return "bool";
            else if constexpr (std::is_same_v<T, std::int64_t>) return "int";
            else if constexpr (std::is_same_v<T, double>) return "float";
            else if constexpr (std::is_same_v<T, std::string>) return "str";
            else if constexpr (std::is_same_v<T, List>) return "list";
            else if constexpr (std::is_same_v<T, std::exception_ptr>) return exception_type_name(held);
            else return held && held->repr().starts_with("<Task") ? "Task" : "Future";
        },
        data_);
}

Value operator+(const Value& a, const Value& b) {
    if (is_integer(a) && is_integer(b)) {
        std::int64_t sum;
        bool overflowed = __builtin_add_overflow(a.as_int(), b.as_int(), &sum);  // before sum is read
        return checked(overflowed, sum);
    }
    if (is_number(a) && is_number(b)) return a.as_float() + b.as_float();
    if (a.is_string() && b.is_string()) return a.as_string() + b.as_string();
    if (is_list(a) && is_list(b)) {
        List joined = a.as_list();
        joined.insert(joined.end(), b.as_list().begin(), b.as_list().end());
        return joined;
    }
    if (a.is_string()) throw TypeError("can only concatenate str (not \"" + b.type_name() + "\") to str");
    if (is_list(a)) throw TypeError("can only concatenate list (not \"" + b.type_name() + "\") to list");
    unsupported("+", a, b);
}

Value operator-(const Value& a, const Value& b) {
    if (is_integer(a) && is_integer(b)) {
        std::int64_t difference;
        bool overflowed = __builtin_sub_overflow(a.as_int(), b.as_int(), &difference);  // before difference is read
        return checked(overflowed, difference);
    }
    if (is_number(a) && is_number(b)) return a.as_float() - b.as_float();
    unsupported("-", a, b);
}

Value operator*(const Value& a, const Value& b) {
    if (is_integer(a) && is_integer(b)) {
        std::int64_t product;
        bool overflowed = __builtin_mul_overflow(a.as_int(), b.as_int(), &product);  // before product is read
        return checked(overflowed, product);
    }
    if (is_number(a) && is_number(b)) return a.as_float() * b.as_float();
    if ((a.is_string() || is_list(a)) && is_integer(b)) return times(a, b.as_int());
    if (is_integer(a) && (b.is_string() || is_list(b))) return times(b, a.as_int());
    if (a.is_string() || b.is_string() || is_list(a) || is_list(b))
        throw TypeError("can't multiply sequence by non-int of type '" + (a.is_string() || is_list(a) ? b : a).type_name() + "'");
    unsupported("*", a, b);
}

Value operator/(const Value& a, const Value& b) {
    if (!is_number(a) || !is_number(b)) unsupported("/", a, b);
    if (b.as_float() == 0) throw ZeroDivisionError(is_integer(a) && is_integer(b) ? "division by zero" : "float division by zero");
    return a.as_float() / b.as_float();
}

Value floor_div(const Value& a, const Value& b) {
    if (!is_number(a) || !is_number(b)) unsupported("//", a, b);
    if (is_integer(a) && is_integer(b)) {
        std::int64_t x = a.as_int(), y = b.as_int();
        if (y == 0) throw ZeroDivisionError("integer division or modulo by zero");
        if (x == INT64_MIN && y == -1) checked(true, 0);
        std::int64_t q = x / y;
        return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
    }
    if (b.as_float() == 0) throw ZeroDivisionError("float floor division by zero");
    return std::floor(a.as_float() / b.as_float());
}

Value operator%(const Value& a, const Value& b) {
    if (!is_number(a) || !is_number(b)) unsupported("%", a, b);
    if (is_integer(a) && is_integer(b)) {
        std::int64_t x = a.as_int(), y = b.as_int();
        if (y == 0) throw ZeroDivisionError("integer division or modulo by zero");
        if (y == -1) return 0;
        std::int64_t r = x % y;
        return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
    }
    double y = b.as_float();
    if (y == 0) throw ZeroDivisionError("float modulo");
    double r = std::fmod(a.as_float(), y);
    return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
}

Value pow(const Value& base, const Value& exponent) {
    if (!is_number(base) || !is_number(exponent)) unsupported("** or pow()", base, exponent);
    if (is_integer(base) && is_integer(exponent) && exponent.as_int() >= 0) {
        std::int64_t result = 1, b = base.as_int();
        for (std::int64_t e = exponent.as_int(); e > 0; --e)
            if (__builtin_mul_overflow(result, b, &result)) checked(true, 0);
        return result;
    }
    if (base.as_float() == 0 && exponent.as_float() < 0)
        throw ZeroDivisionError("0.0 cannot be raised to a negative power");
    return std::pow(base.as_float(), exponent.as_float());
}

Value operator-(const Value& a) {
    if (is_integer(a)) {
        if (a.as_int() == INT64_MIN) checked(true, 0);
        return -a.as_int();
    }
    if (is_float(a)) return -a.as_float();
    throw TypeError("bad operand type for unary -: '" + a.type_name() + "'");
}

bool operator==(const Value& a, const Value& b) {
    if (is_number(a) && is_number(b)) {
        if (is_integer(a) && is_integer(b)) return a.as_int() == b.as_int();
        return a.as_float() == b.as_float();
    }
    if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
    if (is_list(a) && is_list(b)) return std::equal(a.as_list().begin(), a.as_list().end(), b.as_list().begin(), b.as_list().end());
    if (a.is_none() || b.is_none()) return a.is_none() && b.is_none();
    return ValueOps::data(a) == ValueOps::data(b) && a.type_name() == b.type_name();
}

bool operator<(const Value& a, const Value& b) {
    if (is_integer(a) && is_integer(b)) return a.as_int() < b.as_int();
    if (is_number(a) && is_number(b)) return a.as_float() < b.as_float();
    if (a.is_string() && b.is_string()) return a.as_string() < b.as_string();
    if (is_list(a) && is_list(b)) {
        const List &x = a.as_list(), &y = b.as_list();
        for (size_t i = 0; i < std::min(x.size(), y.size()); ++i)
            if (!(x[i] == y[i])) return x[i] < y[i];
        return x.size() < y.size();
    }
    throw TypeError("'<' not supported between instances of '" + a.type_name() + "' and '" + b.type_name() + "'");
}

namespace {
[[noreturn]] void not_ordered(const char* op, const Value& a, const Value& b) {
    throw TypeError(std::string("'") + op + "' not supported between instances of '" + a.type_name() + "' and '" + b.type_name() + "'");
}
bool ordered(const Value& a, const Value& b) {
    return (is_number(a) && is_number(b)) || (a.is_string() && b.is_string()) || (is_list(a) && is_list(b));
}
}  // namespace

bool operator<=(const Value& a, const Value& b) {
    if (!ordered(a, b)) not_ordered("<=", a, b);
    return !(b < a);
}
bool operator>(const Value& a, const Value& b) {
    if (!ordered(a, b)) not_ordered(">", a, b);
    return b < a;
}
bool operator>=(const Value& a, const Value& b) {
    if (!ordered(a, b)) not_ordered(">=", a, b);
    return !(a < b);
}

}  // namespace asyncio
