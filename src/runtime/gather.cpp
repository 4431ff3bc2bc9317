#include "gather.h"

#include "event_loop.h"
#include "tracing.h"

namespace asyncio {

GatheringFuture::GatheringFuture(std::vector<std::shared_ptr<Future>> children, EventLoop& loop)
    : Future(loop, static_cast<int>(cotrace::ObjectKind::gathering), {}, tracing::internal),
      children_(std::move(children)) {}

bool GatheringFuture::cancel(std::string message, std::source_location) {
    if (done()) return false;
    bool cancelled = false;
    for (auto& child : children_)
        if (child->cancel(message, tracing::internal)) cancelled = true;
    // The outer future is cancelled when the children's cancellation reaches it.
    if (cancelled) cancel_requested_ = true;
    return cancelled;
}

namespace {

// What _done_callback shares with gather(): Python's closure variables.
struct Gathering {
    std::vector<std::shared_ptr<Future>> children;
    std::shared_ptr<GatheringFuture> outer;
    size_t unique = 0;  // distinct children
    size_t finished = 0;
    bool return_exceptions = false;
};

void done_callback(Gathering& g, const std::shared_ptr<Future>& child) {
    ++g.finished;
    if (!g.outer || g.outer->done()) return;
    if (!g.return_exceptions) {
        if (child->cancelled()) {
            g.outer->set_exception(std::make_exception_ptr(CancelledError()), tracing::internal);
            return;
        }
        if (auto exception = child->exception()) {
            g.outer->set_exception(exception, tracing::internal);
            return;
        }
    }
    if (g.finished < g.unique) return;
    List results;
    for (const auto& each : g.children) {
        if (each->cancelled()) results.emplace_back(std::make_exception_ptr(CancelledError()));
        else if (auto exception = each->exception()) results.emplace_back(exception);
        else results.push_back(each->result());
    }
    if (g.outer->cancel_requested())
        g.outer->set_exception(std::make_exception_ptr(CancelledError()), tracing::internal);
    else
        g.outer->set_result(std::move(results), tracing::internal);
}

}  // namespace

std::shared_ptr<Future> gather(std::vector<std::shared_ptr<Future>> children, bool return_exceptions) {
    if (children.empty()) {
        auto outer = get_running_loop().create_future(tracing::internal);
        outer->set_result(List{}, tracing::internal);
        return outer;
    }
    auto g = std::make_shared<Gathering>();
    g->return_exceptions = return_exceptions;
    for (auto& child : children) {
        // The same future twice is one child with two places in the result.
        bool seen = false;
        for (const auto& earlier : g->children) seen = seen || earlier == child;
        if (!seen) {
            ++g->unique;
            child->add_done_callback([g](const std::shared_ptr<Future>& done) { done_callback(*g, done); },
                                     "gather.done_callback", tracing::internal);
        }
        g->children.push_back(child);
    }
    g->outer = std::make_shared<GatheringFuture>(g->children, g->children.front()->get_loop());
    // The outer future and the callbacks hold each other until every child is done, as in Python.
    return g->outer;
}

}  // namespace asyncio
