// The runtime's fast paths (issue 14, part 2): untraced frames hand control to each other directly, frames
// and chains are reused, callbacks live inside their handles, and event lists grow by chunks. Each must
// behave exactly as the plain path it replaces.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>

#include "runtime/asyncio.h"
#include "runtime/async_generator.h"
#include "runtime/frame_pool.h"
#include "runtime/inline_function.h"
#include "trace/chunked_vector.h"
#include "trace/recorder.h"

using namespace asyncio;

namespace {

Coroutine<int> one() { co_return 1; }

Coroutine<int> many_awaits(int n) {
    int total = 0;
    for (int i = 0; i < n; ++i) total += co_await one();
    co_return total;
}

Coroutine<int> fails_at(int depth) {
    if (depth == 0) throw ValueError("deep");
    co_return co_await fails_at(depth - 1);
}

Coroutine<Value> catches_deep_failure() {
    try {
        co_await fails_at(200);
    } catch (const ValueError& e) {
        co_return Value(std::string("caught ") + e.what());
    }
    co_return None;
}

AsyncGenerator<int> count_to(int n) {
    for (int i = 1; i <= n; ++i) {
        co_await sleep(0);
        co_yield i;
    }
}

Coroutine<int> sum_generator(int n) {
    int total = 0;
    auto numbers = count_to(n);
    while (auto x = co_await numbers.next()) total += *x + co_await one();
    co_return total;
}

Coroutine<int> nested(int depth) {
    if (depth == 0) co_return 0;
    co_return 1 + co_await nested(depth - 1);
}

// Yields at the bottom of `depth` awaits, then adds one per frame to what is sent back.
Coroutine<int> yields_at(int depth) {
    if (depth == 0) {
        Value sent = co_await yield_(Value("deep"));
        co_return static_cast<int>(sent.as_int());
    }
    co_return 1 + co_await yields_at(depth - 1);
}

Value run(CoroutineBase coro) {
    EventLoop loop;
    return loop.run_until_complete(Task::create(std::move(coro), "main", &loop));
}

// The same program traced and untraced gives the same result.
template <class Make>
void expect_same_both_ways(Make make, const Value& expected) {
    EXPECT_EQ(run(make()), expected) << "untraced";
    cotrace::Recorder recorder(cotrace::TraceMeta{"test", "", "", "virtual"});
    cotrace::RecordingScope scope(recorder);
    EXPECT_EQ(run(make()), expected) << "traced";
}

}  // namespace

TEST(FastPaths, AHundredThousandAwaitsInARowKeepTheStackFlat) {
    // Untraced, each await and each return hands control on directly; without the bound on the stack they
    // may use, this would nest 200,000 calls deep wherever GCC does not make them tail calls (ASan, -O0).
    expect_same_both_ways([] { return many_awaits(100000); }, Value(100000));
}

TEST(FastPaths, AnExceptionCrossesADirectChain) {
    expect_same_both_ways([] { return catches_deep_failure(); }, Value("caught deep"));
}

TEST(FastPaths, AsyncGeneratorsMixWithDirectAwaits) {
    expect_same_both_ways([] { return sum_generator(50); }, Value(50 * 51 / 2 + 50));
}

// Untraced awaits do not put frames on the chain's links; a yield must put every one back (catch_up), so
// that the next send resumes the innermost frame and each frame returns to the one that awaited it.
TEST(FastPaths, AYieldAtTheBottomOfAnUntracedChainPutsEveryFrameBack) {
    for (int depth : {3, 5000}) {
        SCOPED_TRACE(depth);
        auto coro = yields_at(depth);
        EXPECT_EQ(coro.send(None).repr(), "'deep'");
        EXPECT_EQ(coro.depth(), static_cast<size_t>(depth) + 1);
        try {
            coro.send(Value(10));
            ADD_FAILURE() << "no StopIteration";
        } catch (const StopIteration& stop) {
            EXPECT_EQ(stop.value.repr(), std::to_string(10 + depth));
        }
        EXPECT_EQ(coro.depth(), 0u);
    }
}

