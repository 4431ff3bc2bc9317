// print(): what the program says. The trace records every line; the text also goes to the output
// stream (stdout by default, none while `cotrace log` records).
#pragma once

#include <ostream>
#include <source_location>
#include <string>
#include <type_traits>
#include <vector>

#include "value.h"

namespace asyncio {

// print(a, b, ...) as Python's: any values, each as str() gives it, joined by sep (" "), then end ("\n").
// Python's keywords are spelled print(a, b, sep(", "), end("")).
struct sep {
    sep(std::string text) : text(std::move(text)) {}
    std::string text;
};
struct end {
    end(std::string text) : text(std::move(text)) {}
    std::string text;
};

// print()'s first argument, which also notes where print() was called (a default argument after a pack
// is not possible; one on the first argument's conversion is, and it is evaluated at the call).
struct Printed {
    template <typename T>
        requires std::is_constructible_v<Value, const T&>
    Printed(const T& value, std::source_location where = std::source_location::current()) : value(value), where(where) {}
    Value value;
    std::source_location where;
};

// The line(s) a print() makes: recorded (a line each) and written to the output stream.
void print_text(const std::string& text, const std::string& end, std::source_location where);

template <typename... Rest>
void print(Printed first, const Rest&... rest) {
    std::string separator = " ", ending = "\n";
    std::vector<Value> values{std::move(first.value)};
    [[maybe_unused]] auto take = [&](const auto& argument) {
        using T = std::decay_t<decltype(argument)>;
        if constexpr (std::is_same_v<T, sep>) separator = argument.text;
        else if constexpr (std::is_same_v<T, end>) ending = argument.text;
        else {
            static_assert(std::is_constructible_v<Value, const T&>,
                          "print() takes values a Value can hold (numbers, str, list, None, futures), and sep(...) / end(...)");
            values.emplace_back(argument);
        }
    };
    (take(rest), ...);
    std::string text;
    for (size_t i = 0; i < values.size(); ++i) text += (i ? separator : "") + values[i].str();
    print_text(text, ending, first.where);
}
// print() alone: an empty line.
inline void print(std::source_location where = std::source_location::current()) { print_text("", "\n", where); }

// Where print() writes; nullptr: nowhere. Returns the previous stream.
std::ostream* set_output(std::ostream* stream);

// Python's f"{x:g}" and f"{x:.2f}", for the numbers walkthroughs print.
std::string format_g(double value);
std::string format_fixed(double value, int decimals);

// time.sleep(seconds): blocks the whole thread. Inside a running loop it stalls the loop, and virtual
// time moves on by `seconds`; outside one it really sleeps.
void blocking_sleep(double seconds, std::source_location where = std::source_location::current());

}  // namespace asyncio
