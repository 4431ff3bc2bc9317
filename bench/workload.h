// A generated program at scale, for the benchmarks and for the tests that need big traces: `tasks` tasks,
// each going round `rounds` times. Most rounds yield to the loop (asyncio.sleep(0)); every fifth sleeps
// on a timer and every seventh waits for a future that a timer completes, so that the trace holds
// timers, futures and done callbacks as well as plain steps.
#pragma once

#include <memory>
#include <vector>

#include "runtime/asyncio.h"
#include "trace/recorder.h"

namespace workload {

inline asyncio::Coroutine<> worker(int rounds) {
    for (int i = 0; i < rounds; ++i) {
        if (i % 7 == 6) {
            auto future = asyncio::Future::create();
            auto complete = [future, i] { future->set_result(asyncio::Value(i)); };
            asyncio::get_running_loop().call_later(0.002, complete, "set_result");
            co_await future;
        } else {
            co_await asyncio::sleep(i % 5 == 4 ? 0.001 : 0);
        }
    }
}

inline asyncio::Coroutine<> main_coroutine(int tasks, int rounds) {
    std::vector<std::shared_ptr<asyncio::Future>> all;
    for (int i = 0; i < tasks; ++i) all.push_back(asyncio::Task::create(worker(rounds)));
    co_await asyncio::gather(all);
}

// About 21 events a round of each task.
inline int rounds_for(size_t events, int tasks) { return static_cast<int>(events / static_cast<size_t>(tasks) / 21) + 1; }

inline cotrace::Trace record(int tasks, int rounds) {
    cotrace::Recorder recorder(cotrace::TraceMeta{"generated workload", "", "", "virtual"});
    {
        cotrace::RecordingScope scope(recorder);
        asyncio::EventLoop loop;
        loop.run_until_complete(asyncio::Task::create(main_coroutine(tasks, rounds), "main", &loop));
    }
    return recorder.finish();
}

}  // namespace workload
