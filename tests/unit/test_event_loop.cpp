// EventLoop semantics, after Lib/asyncio/base_events.py (_run_once, call_soon, call_at, run_*).
#include <gtest/gtest.h>

#include <array>
#include <functional>

#include "recording.h"
#include "runtime/asyncio.h"

using namespace asyncio;
using Calls = std::vector<std::string>;

// base_events.call_soon: handles run first in, first out.
TEST(EventLoop, CallSoonRunsInFifoOrder) {
    EventLoop loop;
    Calls calls;
    for (std::string name : {"a", "b", "c"}) loop.call_soon([&calls, name] { calls.push_back(name); }, name);
    loop.run_once();
    EXPECT_EQ(calls, (Calls{"a", "b", "c"}));
}

namespace {
Calls* plain_function_calls = nullptr;
void plain_function() { plain_function_calls->push_back("function"); }
}  // namespace

// call_soon builds its callback inside the handle: any callable goes in, a named lambda is copied (and
// stays usable), a big one goes to the heap, and a closed loop refuses before building anything.
TEST(EventLoop, CallSoonTakesAnyCallable) {
    EventLoop loop;
    Calls calls;
    plain_function_calls = &calls;
    auto named = [&calls] { calls.push_back("named lambda"); };
    std::array<char, 200> big{};  // past the handle's room
    loop.call_soon(named, "named");
    loop.call_soon(&plain_function, "function");
    loop.call_soon(std::function<void()>([&calls] { calls.push_back("std::function"); }), "std");
    loop.call_soon(HandleCallback([&calls] { calls.push_back("HandleCallback"); }), "inline");
    loop.call_soon([&calls, big] { calls.push_back("big " + std::to_string(big.size())); }, "big");
    named();
    loop.run_once();
    EXPECT_EQ(calls, (Calls{"named lambda", "named lambda", "function", "std::function", "HandleCallback", "big 200"}));
    loop.close();
    EXPECT_THROW(loop.call_soon(named, "late"), RuntimeError);
}

// base_events._run_once: only the handles ready when the round began run in it (ntodo).
TEST(EventLoop, CallbacksScheduledDuringARoundRunInTheNextRound) {
    EventLoop loop;
    Calls calls;
    loop.call_soon([&] {
        calls.push_back("first");
        loop.call_soon([&] { calls.push_back("scheduled by first"); }, "later");
    }, "first");
    loop.call_soon([&] { calls.push_back("second"); }, "second");
    loop.run_once();
    EXPECT_EQ(calls, (Calls{"first", "second"}));
    loop.run_once();
    EXPECT_EQ(calls, (Calls{"first", "second", "scheduled by first"}));
}

// base_events.call_at: the heap orders by deadline, then by scheduling order.
TEST(EventLoop, TimersRunByDeadlineThenBySchedulingOrder) {
    EventLoop loop;
    Calls calls;
    loop.call_later(2, [&] { calls.push_back("two"); }, "two");
    loop.call_later(1, [&] { calls.push_back("one-a"); }, "one-a");
    loop.call_later(1, [&] { calls.push_back("one-b"); }, "one-b");
    loop.run_forever();
    EXPECT_EQ(calls, (Calls{"one-a", "one-b", "two"}));
}

// Virtual time: the loop jumps to the deadline it would have slept until.
TEST(EventLoop, VirtualTimeJumpsToTheNextDeadline) {
    EventLoop loop;
    double seen = -1;
    loop.call_later(2.5, [&] { seen = loop.time(); }, "timer");
    EXPECT_EQ(loop.time(), 0.0);
    loop.run_forever();
    EXPECT_EQ(seen, 2.5);
}

// events.TimerHandle.cancel: a cancelled timer never runs.
TEST(EventLoop, CancelledTimerNeverRuns) {
    EventLoop loop;
    int calls = 0;
    auto timer = loop.call_later(1, [&] { ++calls; }, "timer");
    timer->cancel();
    loop.run_forever();
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(loop.timer_count(), 0u);
}

