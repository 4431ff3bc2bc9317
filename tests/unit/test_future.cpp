// Future semantics, after Lib/asyncio/futures.py. One behaviour per test.
#include <gtest/gtest.h>

#include "runtime/asyncio.h"

using namespace asyncio;

// futures.Future.__schedule_callbacks: set_result hands each callback to call_soon, never calls it.
TEST(Future, SetResultSchedulesCallbacksInsteadOfCallingThem) {
    EventLoop loop;
    auto future = loop.create_future();
    std::vector<std::string> calls;
    future->add_done_callback([&](const auto&) { calls.push_back("first"); }, "first");
    future->add_done_callback([&](const auto&) { calls.push_back("second"); }, "second");
    future->set_result(15);
    EXPECT_TRUE(calls.empty());
    EXPECT_EQ(loop.ready_count(), 2u);
    loop.run_once();
    EXPECT_EQ(calls, (std::vector<std::string>{"first", "second"}));
}

// futures.Future.add_done_callback: on a done future the callback is scheduled at once.
TEST(Future, AddDoneCallbackOnADoneFutureSchedulesItAtOnce) {
    EventLoop loop;
    auto future = loop.create_future();
    future->set_result(1);
    int calls = 0;
    future->add_done_callback([&](const auto&) { ++calls; }, "cb");
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(loop.ready_count(), 1u);
    loop.run_once();
    EXPECT_EQ(calls, 1);
}

// futures.Future.result: pending -> InvalidStateError.
TEST(Future, ResultOfAPendingFutureIsInvalidState) {
    EventLoop loop;
    EXPECT_THROW(loop.create_future()->result(), InvalidStateError);
}

// futures.Future.result: cancelled -> CancelledError.
TEST(Future, ResultOfACancelledFutureRaisesCancelledError) {
    EventLoop loop;
    auto future = loop.create_future();
    EXPECT_TRUE(future->cancel());
    EXPECT_TRUE(future->cancelled());
    EXPECT_THROW(future->result(), CancelledError);
}

// futures.Future.set_result: only once.
TEST(Future, SetResultTwiceIsInvalidState) {
    EventLoop loop;
    auto future = loop.create_future();
    future->set_result(1);
    EXPECT_THROW(future->set_result(2), InvalidStateError);
}

// futures.Future.cancel: a done future cannot be cancelled.
TEST(Future, CancelOnADoneFutureReturnsFalse) {
    EventLoop loop;
    auto future = loop.create_future();
    future->set_result(1);
    EXPECT_FALSE(future->cancel());
    EXPECT_EQ(future->result(), Value(1));
}

// futures.Future.result: re-raises the exception set with set_exception.
TEST(Future, ResultReraisesTheException) {
    EventLoop loop;
    auto future = loop.create_future();
    future->set_exception(ValueError("nope"));
    EXPECT_TRUE(future->done());
    EXPECT_THROW(future->result(), ValueError);
    EXPECT_EQ(exception_type_name(future->exception()), "ValueError");
}

// futures.Future.set_exception: StopIteration is refused.
TEST(Future, SetExceptionRefusesStopIteration) {
    EventLoop loop;
    EXPECT_THROW(loop.create_future()->set_exception(StopIteration()), TypeError);
}

// futures.Future.remove_done_callback: removes every registration, returns how many.
TEST(Future, RemoveDoneCallbackRemovesEveryRegistration) {
    EventLoop loop;
    auto future = loop.create_future();
    future->add_done_callback([](const auto&) {}, "cb");
    future->add_done_callback([](const auto&) {}, "cb");
    future->add_done_callback([](const auto&) {}, "other");
    EXPECT_EQ(future->remove_done_callback("cb"), 2u);
    future->set_result(None);
    EXPECT_EQ(loop.ready_count(), 1u);
}

// futures.Future.__await__: a pending future marks itself blocking and yields itself.
TEST(Future, AwaitingAPendingFutureYieldsTheFutureItself) {
    EventLoop loop;
    auto future = loop.create_future();
    auto waiter = [](std::shared_ptr<Future> f) -> Coroutine<Value> { co_return co_await f; };
    auto coro = waiter(future);
    Value yielded = coro.send(None);
    EXPECT_EQ(yielded.as_future(), future);
    EXPECT_TRUE(future->asyncio_future_blocking);
    future->set_result(Value("done"));
    try {
        coro.send(None);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value("done"));
    }
}

// futures.Future.__await__: a done future returns its result without yielding.
TEST(Future, AwaitingADoneFutureDoesNotYield) {
    EventLoop loop;
    auto future = loop.create_future();
    future->set_result(3);
    auto waiter = [](std::shared_ptr<Future> f) -> Coroutine<Value> { co_return co_await f; };
    auto coro = waiter(future);
    try {
        coro.send(None);
        FAIL();
    } catch (const StopIteration& stop) {
        EXPECT_EQ(stop.value, Value(3));
    }
}
