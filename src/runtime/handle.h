// Handle and TimerHandle: Lib/asyncio/events.py. A callback waiting on the ready queue or the heap.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace asyncio {

class Handle {
public:
    Handle(std::function<void()> callback, std::string name, bool is_timer);
    virtual ~Handle() = default;

    void cancel();
    bool cancelled() const { return cancelled_; }
    // Runs the callback; the loop calls this, nothing else does.
    void run();

    const std::string& name() const { return name_; }
    std::uint32_t trace_id() const { return trace_id_; }

private:
    std::function<void()> callback_;
    std::string name_;
    bool cancelled_ = false;
    bool ran_ = false;
    std::uint32_t trace_id_ = 0;
};

class TimerHandle : public Handle {
public:
    TimerHandle(double when, std::uint64_t sequence, std::function<void()> callback, std::string name)
        : Handle(std::move(callback), std::move(name), true), when(when), sequence(sequence) {}
    double when;
    std::uint64_t sequence;  // breaks ties between equal deadlines: first scheduled, first run
};

}  // namespace asyncio
