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

// A list of futures written in braces is made left to right, always: gather(FutureList{a(), b()}).
using FutureList = std::vector<std::shared_ptr<Future>>;

// gather(a, b, c). Python evaluates arguments left to right; C++ does not promise any order, so
// gather(Task::create(x()), Task::create(y())) could create y's task first and run it first. Two or more
// futures made in the call itself are refused; gather(FutureList{...}) or tasks made on lines of their own
// are the safe spellings. (gather({...}) is too, outside a coroutine: inside one GCC 12 refuses a braced
// list as a co_await's argument.)
template <typename... Futures>
    requires(sizeof...(Futures) > 0 && (std::is_convertible_v<Futures, std::shared_ptr<Future>> && ...))
std::shared_ptr<Future> gather(Futures&&... children) {
    constexpr int made_in_the_call = ((std::is_lvalue_reference_v<Futures> ? 0 : 1) + ...);
    static_assert(made_in_the_call < 2,
                  "gather(Task::create(a()), Task::create(b())): C++ may create these tasks in any order, so the step "
                  "log could differ from Python's. Write gather(FutureList{Task::create(a()), Task::create(b())}) (a braced "
                  "list is evaluated left to right), or create each task on a line of its own first.");
    return gather(std::vector<std::shared_ptr<Future>>{std::forward<Futures>(children)...});
}

}  // namespace asyncio
