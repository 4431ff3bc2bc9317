// Task semantics, after Lib/asyncio/tasks.py (Task.__step, __wakeup, cancel). The expected logs are
// what CPython 3.11 logs for the same programs (tools/oracle/asyncio_oracle.py vocabulary).
#include <gtest/gtest.h>

#include "recording.h"
#include "runtime/asyncio.h"

using namespace asyncio;
using testing_support::log_of;
using Log = std::vector<std::string>;

namespace {

Coroutine<> nothing() { co_return; }

Coroutine<int> fails() {
    co_await asyncio::sleep(0);
    throw ValueError("child failed");
}

}  // namespace

// tasks.Task.__init__: creating a task schedules its step; unnamed tasks are Task-1, Task-2, ...
TEST(Task, CreatingATaskSchedulesItsStepAndNamesIt) {
    Log log = log_of([] {
        EventLoop loop;
        auto first = Task::create(nothing(), "", &loop);
        auto second = Task::create(nothing(), "", &loop);
        EXPECT_EQ(first->get_name(), "Task-1");
        EXPECT_EQ(second->get_name(), "Task-2");
    });
    EXPECT_EQ(log, (Log{"call_soon Task-1.step", "call_soon Task-2.step"}));
}

// tasks.Task.__init__ again, untraced: a named task takes no number, and "Task-N" is spelled out only when
// something asks for it, with the number the task took when it was made.
TEST(Task, ANamedTaskTakesNoNumberAndAnUnnamedOneKeepsItsOwn) {
    Task::reset_name_counter();
    EventLoop loop;
    auto first = Task::create(nothing(), "", &loop);
    auto named = Task::create(nothing(), "worker", &loop);
    auto second = Task::create(nothing(), "", &loop);
    EXPECT_EQ(second->repr(), "<Task pending name='Task-2'>");
    EXPECT_EQ(first->get_name(), "Task-1");
    EXPECT_EQ(named->get_name(), "worker");
}

// The trace shows a pending Task's repr at each step that waits on it, so the Task keeps it while
// pending; once it finishes, the trace shows its result, as repr() does.
TEST(Task, TheTracesReprOfATaskFollowsItsState) {
    EventLoop loop;
    auto task = Task::create(nothing(), "kept", &loop);
    Value held = std::static_pointer_cast<Future>(task);
    EXPECT_EQ(TraceRepr(held).view(), "<Task pending name='kept'>");
    EXPECT_EQ(TraceRepr(held).view(), task->repr());
    loop.run_until_complete(task);
    EXPECT_EQ(TraceRepr(held).view(), "<Task finished name='kept' result=None>");
    EXPECT_EQ(TraceRepr(held).view(), task->repr());
}

// While recording, the pending repr is made once into the recording's pool (Recorder::pooled_text). A
// pending Task that outlives one recording gives the next its own copy, never the old one's letters.
TEST(Task, APendingTasksReprIsMadeOnceForEachRecording) {
    EventLoop loop;
    auto task = Task::create(nothing(), "kept", &loop);
    Value held = std::static_pointer_cast<Future>(task);
    std::string_view first_copy;
    {
        auto trace = std::make_unique<cotrace::Trace>();
        cotrace::Recorder recorder(cotrace::TraceMeta{"first", "", "", "virtual"});
        {
            cotrace::RecordingScope scope(recorder);
            first_copy = TraceRepr(held).view();
            EXPECT_EQ(first_copy, "<Task pending name='kept'>");
            EXPECT_EQ(TraceRepr(held).view().data(), first_copy.data());  // made once
            EXPECT_EQ(recorder.pooled_text(first_copy).data(), first_copy.data());
        }
        *trace = recorder.finish();
    }  // the first trace, and the letters of its copy, are gone
    cotrace::Recorder recorder(cotrace::TraceMeta{"second", "", "", "virtual"});
    {
        cotrace::RecordingScope scope(recorder);
        // The new pool may reuse the old one's memory: other letters now sit where the old copy was.
        recorder.pooled_text("another text, first in this recording's pool");
        std::string_view second_copy = TraceRepr(held).view();
        EXPECT_EQ(second_copy, "<Task pending name='kept'>");
        // In this recording's pool: asked to pool it again, the recorder finds this very copy.
        EXPECT_EQ(recorder.pooled_text(second_copy).data(), second_copy.data());
    }
    EXPECT_EQ(TraceRepr(held).view(), "<Task pending name='kept'>");  // untraced: repr() itself
    loop.run_until_complete(task);
}

// tasks.Task.__step: a bare yield (sleep(0)) schedules step again with call_soon.
TEST(Task, BareYieldReschedulesStep) {
    Log log = log_of([] {
        EventLoop loop;
        auto coro = []() -> Coroutine<> { co_await asyncio::sleep(0); };
        auto task = Task::create(coro(), "t", &loop);
        loop.run_until_complete(task);
    });
    EXPECT_EQ(log, (Log{"call_soon t.step", "add_done_callback t run_until_complete_cb", "run t.step",
                        "send t None", "call_soon t.step", "yield t None", "run t.step", "send t None",
                        "set_result t None", "call_soon run_until_complete_cb", "return t None",
                        "run run_until_complete_cb"}));
}

