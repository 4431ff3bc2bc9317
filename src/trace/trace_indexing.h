// Checking a parsed trace: the objects and files that events name, and the consistency of the events,
// replayed. A loader can hand the events to an IndexingThread, which checks and indexes them while the
// parser goes on.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "trace.h"

namespace cotrace {

// A problem with a trace that parsed: where (a JSON path) and what.
struct Problem {
    std::string place, problem;
};

// The objects' references: owners that exist, places in files the trace has.
std::optional<Problem> object_problems(const Trace& trace, size_t files);
// Event i's references: the objects it names exist and are of the right kind; its place is in a file.
std::optional<Problem> event_problem(const Trace& trace, size_t i, const Event& event, size_t files);
// What TraceIndexer found about event i, as a Problem at that event's path.
Problem index_problem(size_t i, const Trace& trace, const std::string& problem);

// Checks and indexes the events as the parser hands them over, on a thread of its own: the parser goes
// on meanwhile, so loading costs little more than parsing. Used when the objects come before the
// events in the file (as cotrace writes them).
class IndexingThread {
public:
    struct Arrived {
        Event event;
        std::string text;  // the event's own copy: the parser reuses its buffers
    };
    static constexpr size_t batch_size = 4096;

    IndexingThread(Trace& trace, size_t files);
    ~IndexingThread();
    IndexingThread(const IndexingThread&) = delete;
    IndexingThread& operator=(const IndexingThread&) = delete;

    // Hands a batch over; waits while the thread is far behind. Returns false once the thread found a problem.
    bool push(std::vector<Arrived>&& batch);
    // After the last batch: waits for the thread, and gives its first problem, if any.
    std::optional<Problem> finish();

private:
    void close();
    void run();

    Trace& trace_;
    size_t files_;
    TraceIndexer indexer_;
    std::mutex mutex_;
    std::condition_variable arrived_, room_;
    std::deque<std::vector<Arrived>> batches_;
    bool closed_ = false;
    std::optional<Problem> problem_;
    std::thread thread_;
};

}  // namespace cotrace
