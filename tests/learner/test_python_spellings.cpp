// The runtime as a learner writes it, Python in hand (issue 14's seven stumbles): each spelling either
// does what Python does, or (argument order) is refused when compiled, with what to write instead.
#include <gtest/gtest.h>

#include <cmath>  // as a learner's program may: pow(Value(2), 10) must still mean asyncio's pow
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/asyncio.h"
#include "trace/recorder.h"
#include "trace/views.h"

using namespace asyncio;

namespace {

// Runs `program` under a recorder, with print() writing to `output`; gives the step log.
std::vector<std::string> step_log_of(const std::function<void()>& program, std::ostringstream* output = nullptr) {
    cotrace::Recorder recorder(cotrace::TraceMeta{"learner", "", "", "virtual"});
    std::ostream* previous = set_output(output);
    {
        cotrace::RecordingScope scope(recorder);
        Task::reset_name_counter();
        program();
    }
    set_output(previous);
    return cotrace::step_log(recorder.finish());
}

Coroutine<> sleeper(double seconds) { co_await sleep(seconds); }

}  // namespace

// 1. Argument order: tasks made on lines of their own are made in Python's order (s1 first).
TEST(PythonSpellings, GatherOfTasksMadeFirstRunsThemInPythonsOrder) {
    auto log = step_log_of([] {
        EventLoop loop;
        loop.run_until_complete(Task::create([]() -> Coroutine<> {
            auto s1 = Task::create(sleeper(1), "s1");
            auto s5 = Task::create(sleeper(5), "s5");
            co_await gather(s1, s5);
        }(), "main", &loop));
    });
    auto first = [&](const std::string& line) { return std::find(log.begin(), log.end(), line) - log.begin(); };
    EXPECT_LT(first("run s1.step"), first("run s5.step"));
    // Outside a coroutine, a braced list is the other safe spelling: evaluated left to right.
    step_log_of([] {
        EventLoop loop;
        auto both = loop.run_until_complete(Task::create([]() -> Coroutine<Value> {
            auto all = gather(FutureList{Task::create(sleeper(1), "a"), Task::create(sleeper(2), "b")});
            co_return co_await all;
        }(), "main", &loop));
        EXPECT_EQ(both.repr(), "[None, None]");
    });
}

// 2. `loop = asyncio.get_running_loop()`.
TEST(PythonSpellings, GetRunningLoopWorksWithAuto) {
    std::ostringstream output;
    step_log_of([] {
        EventLoop loop;
        loop.run_until_complete(Task::create([]() -> Coroutine<> {
            auto loop = get_running_loop();
            auto& same = get_running_loop();
            EventLoop& itself = get_running_loop();
            auto fut = loop.create_future();
            loop.call_later(2, [fut] { fut->set_result("woke"); }, "wake");
            print(co_await fut, "at", loop.time(), same.is_running(), itself.time());
        }(), "main", &loop));
    }, &output);
    EXPECT_EQ(output.str(), "woke at 2.0 True 2.0\n");
    EXPECT_THROW(get_running_loop(), RuntimeError);  // as in Python, outside a running loop
}

void inner(const std::shared_ptr<Future>&) {}

// 3. `fut.add_done_callback(inner)`: named after the function, as Python names it; a lambda is "<lambda>".
TEST(PythonSpellings, AddDoneCallbackNamesTheCallbackFromTheFunction) {
    auto log = step_log_of([] {
        EventLoop loop;
        loop.run_until_complete(Task::create([]() -> Coroutine<> {
            auto fut = get_running_loop().create_future();
            fut->add_done_callback(inner);
            fut->add_done_callback([](const std::shared_ptr<Future>&) {});
            fut->set_result(1);
            co_await sleep(0);
        }(), "main", &loop));
    });
    EXPECT_NE(std::find(log.begin(), log.end(), "run inner"), log.end());
    EXPECT_NE(std::find(log.begin(), log.end(), "run <lambda>"), log.end());
}

// 4. `repr(e)` and `str(e)` in an except block.
TEST(PythonSpellings, ReprAndStrOfAnException) {
    try {
        throw ValueError("bad input");
    } catch (const Exception& e) {
        EXPECT_EQ(repr(e), "ValueError('bad input')");
        EXPECT_EQ(str(e), "bad input");
    }
    try {
        throw std::out_of_range("vector::at");
    } catch (const std::exception& e) {
        EXPECT_EQ(repr(e), "RuntimeError('vector::at')");
        EXPECT_EQ(str(e), "vector::at");
    }
    EXPECT_EQ(str(StopIteration(Value(5))), "5");
    EXPECT_EQ(repr(std::make_exception_ptr(TypeError("no"))), "TypeError('no')");
}

// 5. `slot.set_result(i * i)` with any integer.
TEST(PythonSpellings, EveryIntegerWidthIsAnInt) {
    EventLoop loop;
    auto slot = loop.create_future();
    for (size_t i = 3; i < 4; ++i) slot->set_result(i * i);
    EXPECT_EQ(slot->result().repr(), "9");
    EXPECT_EQ(Value(std::uint8_t{7}).repr(), "7");
    EXPECT_EQ(Value(short{-2}).repr(), "-2");
    EXPECT_EQ(Value(std::uint64_t{1} << 62).repr(), "4611686018427387904");
    EXPECT_THROW(Value(~std::uint64_t{0}), OverflowError);  // past cotrace's 64-bit int, said plainly
}

