#include "background.h"

#include <chrono>
#include <thread>

namespace cotrace::ui {

namespace {

double seconds_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

BackgroundTask::BackgroundTask(std::string what, std::function<Outcome(Progress&)> work, bool stoppable)
    : what_(std::move(what)), stoppable_(stoppable), shared_(std::make_shared<Shared>()), started_(seconds_now()) {
    // Detached, holding the shared part: a cancelled load finishes unseen, after the window moved on.
    std::thread([shared = shared_, work = std::move(work)] {
        Outcome outcome;
        try {
            outcome = work(shared->progress);
        } catch (const std::exception& error) {
            outcome.error_title = "Could not open it";
            outcome.error = error.what();
        }
        std::lock_guard lock(shared->mutex);
        shared->outcome = std::move(outcome);
    }).detach();
}

BackgroundTask::~BackgroundTask() { cancel(); }

double BackgroundTask::seconds() const { return seconds_now() - started_; }

std::optional<Outcome> BackgroundTask::take() {
    std::lock_guard lock(shared_->mutex);
    return std::exchange(shared_->outcome, std::nullopt);
}

}  // namespace cotrace::ui