// events.Handle.cancel: a cancelled handle on the ready queue is skipped.
TEST(EventLoop, CancelledHandleIsSkipped) {
    EventLoop loop;
    Calls calls;
    auto handle = loop.call_soon([&] { calls.push_back("cancelled"); }, "x");
    loop.call_soon([&] { calls.push_back("kept"); }, "y");
    handle->cancel();
    loop.run_once();
    EXPECT_EQ(calls, (Calls{"kept"}));
}

// base_events.run_until_complete: returns the result, or raises the exception.
TEST(EventLoop, RunUntilCompleteReturnsTheResultOrRaises) {
    EventLoop loop;
    auto future = loop.create_future();
    loop.call_later(1, [&] { future->set_result(Value("ok")); }, "setter");
    EXPECT_EQ(loop.run_until_complete(future), Value("ok"));
    auto failing = loop.create_future();
    loop.call_soon([&] { failing->set_exception(ValueError("no")); }, "failer");
    EXPECT_THROW(loop.run_until_complete(failing), ValueError);
}

// base_events.run_until_complete: the loop stopping first is a RuntimeError.
TEST(EventLoop, RunUntilCompleteOnAFutureNobodyCompletesIsARuntimeError) {
    EventLoop loop;
    auto future = loop.create_future();
    EXPECT_THROW(loop.run_until_complete(future), RuntimeError);
}

// base_events.stop: the current round finishes, then run_forever returns.
TEST(EventLoop, StopEndsRunForeverAfterTheCurrentRound) {
    EventLoop loop;
    Calls calls;
    loop.call_soon([&] {
        calls.push_back("stopper");
        loop.stop();
        loop.call_soon([&] { calls.push_back("next round"); }, "next");
    }, "stopper");
    loop.call_soon([&] { calls.push_back("same round"); }, "same");
    loop.run_forever();
    EXPECT_EQ(calls, (Calls{"stopper", "same round"}));
    EXPECT_EQ(loop.ready_count(), 1u);
    EXPECT_FALSE(loop.is_running());
}

// In a recording, run_forever ends when the loop is idle, and says so.
TEST(EventLoop, RunForeverEndsWhenIdleAndRecordsIt) {
    auto trace = testing_support::record_program([] {
        EventLoop loop;
        loop.call_soon([] {}, "only");
        loop.run_forever();
    });
    ASSERT_GE(trace.events.size(), 3u);
    EXPECT_EQ(trace.events[trace.events.size() - 3].kind, cotrace::EventKind::idle);
    EXPECT_EQ(trace.events[trace.events.size() - 2].kind, cotrace::EventKind::loop_stop);
}

// The oracle's COST: every handle the loop runs moves virtual time on.
TEST(EventLoop, HandleCostAdvancesVirtualTime) {
    EventLoop loop;
    loop.set_handle_cost(0.01);
    for (int i = 0; i < 3; ++i) loop.call_soon([] {}, "h");
    loop.run_once();
    EXPECT_NEAR(loop.time(), 0.03, 1e-12);
}

// The oracle's blocking_sleep (time.sleep): the clock moves while nothing else runs.
TEST(EventLoop, BlockingSleepAdvancesVirtualTime) {
    EventLoop loop;
    loop.blocking_sleep(0.1);
    EXPECT_DOUBLE_EQ(loop.time(), 0.1);
}

// asyncio.get_running_loop: only inside a running loop.
TEST(EventLoop, GetRunningLoopOutsideALoopRaises) {
    EXPECT_THROW(get_running_loop(), RuntimeError);
    EventLoop loop;
    EventLoop* seen = nullptr;
    loop.call_soon([&] { seen = &get_running_loop(); }, "probe");
    loop.run_forever();
    EXPECT_EQ(seen, &loop);
}

// Closing the loop closes every libuv handle: uv_loop_close succeeds.
TEST(EventLoop, CloseClosesTheUvLoopCleanly) {
    EventLoop loop;
    loop.call_later(5, [] {}, "never");
    loop.close();
    EXPECT_TRUE(loop.is_closed());
    EXPECT_TRUE(loop.uv_closed_cleanly());
}