// 6. `print(await fut)`, and print with several values, sep and end.
TEST(PythonSpellings, PrintTakesAnythingSeveralAtATime) {
    std::ostringstream output;
    auto log = step_log_of([] {
        EventLoop loop;
        loop.run_until_complete(Task::create([]() -> Coroutine<> {
            auto fut = get_running_loop().create_future();
            fut->set_result(5);
            print(co_await fut);
            print("a", 1, 2.5, None, List{1, "x"}, true);
            print("x", "y", sep(", "), end("!\n"));
            print();
        }(), "main", &loop));
    }, &output);
    EXPECT_EQ(output.str(), "5\na 1 2.5 None [1, 'x'] True\nx, y!\n\n");
    EXPECT_NE(std::find(log.begin(), log.end(), "print 5"), log.end());
    EXPECT_NE(std::find(log.begin(), log.end(), "print x, y"), log.end());
}

Coroutine<Value> level(int n) {
    if (n == 0) co_return 0;
    co_return 1 + co_await level(n - 1);
}

// 7. Value arithmetic and comparisons as Python's int, float and str have them.
TEST(PythonSpellings, ValueArithmeticAsPythonHasIt) {
    EventLoop loop;
    Value depth = loop.run_until_complete(Task::create(level(4), "main", &loop));
    EXPECT_EQ(depth.repr(), "4");
    Value v = 7;
    EXPECT_EQ((v + 1).repr(), "8");
    EXPECT_EQ((v / 2).repr(), "3.5");  // true division
    EXPECT_EQ(floor_div(v, 2).repr(), "3");
    EXPECT_EQ(floor_div(-7, Value(2)).repr(), "-4");
    EXPECT_EQ((Value(-7) % 3).repr(), "2");  // the sign of the divisor
    EXPECT_EQ((v * 1.5).repr(), "10.5");
    EXPECT_EQ(pow(Value(2), 10).repr(), "1024");
    EXPECT_EQ(pow(Value(2), -1).repr(), "0.5");
    EXPECT_EQ(pow(2, Value(0.5)).repr(), "1.4142135623730951");
    EXPECT_EQ((-v).repr(), "-7");
    EXPECT_EQ("got " + str(v), "got 7");
    EXPECT_EQ((Value("ab") * 3).repr(), "'ababab'");
    EXPECT_EQ((Value(List{1}) + List{2}).repr(), "[1, 2]");
    EXPECT_TRUE(v > 3 && v <= 7 && v == 7.0 && v != 8 && Value(true) == 1);
    EXPECT_TRUE(Value("apple") < "banana");
    EXPECT_FALSE(v == "7");  // different types are unequal, never an error
    // Python's errors, with Python's words.
    auto message = [](const std::function<void()>& f) {
        try {
            f();
        } catch (const BaseException& e) {
            return repr(e);
        }
        return std::string("no error");
    };
    EXPECT_EQ(message([&] { (void)("got " + v); }), "TypeError('can only concatenate str (not \"int\") to str')");
    EXPECT_EQ(message([&] { (void)(v + "1"); }), "TypeError(\"unsupported operand type(s) for +: 'int' and 'str'\")");
    EXPECT_EQ(message([&] { (void)(v < "8"); }), "TypeError(\"'<' not supported between instances of 'int' and 'str'\")");
    EXPECT_EQ(message([&] { (void)(v / 0); }), "ZeroDivisionError('division by zero')");
    EXPECT_EQ(message([&] { (void)(Value(None) + 1); }), "TypeError(\"unsupported operand type(s) for +: 'NoneType' and 'int'\")");
}

// The spellings C++ cannot make Python's are refused at compile time, with what to write instead.
TEST(PythonSpellings, RefusedSpellingsFailToCompileWithTheirMessage) {
    for (const auto& entry : std::filesystem::directory_iterator(COTRACE_SOURCE_DIR "/tests/learner/refused")) {
        std::ifstream in(entry.path());
        std::string first_line;
        std::getline(in, first_line);  // "// refused: <what the compiler must say>"
        ASSERT_TRUE(first_line.starts_with("// refused: ")) << entry.path();
        std::string expected = first_line.substr(12);
        std::string command = std::string(COTRACE_CXX) + " -std=c++20 -fsyntax-only -I'" COTRACE_SOURCE_DIR "/src' '" +
                              entry.path().string() + "' 2>&1";
        std::string said;
        FILE* pipe = popen(command.c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        char buffer[4096];
        for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) said.append(buffer, got);
        int status = pclose(pipe);
        EXPECT_NE(status, 0) << entry.path() << " compiled";
        EXPECT_NE(said.find(expected), std::string::npos) << entry.path() << ":\n" << said.substr(0, 3000);
    }
}
