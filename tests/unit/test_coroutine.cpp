// Coroutine<T>: send, throw_, close and StopIteration, as Python's coroutine objects behave.
#include <gtest/gtest.h>

#include "runtime/asyncio.h"

using namespace asyncio;

namespace {

Coroutine<Value> echo_twice() {
    Value first = co_await yield_(1);
    Value second = co_await yield_(first);
    co_return second;
}

Coroutine<int> returns_at_once() { co_return 5; }

Coroutine<Value> awaits_child() {
    Value got = co_await echo_twice();
    co_return List{got, Value("outer")};
}

Coroutine<> raises() {
    co_await yield_(None);
    throw ValueError("bad");
}

Coroutine<Value> catches_child_error() {
    try {
        co_await raises();
    } catch (const ValueError& e) {
        co_return std::string("caught ") + e.message();
    }
    co_return None;
}

Coroutine<int> chain(int depth) {
    if (depth == 0) {
        Value sent = co_await yield_(Value("bottom"));
        co_return static_cast<int>(sent);
    }
    int below = co_await chain(depth - 1);
    co_return below + 1;
}

Coroutine<Value> catches_thrown() {
    try {
        co_await yield_(None);
    } catch (const CancelledError&) {
        co_return Value("handled");
    }
    co_return None;
}

}  // namespace

TEST(Coroutine, CallingItRunsNothing) {
    bool ran = false;
    auto body = [](bool* flag) -> Coroutine<> {
        *flag = true;
        co_return;
    };
    auto coro = body(&ran);
    EXPECT_FALSE(ran);
    EXPECT_FALSE(coro.started());
}

TEST(Coroutine, SendReturnsYieldedValuesThenStopIteration) {
    auto coro = echo_twice();
    EXPECT_EQ(coro.send(None), Value(1));
    EXPECT_EQ(coro.send(Value("a")), Value("a"));
    try {
        coro.send(Value("b"));
        FAIL() << "expected StopIteration";
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value("b"));
    }
    EXPECT_TRUE(coro.done());
}

TEST(Coroutine, ReturnWithoutYieldIsStopIterationOnFirstSend) {
    auto coro = returns_at_once();
    try {
        coro.send(None);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value(5));
    }
}

TEST(Coroutine, SendingNonNoneToAFreshCoroutineIsATypeError) {
    auto coro = echo_twice();
    EXPECT_THROW(coro.send(7), TypeError);
}

TEST(Coroutine, SendingToAFinishedCoroutineIsARuntimeError) {
    auto coro = returns_at_once();
    EXPECT_THROW(coro.send(None), StopIteration);
    EXPECT_THROW(coro.send(None), RuntimeError);
}

TEST(Coroutine, AwaitingAChildRunsItInlineAndYieldsPassThrough) {
    auto coro = awaits_child();
    EXPECT_EQ(coro.send(None), Value(1));  // the child's yield reaches the driver
    EXPECT_EQ(coro.depth(), 2u);           // outer frame + child frame suspended
    EXPECT_EQ(coro.send(Value("x")), Value("x"));
    try {
        coro.send(Value("y"));
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value.repr(), "['y', 'outer']");
    }
}

TEST(Coroutine, ExceptionInAChildPropagatesToTheAwaitingFrame) {
    auto coro = catches_child_error();
    EXPECT_EQ(coro.send(None), Value(None));
    try {
        coro.send(None);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value("caught bad"));
    }
}

TEST(Coroutine, ThrowRaisesAtTheInnermostYield) {
    auto coro = catches_thrown();
    coro.send(None);
    try {
        coro.throw_(CancelledError());
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value("handled"));
    }
}

TEST(Coroutine, ThrowIntoAFreshCoroutineRaisesAndClosesIt) {
    auto coro = echo_twice();
    EXPECT_THROW(coro.throw_(CancelledError()), CancelledError);
    EXPECT_TRUE(coro.done());
}

TEST(Coroutine, UncaughtThrowComesBackOut) {
    auto coro = echo_twice();
    coro.send(None);
    EXPECT_THROW(coro.throw_(ValueError("x")), ValueError);
    EXPECT_TRUE(coro.done());
}

TEST(Coroutine, CloseThrowsGeneratorExitIntoASuspendedCoroutine) {
    auto coro = echo_twice();
    coro.send(None);
    EXPECT_NO_THROW(coro.close());
    EXPECT_TRUE(coro.done());
}

TEST(Coroutine, CloseOnAFreshCoroutineJustMarksItDone) {
    auto coro = echo_twice();
    coro.close();
    EXPECT_TRUE(coro.done());
    EXPECT_THROW(coro.send(None), RuntimeError);
}

TEST(Coroutine, TenThousandDeepChainRunsOnAFlatStack) {
    // Each level awaits the next: a recursive driver would need 10,000 nested resume() calls.
    auto coro = chain(10000);
    EXPECT_EQ(coro.send(None), Value("bottom"));
    EXPECT_EQ(coro.depth(), 10001u);
    try {
        coro.send(0);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value(10000));
    }
}

TEST(Coroutine, DestroyingASuspendedChainFreesEveryFrame) {
    // Run under ASan: a leak or a double free of the inner frames fails the suite.
    auto coro = chain(100);
    coro.send(None);
    EXPECT_EQ(coro.depth(), 101u);
}

// Generators: Python's generator.send / next, the machinery coroutines are built on.
namespace {

Generator<Value> counter(int start) {
    Value sent = co_yield start;
    while (!sent.is_none()) sent = co_yield sent.as_int() + 1;
    co_return Value("stopped");
}

// An awaitable class whose __await__ yields several values (types.coroutine / __await__).
class ThreeYields {
public:
    explicit ThreeYields(int first) : first(first) {}
    Coroutine<Value> await_() {
        Value total = 0;
        for (int i = first; i < first + 3; ++i) {
            Value sent = co_await yield_(i);
            total = total.as_int() + sent.as_int();
        }
        co_return total;
    }
    int first;
};

Coroutine<Value> awaits_temporary() { co_return co_await ThreeYields(10); }

}  // namespace

// generator.__next__: next(g) is g.send(None), and runs to the first yield.
TEST(Generator, NextRunsToTheFirstYield) {
    auto g = counter(5);
    EXPECT_EQ(next(g), Value(5));
}

// generator.send: the value sent is what the paused yield evaluates to.
TEST(Generator, SendResumesTheYieldWithTheValue) {
    auto g = counter(5);
    next(g);
    EXPECT_EQ(g.send(41), Value(42));
    EXPECT_EQ(g.send(1), Value(2));
}

// generator.send: a generator that returns ends in StopIteration carrying the value.
TEST(Generator, ReturnIsStopIterationWithTheValue) {
    auto g = counter(5);
    next(g);
    try {
        g.send(None);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value("stopped"));
        EXPECT_EQ(stop.repr(), "StopIteration('stopped')");
    }
    EXPECT_TRUE(g.done());
}

// An __await__ that yields several times: every yield reaches the driver, every send comes back.
TEST(Awaitable, EveryYieldOfAnAwaitReachesTheDriver) {
    auto coro = awaits_temporary();
    EXPECT_EQ(coro.send(None), Value(10));
    EXPECT_EQ(coro.send(1), Value(11));
    EXPECT_EQ(coro.send(2), Value(12));
    try {
        coro.send(3);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value(6));  // 1 + 2 + 3
    }
}
