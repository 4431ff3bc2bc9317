// The floor: the least a chain of C++20 coroutines can cost. Heap frames (the default operator new),
// symmetric transfer from an awaiting frame to the awaited one and back, an int handed back through the
// promise, and no runtime at all: no Task, no loop, no trace, no Python semantics. seeds_benchmark
// measures the coroutine cases on it in the same run, as the column the runtime is held to.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>

namespace floor_chain {

template <typename T>
class Chain {
public:
    struct promise_type {
        T value{};
        std::coroutine_handle<> awaiting = std::noop_coroutine();

        Chain get_return_object() { return Chain(std::coroutine_handle<promise_type>::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }
        struct Final {
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> self) noexcept {
                return self.promise().awaiting;
            }
            void await_resume() noexcept {}
        };
        Final final_suspend() noexcept { return {}; }
        void return_value(T v) { value = v; }
        void unhandled_exception() { std::terminate(); }
    };

    explicit Chain(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
    Chain(Chain&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    ~Chain() {
        if (handle_) handle_.destroy();
    }

    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        handle_.promise().awaiting = awaiting;
        return handle_;
    }
    T await_resume() { return handle_.promise().value; }

    // Runs a chain from outside any coroutine, to its end.
    T run() {
        handle_.resume();
        return handle_.promise().value;
    }

private:
    std::coroutine_handle<promise_type> handle_;
};

}  // namespace floor_chain
