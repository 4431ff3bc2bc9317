// Value prints like Python's repr() and str(): traces record values that way.
#include <gtest/gtest.h>

#include "runtime/event_loop.h"
#include "runtime/exceptions.h"
#include "runtime/future.h"
#include "runtime/value.h"

using namespace asyncio;

TEST(Value, ReprOfScalarsMatchesPython) {
    EXPECT_EQ(Value().repr(), "None");
    EXPECT_EQ(Value(None).repr(), "None");
    EXPECT_EQ(Value(true).repr(), "True");
    EXPECT_EQ(Value(false).repr(), "False");
    EXPECT_EQ(Value(15).repr(), "15");
    EXPECT_EQ(Value(-3).repr(), "-3");
}

TEST(Value, TheTracesReprIsTheRepr) {
    // TraceRepr writes some kinds without a heap string; it must say what repr() says for every kind.
    EventLoop loop;
    auto future = Future::create(&loop);
    std::vector<Value> values{Value(), Value(true), Value(false), Value(0), Value(-1), Value(INT64_MIN),
                              Value(INT64_MAX), Value(2.5), Value("it's"), Value(List{Value(1), Value("a")}),
                              Value(future)};
    // One-digit ints take an inline path: each of them, and its edges.
    for (int i = -2; i <= 11; ++i) values.emplace_back(i);
    for (const Value& value : values) EXPECT_EQ(TraceRepr(value).view(), value.repr());
}

TEST(Value, FloatReprUsesPythonLayout) {
    EXPECT_EQ(float_repr(2.0), "2.0");
    EXPECT_EQ(float_repr(0.1), "0.1");
    EXPECT_EQ(float_repr(0.46), "0.46");
    EXPECT_EQ(float_repr(1e16), "1e+16");
    EXPECT_EQ(float_repr(123456789012345.0), "123456789012345.0");
    EXPECT_EQ(float_repr(0.0001), "0.0001");
    EXPECT_EQ(float_repr(0.00001), "1e-05");
    EXPECT_EQ(float_repr(-1.5), "-1.5");
    EXPECT_EQ(float_repr(1.0 / 3), "0.3333333333333333");
}

TEST(Value, StringReprPicksQuotesLikePython) {
    EXPECT_EQ(Value("woke").repr(), "'woke'");
    EXPECT_EQ(Value("it's").repr(), "\"it's\"");
    EXPECT_EQ(Value("say \"hi\" it's").repr(), "'say \"hi\" it\\'s'");
    EXPECT_EQ(Value("a\nb").repr(), "'a\\nb'");
}

TEST(Value, ListReprAndStr) {
    Value list = List{Value("a"), Value(1), Value(None)};
    EXPECT_EQ(list.repr(), "['a', 1, None]");
    EXPECT_EQ(list.str(), "['a', 1, None]");
    EXPECT_EQ(Value("plain").str(), "plain");
}

TEST(Value, ConvertsToTheTypeAskedFor) {
    Value fifteen = 15;
    int as_int = fifteen;
    double as_double = fifteen;
    EXPECT_EQ(as_int, 15);
    EXPECT_EQ(as_double, 15.0);
    std::string text = Value("x");
    EXPECT_EQ(text, "x");
    EXPECT_THROW((void)static_cast<int>(Value("x")), TypeError);
}

// The error names what was wanted (and, for an int, what came); built only when the type is wrong.
TEST(Value, AWrongTypeSaysWhatWasExpected) {
    auto message = [](auto read) -> std::string {
        try {
            read();
        } catch (const TypeError& error) {
            return error.what();
        }
        return "no error";
    };
    EXPECT_EQ(Value(true).as_int(), 1);
    EXPECT_EQ(Value(7).as_int(), 7);
    EXPECT_EQ(message([] { (void)Value("x").as_int(); }), "expected an int, got 'x'");
    EXPECT_EQ(message([] { (void)Value(1).as_string(); }), "expected a str");
    EXPECT_EQ(message([] { (void)Value("x").as_float(); }), "expected a float");
    EXPECT_EQ(message([] { (void)Value(1).as_list(); }), "expected a list");
}

TEST(Value, ExceptionRepr) {
    EXPECT_EQ(exception_repr(std::make_exception_ptr(CancelledError())), "CancelledError()");
    EXPECT_EQ(exception_repr(std::make_exception_ptr(RuntimeError("boom"))), "RuntimeError('boom')");
    EXPECT_EQ(exception_repr(std::make_exception_ptr(StopIteration())), "StopIteration()");
    EXPECT_EQ(exception_repr(std::make_exception_ptr(StopIteration(23))), "StopIteration(23)");
    EXPECT_EQ(exception_type_name(std::make_exception_ptr(std::runtime_error("x"))), "RuntimeError");
}

// Value copies, moves and drops None, bool, int and float itself, and the rest through the variant:
// every kind must come through each of them whole, and what it owned must be released once.
TEST(Value, EveryKindSurvivesCopiesMovesAndAssignments) {
    EventLoop loop;
    auto future = Future::create(&loop);  // its use count shows whether copies are released
    std::exception_ptr error = std::make_exception_ptr(TypeError("bad"));
    std::vector<Value> kinds = {Value(),    Value(true),  Value(-42), Value(2.5),
                                Value("a string longer than the small-string buffer"),
                                Value(List{Value(1), Value(List{Value("x")})}), Value(error), Value(future)};
    for (const Value& original : kinds) {
        SCOPED_TRACE(original.repr());
        Value copy(original);
        EXPECT_EQ(copy.repr(), original.repr());
        Value moved(std::move(copy));
        EXPECT_EQ(moved.repr(), original.repr());
        for (const Value& before : kinds) {  // assignment over every other kind
            Value target(before);
            target = original;
            EXPECT_EQ(target.repr(), original.repr());
            Value other(before);
            other = std::move(target);
            EXPECT_EQ(other.repr(), original.repr());
            other = other;  // self-assignment keeps it
            EXPECT_EQ(other.repr(), original.repr());
        }
    }
    {
        List holding;
        for (int i = 0; i < 3; ++i) holding.push_back(Value(std::to_string(i) + " and a long enough tail to allocate"));
        Value list(holding);
        Value copies[3] = {list, list, list};
        copies[1] = Value(5);
        copies[2] = std::move(copies[0]);
        EXPECT_EQ(copies[2].repr(), list.repr());
        EXPECT_EQ(copies[1].repr(), "5");
    }
    kinds.clear();
    EXPECT_EQ(future.use_count(), 1);
}