namespace {
Coroutine<> wait_for(std::shared_ptr<Future> future) { co_await future; }
}  // namespace

// A pending task and the future it waits on hold each other; Python's GC breaks the cycle, here closing
// the loop does. A task the program still holds may outlive the loop: it must not reach back to it then
// (AddressSanitizer would see it).
TEST(EventLoop, CloseLetsGoOfPendingTasksAndATaskMayOutliveTheLoop) {
    std::weak_ptr<Task> forgotten;
    std::shared_ptr<Task> held;
    {
        EventLoop loop;
        auto never = Future::create(&loop);
        forgotten = Task::create(wait_for(never), "forgotten", &loop);
        held = Task::create(wait_for(never), "held", &loop);
        loop.run_once();  // both step, and wait on `never`
        never.reset();
        EXPECT_FALSE(forgotten.expired());  // only the cycle keeps it
        loop.close();
        EXPECT_TRUE(forgotten.expired());
        EXPECT_FALSE(held->done());
    }
    held.reset();
}

// Clock::real waits in libuv for the deadline; the test asserts order, not speed.
TEST(EventLoop, RealClockTimerFiresAfterItsDeadline) {
    EventLoop loop(Clock::real_time);
    double fired_at = -1;
    loop.call_later(0.02, [&] { fired_at = loop.time(); }, "timer");
    loop.run_forever();
    EXPECT_GE(fired_at, 0.02);
}

// tasks.sleep: sleep(d, result) returns result at t = d.
TEST(Sleep, ReturnsItsResultWhenTheTimerFires) {
    EventLoop loop;
    auto body = [](EventLoop* l) -> Coroutine<Value> {
        Value woke = co_await asyncio::sleep(2, Value("woke"));
        co_return List{woke, Value(l->time())};
    };
    EXPECT_EQ(loop.run_until_complete(Task::create(body(&loop), "s", &loop)).repr(), "['woke', 2.0]");
}

// tasks.gather: results in argument order; a child already done gets its callback scheduled at once.
TEST(Gather, ResultsFollowArgumentOrderAndDoneChildrenAreScheduledAtOnce) {
    auto log = testing_support::log_of([] {
        EventLoop loop;
        auto fetch = [](int seconds) -> Coroutine<int> {
            co_await asyncio::sleep(seconds);
            co_return seconds * 10;
        };
        auto main = [](Coroutine<int> a, Coroutine<int> b) -> Coroutine<Value> {
            auto slow = Task::create(std::move(a), "slow");
            auto fast = Task::create(std::move(b), "fast");
            co_await asyncio::sleep(1.5);  // fast is done by now
            co_return co_await gather(slow, fast);
        };
        Value results = loop.run_until_complete(Task::create(main(fetch(2), fetch(1)), "main", &loop));
        EXPECT_EQ(results.repr(), "[20, 10]");
    });
    auto at = std::find(log.begin(), log.end(), "add_done_callback fast gather.done_callback");
    ASSERT_NE(at, log.end());
    EXPECT_EQ(*(at + 1), "call_soon gather.done_callback");  // fast was already done
}

// base_events._run_once: a callback that blocks (time.sleep) holds the whole loop; a timer due during
// the block runs late, in the next round, and everything scheduled meanwhile waits too.
TEST(EventLoop, BlockingSleepDelaysTimersPastTheirDeadline) {
    EventLoop loop;
    double fired_at = -1;
    loop.call_later(0.05, [&] { fired_at = loop.time(); }, "timer");
    loop.call_soon([] { blocking_sleep(0.2); }, "hog");
    loop.run_forever();
    EXPECT_DOUBLE_EQ(fired_at, 0.2);
}

