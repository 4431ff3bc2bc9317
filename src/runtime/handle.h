// Handle and TimerHandle: Lib/asyncio/events.py. A callback waiting on the ready queue or the heap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "inline_function.h"

namespace asyncio {

// What the loop calls: any callable taking nothing, kept inside the handle when it is small (room for a
// future's done callback with the future, which is what set_result schedules).
using HandleCallback = InlineFunction<void(), 80>;

class Handle {
public:
    // Any callable, built in place (see EventLoop::call_soon): each move of a callback is an indirect
    // call. While recording, the trace keeps the name (Recorder::name gives it) and the handle does not:
    // copying "Task-1234.wakeup" was a malloc and a free for each Task.
    template <class F>
    Handle(F&& callback, std::string_view name, bool is_timer) : callback_(std::forward<F>(callback)) {
        identify(name, is_timer);
    }
    virtual ~Handle() = default;

    void cancel();
    bool cancelled() const { return cancelled_; }
    // Runs the callback; the loop calls this, nothing else does.
    void run();

    // Empty while recording (see the constructor).
    const std::string& name() const { return name_; }
    std::uint32_t trace_id() const { return trace_id_; }

private:
    // Gives the handle its name, or its id in the trace.
    void identify(std::string_view name, bool is_timer);
    HandleCallback callback_;
    std::string name_;
    bool cancelled_ = false;
    bool ran_ = false;
    std::uint32_t trace_id_ = 0;
};

class TimerHandle : public Handle {
public:
    TimerHandle(double when, std::uint64_t sequence, HandleCallback&& callback, std::string_view name)
        : Handle(std::move(callback), name, true), when(when), sequence(sequence) {}
    double when;
    std::uint64_t sequence;  // breaks ties between equal deadlines: first scheduled, first run
};

}  // namespace asyncio