// Recording, frames still hand control to each other directly and report each hand-over themselves;
// deep enough, the stack runs low and the trampoline takes over for a while, reporting in their stead.
// Either way each await and each return is reported once, in order: every await is followed by its
// child's entry, and frames return (or raise) innermost first.
TEST(FastPaths, ATracedChainReportsEveryAwaitAndReturnOnceWhoeverHandsOver) {
    for (bool fails : {false, true}) {
        SCOPED_TRACE(fails);
        const int depth = 20000;  // far past the 64 KiB of stack the frames may use before going back
        cotrace::Recorder recorder(cotrace::TraceMeta{"test", "", "", "virtual"});
        {
            cotrace::RecordingScope scope(recorder);
            if (fails) EXPECT_EQ(run(catches_deep_failure()), Value("caught deep"));
            else EXPECT_EQ(run(nested(depth)), Value(depth));
        }
        cotrace::Trace trace = recorder.finish();
        using cotrace::EventKind;
        std::vector<cotrace::ObjectId> entered, left;
        size_t awaits = 0;
        for (size_t i = 0; i < trace.events.size(); ++i) {
            cotrace::Event e = trace.events[i];
            if (e.kind == EventKind::await_) {
                ++awaits;
                ASSERT_LT(i + 1, trace.events.size());
                cotrace::Event next = trace.events[i + 1];
                EXPECT_EQ(next.kind, EventKind::frame_enter) << i;
                EXPECT_EQ(next.subject, e.other) << i;
                EXPECT_EQ(next.other, e.subject) << i;
                entered.push_back(e.other);
            } else if (e.kind == EventKind::frame_return || e.kind == EventKind::frame_raise) {
                left.push_back(e.subject);
            }
        }
        EXPECT_EQ(awaits, static_cast<size_t>(fails ? 201 : depth));
        // Each awaited frame leaves once; a deep chain leaves innermost first.
        std::vector<cotrace::ObjectId> sorted_entered = entered, sorted_left = left;
        std::sort(sorted_entered.begin(), sorted_entered.end());
        std::sort(sorted_left.begin(), sorted_left.end());
        for (cotrace::ObjectId id : sorted_entered)
            EXPECT_TRUE(std::binary_search(sorted_left.begin(), sorted_left.end(), id)) << id;
        EXPECT_EQ(std::adjacent_find(sorted_left.begin(), sorted_left.end()), sorted_left.end());
        std::vector<cotrace::ObjectId> innermost_first(entered.rbegin(), entered.rend());
        ASSERT_GE(left.size(), innermost_first.size());
        EXPECT_TRUE(std::equal(innermost_first.begin(), innermost_first.end(), left.begin()));
    }
}

TEST(FastPaths, TheDirectPathLeavesTheChainAsTheTrampolineWould) {
    auto coro = many_awaits(3);
    EXPECT_THROW(coro.send(None), StopIteration);
    EXPECT_EQ(coro.depth(), 0u);
}

namespace {

// Awaits a future one level down, and says what came out of the await.
Coroutine<Value> awaits_future(std::shared_ptr<Future> future) {
    try {
        co_return Value("got ") + co_await future;
    } catch (const CancelledError&) {
        co_return Value("cancelled");
    }
}

Coroutine<Value> one_level_up(std::shared_ptr<Future> future) { co_return co_await awaits_future(future); }

// What a program driving it by hand sees, traced or not: the future yielded and marked blocking, the
// frames suspended on the chain, and what the second send gives.
struct AwaitSeen {
    bool blocking = false;
    size_t depth = 0;
    std::string second;
};

AwaitSeen drive(bool traced, const std::function<void(Future&)>& meanwhile, bool throw_in = false) {
    std::optional<cotrace::Recorder> recorder;
    std::optional<cotrace::RecordingScope> scope;
    if (traced) recorder.emplace(cotrace::TraceMeta{"test", "", "", "virtual"}), scope.emplace(*recorder);
    EventLoop loop;
    auto future = loop.create_future();
    auto coro = one_level_up(future);
    AwaitSeen seen;
    EXPECT_EQ(coro.send(None).as_future(), future);
    seen.blocking = future->asyncio_future_blocking;
    seen.depth = coro.depth();
    meanwhile(*future);
    try {
        if (throw_in) coro.throw_(CancelledError());
        else coro.send(None);
    } catch (const StopIteration& stop) {
        seen.second = stop.value.str();
    } catch (const std::exception& e) {
        seen.second = exception_repr(std::current_exception());
    }
    return seen;
}

}  // namespace

// Untraced, `co_await future` makes no Future.__await__ frame: the awaiting frame yields the future
// itself. Everything a program can see is as with the frame (traced), but the frame.
TEST(FastPaths, AnUntracedAwaitOfAFutureDoesWhatItsAwaitFrameDoes) {
    auto set_result = [](Future& future) { future.set_result(Value("it")); };
    auto nothing = [](Future&) {};
    for (bool traced : {false, true}) {
        SCOPED_TRACE(traced);
        AwaitSeen result = drive(traced, set_result);
        EXPECT_TRUE(result.blocking);
        EXPECT_EQ(result.depth, traced ? 3u : 2u);  // one_level_up, awaits_future (and __await__)
        EXPECT_EQ(result.second, "got it");
        // Thrown in while it waits: out of the await, where the coroutine catches it.
        EXPECT_EQ(drive(traced, nothing, true).second, "cancelled");
        // Sent to again before the future is done: __await__'s own complaint.
        EXPECT_EQ(drive(traced, nothing).second, "RuntimeError(\"await wasn't used with future\")");
    }
}

#if !defined(__SANITIZE_ADDRESS__)
TEST(FastPaths, AFinishedFrameIsReusedByTheNextOfItsSize) {
    void* first = frame_pool::allocate(200);
    frame_pool::release(first, 200);
    void* second = frame_pool::allocate(220);  // the same class: 193 to 256 bytes
    EXPECT_EQ(first, second);
    frame_pool::release(second, 220);
    void* big = frame_pool::allocate(100000);  // past the largest class: malloc's
    frame_pool::release(big, 100000);
}
#endif

