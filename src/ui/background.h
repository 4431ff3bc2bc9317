// Work the window must not wait for: loading a large trace, recording a Python program. It runs on a
// thread of its own while the window goes on drawing a progress dialog; Cancel asks it to stop (a
// recording is killed) or, for a load that cannot be interrupted, lets it finish unseen.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "trace/trace.h"

namespace cotrace::ui {

// What the work reports, and what the window asks of it.
struct Progress {
    std::atomic<size_t> events{0};       // recorded so far (0 when unknown)
    std::atomic<bool> cancelled{false};  // the learner pressed Cancel: nothing comes of the work
    std::atomic<bool> stopped{false};    // the learner stopped a recording: the trace so far comes back
};

// A trace, or why there is none (an error message, as the error dialog shows it); or, for work that makes
// no trace (an export), what was done.
struct Outcome {
    std::optional<Trace> trace;
    std::string error_title, error;
    std::string done;  // "Exported triple_main.html"
};

class BackgroundTask {
public:
    // Starts `work` on a thread. `what` says what it is doing ("Recording my_program.py"). Work that can
    // stop early and still give what it has (a recording) is `stoppable`.
    BackgroundTask(std::string what, std::function<Outcome(Progress&)> work, bool stoppable = false);
    ~BackgroundTask();
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    const std::string& what() const { return what_; }
    size_t events() const { return shared_->progress.events.load(); }
    double seconds() const;
    void cancel() { shared_->progress.cancelled = true; }
    bool cancelled() const { return shared_->progress.cancelled; }
    bool stoppable() const { return stoppable_; }
    void stop() { shared_->progress.stopped = true; }
    bool stopped() const { return shared_->progress.stopped; }
    // The outcome, once the work is done (taken once).
    std::optional<Outcome> take();

private:
    struct Shared {
        Progress progress;
        std::mutex mutex;
        std::optional<Outcome> outcome;
    };
    std::string what_;
    bool stoppable_;
    std::shared_ptr<Shared> shared_;
    double started_;
};

}  // namespace cotrace::ui