// tasks.Task.cancel before the first step sets _must_cancel; the step throws CancelledError
// into the coroutine, which never runs its body.
TEST(Task, CancelBeforeTheFirstStep) {
    bool body_ran = false;
    Log log = log_of([&] {
        EventLoop loop;
        auto coro = [](bool* ran) -> Coroutine<> {
            *ran = true;
            co_return;
        };
        auto task = Task::create(coro(&body_ran), "t", &loop);
        EXPECT_TRUE(task->cancel());
        EXPECT_TRUE(task->must_cancel());
        loop.run_forever();
        EXPECT_TRUE(task->cancelled());
    });
    EXPECT_FALSE(body_ran);
    EXPECT_EQ(log, (Log{"call_soon t.step", "run t.step", "throw t CancelledError", "cancelled t"}));
}

// tasks.Task.__step + __wakeup: an exception in a child task reaches the task awaiting it.
TEST(Task, ExceptionInAChildReachesTheAwaitingTask) {
    std::string caught;
    Log log = log_of([&] {
        EventLoop loop;
        auto parent = [](std::string* out) -> Coroutine<> {
            auto child = Task::create(fails(), "child");
            try {
                co_await child;
            } catch (const ValueError& e) {
                *out = e.message();
            }
        };
        loop.run_until_complete(Task::create(parent(&caught), "parent", &loop));
    });
    EXPECT_EQ(caught, "child failed");
    EXPECT_EQ(log, (Log{"call_soon parent.step", "add_done_callback parent run_until_complete_cb",
                        "run parent.step", "send parent None", "call_soon child.step",
                        "add_done_callback child parent.wakeup", "yield parent child", "run child.step",
                        "send child None", "call_soon child.step", "yield child None", "run child.step",
                        "send child None", "set_exception child ValueError", "call_soon parent.wakeup",
                        "raise child ValueError", "run parent.wakeup", "throw parent ValueError",
                        "set_result parent None", "call_soon run_until_complete_cb", "return parent None",
                        "run run_until_complete_cb"}));
}

// tasks.Task.cancel: a task waiting on a future cancels that future; the wake-up throws CancelledError.
TEST(Task, CancelWhileWaitingCancelsTheFutureItWaitsOn) {
    Log log = log_of([] {
        EventLoop loop;
        auto waiter = []() -> Coroutine<> { co_await asyncio::sleep(10); };
        auto task = Task::create(waiter(), "w", &loop);
        loop.call_later(1, [task] { task->cancel(); }, "canceller");
        loop.run_forever();
        EXPECT_TRUE(task->cancelled());
        EXPECT_EQ(loop.time(), 1.0);  // the 10 s timer was cancelled, never waited for
    });
    EXPECT_EQ(log, (Log{"call_soon w.step", "call_later 1 canceller", "run w.step", "send w None",
                        "call_later 10 set_result_unless_cancelled", "add_done_callback fut1 w.wakeup",
                        "yield w fut1", "timer_ready canceller", "run canceller", "cancel fut1",
                        "call_soon w.wakeup", "run w.wakeup", "throw w CancelledError", "cancelled w"}));
}

// tasks.Task.__step: yielding anything but None or a Future is a RuntimeError thrown in next step.
TEST(Task, BadYieldIsThrownBackAsRuntimeError) {
    std::string caught;
    Log log = log_of([&] {
        EventLoop loop;
        auto bad = [](std::string* out) -> Coroutine<> {
            try {
                co_await yield_(5);
            } catch (const RuntimeError& e) {
                *out = e.message();
            }
        };
        loop.run_until_complete(Task::create(bad(&caught), "b", &loop));
    });
    EXPECT_EQ(caught, "Task got bad yield: 5");
    EXPECT_EQ(log[4], "call_soon b.step");
    EXPECT_EQ(log[6], "run b.step");
    EXPECT_EQ(log[7], "throw b RuntimeError");
}

// tasks.Task.__step: a task awaiting itself gets a RuntimeError.
TEST(Task, AwaitingItselfIsARuntimeError) {
    EventLoop loop;
    std::shared_ptr<Task> self;
    auto body = [](std::shared_ptr<Task>* me) -> Coroutine<> { co_await *me; };
    self = Task::create(body(&self), "s", &loop);
    loop.run_forever();
    EXPECT_TRUE(self->done());
    EXPECT_THROW(self->result(), RuntimeError);
}

// tasks.Task.__step: the StopIteration value becomes the task's result.
TEST(Task, ReturnValueBecomesTheResult) {
    EventLoop loop;
    auto body = []() -> Coroutine<int> { co_return 17; };
    EXPECT_EQ(loop.run_until_complete(Task::create(body(), "r", &loop)), Value(17));
}