TEST(FastPaths, InlineFunctionCallsSmallAndLargeCallablesAndMovesThem) {
    int calls = 0;
    InlineFunction<void(), 48> small = [&calls] { ++calls; };
    std::array<long, 32> large_state{};
    large_state[31] = 7;
    InlineFunction<int(int), 48> large = [large_state](int x) { return x + static_cast<int>(large_state[31]); };
    small();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(large(1), 8);

    auto moved = std::move(small);
    EXPECT_FALSE(static_cast<bool>(small));
    moved();
    EXPECT_EQ(calls, 2);
    auto moved_large = std::move(large);
    EXPECT_EQ(moved_large(2), 9);

    InlineFunction<void(), 48> empty = std::function<void()>();
    EXPECT_FALSE(static_cast<bool>(empty));
    EXPECT_THROW(empty(), std::bad_function_call);
}

TEST(FastPaths, InlineFunctionReleasesWhatItHolds) {
    auto held = std::make_shared<int>(1);
    {
        InlineFunction<void(), 48> keeps = [held] {};
        EXPECT_EQ(held.use_count(), 2);
        keeps = nullptr;
        EXPECT_EQ(held.use_count(), 1);
    }
    std::array<std::shared_ptr<int>, 8> many;
    many.fill(held);
    {
        InlineFunction<void(), 48> on_heap = [many] {};
        EXPECT_EQ(held.use_count(), 17);
    }
    EXPECT_EQ(held.use_count(), 9);
}

TEST(FastPaths, ChunkedVectorIndexesAcrossChunksAndCopies) {
    cotrace::ChunkedVector<std::uint64_t, 4> numbers;  // chunks of 16, 32, 64, ...
    EXPECT_EQ(numbers.capacity(), 0u);
    numbers.push_back(7);
    EXPECT_EQ(numbers.capacity(), 16u);  // a short list takes a small chunk
    for (std::uint64_t i = 1; i < 1000; ++i) numbers.push_back(i * i);
    ASSERT_EQ(numbers.size(), 1000u);
    EXPECT_EQ(numbers.capacity(), 1008u);  // 16 + 32 + ... + 512
    EXPECT_EQ(numbers[0], 7u);
    for (std::uint64_t i = 1; i < 1000; ++i) ASSERT_EQ(numbers[i], i * i) << i;
    auto copy = numbers;
    copy[999] = 1;
    copy.push_back(5);  // the copy goes on where the original ended
    EXPECT_EQ(numbers[999], 999u * 999u);
    EXPECT_EQ(copy[999], 1u);
    EXPECT_EQ(copy.back(), 5u);
    EXPECT_EQ(copy.size(), 1001u);
    EXPECT_THROW(numbers.at(1000), std::out_of_range);
    numbers.reserve(2000);
    EXPECT_GE(numbers.capacity(), 2000u);
    EXPECT_EQ(numbers.size(), 1000u);
    numbers.shrink_to_fit();
    EXPECT_EQ(numbers.capacity(), 1008u);
    for (std::uint64_t i = 1000; i < 1100; ++i) numbers.push_back(i);  // into the chunk after the kept ones
    EXPECT_EQ(numbers[1099], 1099u);
    EXPECT_EQ(numbers[999], 999u * 999u);
    auto moved = std::move(numbers);
    moved.push_back(3);
    EXPECT_EQ(moved.size(), 1101u);
    EXPECT_EQ(moved.back(), 3u);
}

TEST(FastPaths, ChunkedVectorStopsDoublingAtItsLastChunkLength) {
    cotrace::ChunkedVector<std::uint32_t, 2, 4> numbers;  // chunks of 4, 8, then 16, 16, ...
    for (std::uint32_t i = 0; i < 12; ++i) numbers.push_back(i);
    EXPECT_EQ(numbers.capacity(), 12u);
    numbers.push_back(12);
    EXPECT_EQ(numbers.capacity(), 28u);
    for (std::uint32_t i = 13; i < 1000; ++i) numbers.push_back(i);
    EXPECT_EQ(numbers.capacity(), 12u + 16u * 62u);  // at most one chunk of room to spare
    for (std::uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(numbers[i], i) << i;
    auto copy = numbers;
    for (std::uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(copy[i], i) << i;
    copy.shrink_to_fit();
    EXPECT_EQ(copy.capacity(), numbers.capacity());
}

TEST(FastPaths, ATraceRecordedAfterAnotherIsTheSame) {
    // The second recording reuses the first one's chunks (chunk_pool): nothing of the first may show.
    auto record = [] {
        cotrace::Recorder recorder(cotrace::TraceMeta{"test", "", "", "virtual"});
        {
            cotrace::RecordingScope scope(recorder);
            run(sum_generator(2000));
        }
        return recorder.finish();
    };
    cotrace::Trace first = record();
    cotrace::Trace second = record();
    EXPECT_GT(first.events.size(), 16384u * 2);  // several chunks
    EXPECT_TRUE(first.events == second.events);
}
