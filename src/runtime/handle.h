// Handle and TimerHandle: Lib/asyncio/events.py. A callback waiting on the ready queue or the heap.
#pragma once

#include <cstdint>
#include <string>

#include "inline_function.h"

namespace asyncio {

// What the loop calls: any callable taking nothing, kept inside the handle when it is small (room for a
// future's done callback with the future, which is what set_result schedules).
using HandleCallback = InlineFunction<void(), 80>;

class Handle {
public:
    // Taken by reference, moved once: a callback is moved by an indirect call.
    Handle(HandleCallback&& callback, std::string&& name, bool is_timer);
    virtual ~Handle() = default;

    void cancel();
    bool cancelled() const { return cancelled_; }
    // Runs the callback; the loop calls this, nothing else does.
    void run();

    const std::string& name() const { return name_; }
    std::uint32_t trace_id() const { return trace_id_; }

private:
    HandleCallback callback_;
    std::string name_;
    bool cancelled_ = false;
    bool ran_ = false;
    std::uint32_t trace_id_ = 0;
};

class TimerHandle : public Handle {
public:
    TimerHandle(double when, std::uint64_t sequence, HandleCallback&& callback, std::string&& name)
        : Handle(std::move(callback), std::move(name), true), when(when), sequence(sequence) {}
    double when;
    std::uint64_t sequence;  // breaks ties between equal deadlines: first scheduled, first run
};

}  // namespace asyncio
