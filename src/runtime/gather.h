// asyncio.gather (Lib/asyncio/tasks.py, 3.11): one outer future that completes when every child has.
#pragma once

#include <memory>
#include <source_location>
#include <vector>

#include "future.h"

namespace asyncio {

class GatheringFuture : public Future {
public:
    GatheringFuture(std::vector<std::shared_ptr<Future>> children, EventLoop& loop);
    // Cancelling the outer future cancels every child still running.
    bool cancel(std::string message = {}, std::source_location where = std::source_location::current()) override;
    bool cancel_requested() const { return cancel_requested_; }

private:
    std::vector<std::shared_ptr<Future>> children_;
    bool cancel_requested_ = false;
};

// Each child gets gather's done callback (one already done gets it scheduled at once); the outer
// future's result is the list of the children's results, in the order given.
std::shared_ptr<Future> gather(std::vector<std::shared_ptr<Future>> children, bool return_exceptions = false);

template <typename... Futures>
std::shared_ptr<Future> gather(const std::shared_ptr<Futures>&... children) {
    return gather(std::vector<std::shared_ptr<Future>>{children...});
}

}  // namespace asyncio