// tasks.gather (_done_callback): without return_exceptions, the first child to fail sets the
// outer future's exception; the others run on.
TEST(Gather, AFailingChildFailsTheOuterFuture) {
    EventLoop loop;
    auto ok = [](double d) -> Coroutine<int> {
        co_await asyncio::sleep(d);
        co_return 1;
    };
    auto bad = []() -> Coroutine<int> {
        co_await asyncio::sleep(0.5);
        throw ValueError("bad child");
    };
    auto main = [](Coroutine<int> a, Coroutine<int> b) -> Coroutine<Value> {
        auto first = Task::create(std::move(a), "first");
        auto second = Task::create(std::move(b), "second");
        try {
            co_await gather(first, second);
        } catch (const ValueError& e) {
            co_return Value(e.message());
        }
        co_return None;
    };
    EXPECT_EQ(loop.run_until_complete(Task::create(main(ok(1), bad()), "main", &loop)), Value("bad child"));
}

// tasks._GatheringFuture.cancel: cancelling gather's outer future cancels every child still running,
// and the outer future ends cancelled (CancelledError for whoever awaits it).
TEST(Gather, CancellingTheOuterFutureCancelsTheChildren) {
    EventLoop loop;
    auto sleeper = []() -> Coroutine<> { co_await asyncio::sleep(10); };
    auto first = Task::create(sleeper(), "first", &loop);
    auto second = Task::create(sleeper(), "second", &loop);
    std::shared_ptr<Future> outer;
    loop.call_soon([&] { outer = gather(first, second); }, "gather");
    loop.call_later(1, [&] { EXPECT_TRUE(outer->cancel()); }, "canceller");
    loop.run_forever();
    EXPECT_TRUE(first->cancelled());
    EXPECT_TRUE(second->cancelled());
    EXPECT_TRUE(outer->done());
    EXPECT_THROW(outer->result(), CancelledError);
}

// tasks.Task.__step: a task cancelled while its step is already scheduled (_must_cancel) gets
// CancelledError thrown in at that step, wherever its coroutine is suspended.
// base_events: an exception escaping a callback is reported with the callback's name, and the loop goes
// on. A Task's step handle gets its name only in the trace; the report still has it.
TEST(EventLoop, AnExceptionEscapingACallbackIsReportedByItsName) {
    for (bool traced : {false, true}) {
        testing::internal::CaptureStderr();
        auto program = [] {
            EventLoop loop;
            loop.call_soon([] { throw RuntimeError("boom"); }, "boom_cb");
            auto task = Task::create([]() -> Coroutine<> { co_return; }(), "", &loop);
            task->set_result(Value{});  // done before its first step: that step raises
            loop.run_once();
        };
        if (traced) testing_support::record_program(program);
        else program();
        std::string printed = testing::internal::GetCapturedStderr();
        EXPECT_NE(printed.find("Exception in callback boom_cb: RuntimeError('boom')"), std::string::npos) << printed;
        // Untraced, the step handle has no name of its own; the exception's text names the Task.
        std::string step = traced ? "Exception in callback Task-1.step: " : "Exception in callback: ";
        EXPECT_NE(printed.find(step + "InvalidStateError(\"step(): already done: <Task finished name='Task-1' result=None>\")"),
                  std::string::npos)
            << printed;
    }
}

TEST(Task, CancelWhileReadyThrowsAtTheNextStep) {
    EventLoop loop;
    std::vector<std::string> seen;
    auto body = [](std::vector<std::string>* out) -> Coroutine<> {
        try {
            co_await asyncio::sleep(0);  // a bare yield: the next step is on the ready queue
            out->push_back("not reached");
        } catch (const CancelledError&) {
            out->push_back("cancelled at the yield");
            throw;
        }
    };
    auto task = Task::create(body(&seen), "t", &loop);
    loop.run_once();  // the first step: the task yields and reschedules itself
    EXPECT_TRUE(task->cancel());
    EXPECT_TRUE(task->must_cancel());
    loop.run_forever();
    EXPECT_EQ(seen, (std::vector<std::string>{"cancelled at the yield"}));
    EXPECT_TRUE(task->cancelled());
}
