// AsyncGenerator<T>: Python's async generator (PEP 525). Inside, `co_yield v` hands v to whoever awaits
// next() and pauses there; the body may co_await anything meanwhile. Outside, `async for x in gen` is
//
//     while (auto x = co_await gen.next()) { ... *x ... }
//
// next() gives std::nullopt when the generator returns (Python's StopAsyncIteration).
#pragma once

#include <optional>

#include "coroutine.h"

namespace asyncio {

template <typename T>
class AsyncGenerator;

// What gen.next() returns: awaiting it runs the generator to its next co_yield.
template <typename T>
class AsyncNext {
public:
    explicit AsyncNext(AsyncGenerator<T>* generator) : generator_(generator) {}
    AsyncGenerator<T>* generator() const { return generator_; }

private:
    AsyncGenerator<T>* generator_;
};

template <typename T>
class AsyncGeneratorPromise : public PromiseBase<void> {
public:
    explicit AsyncGeneratorPromise(std::source_location defined_at = std::source_location::current())
        : PromiseBase<void>(defined_at, "async generator") {}
    AsyncGenerator<T> get_return_object();
    // No source_location here: for a coroutine that falls off its end, GCC 12 evaluates the default
    // argument against storage that is already gone. The frame keeps the line of its last await.
    void return_void() {}
    Value result_value() const override { return Value{}; }

    class HandBack {
    public:
        explicit HandBack(AsyncGeneratorPromise* promise) : promise_(promise) {}
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) {
            if constexpr (std::is_constructible_v<Value, const T&>) promise_->chain->yielded = Value(*promise_->current);
            promise_->chain->signal = Chain::Signal::handed_back;
        }
        void await_resume() {
            if (promise_->chain->thrown) std::rethrow_exception(std::exchange(promise_->chain->thrown, nullptr));
        }

    private:
        AsyncGeneratorPromise* promise_;
    };

    template <typename V>
        requires std::is_convertible_v<V, T>
    HandBack yield_value(V&& value, std::source_location at = std::source_location::current()) {
        where = at;
        current.emplace(std::forward<V>(value));
        return HandBack(this);
    }

    std::optional<T> current;  // the value handed back, until next() takes it
};

template <typename T>
class [[nodiscard]] AsyncGenerator : public CoroutineBase {
public:
    using promise_type = AsyncGeneratorPromise<T>;
    using CoroutineBase::CoroutineBase;

    // `co_await gen.next()`: runs the generator, inline, to its next co_yield (or its end).
    AsyncNext<T> next() { return AsyncNext<T>(this); }

    promise_type& promise() const {
        return std::coroutine_handle<promise_type>::from_address(handle_.address()).promise();
    }
    std::coroutine_handle<> handle() const { return handle_; }
};

template <typename T>
AsyncGenerator<T> AsyncGeneratorPromise<T>::get_return_object() {
    return AsyncGenerator<T>(std::coroutine_handle<AsyncGeneratorPromise<T>>::from_promise(*this), this);
}

// What awaiting next() does: push the generator's frame on the awaiting chain, let the trampoline run
// it, and take the value it hands back (or learn that it finished, or rethrow what it raised).
template <typename T>
class NextAwaiter {
public:
    NextAwaiter(AsyncNext<T> next, Chain* chain, FrameBase* awaiting_frame)
        : generator_(next.generator()), chain_(chain), awaiting_frame_(awaiting_frame) {}
    bool await_ready() const { return generator_->done(); }
    void await_suspend(std::coroutine_handle<> awaiting) {
        chain_->catch_up(awaiting, awaiting_frame_);
        chain_->push(generator_->handle(), &generator_->promise(), awaiting, awaiting_frame_);
    }
    std::optional<T> await_resume() {
        auto& promise = generator_->promise();
        if (promise.exception) std::rethrow_exception(std::exchange(promise.exception, nullptr));
        if (generator_->done()) return std::nullopt;
        return std::exchange(promise.current, std::nullopt);
    }

private:
    AsyncGenerator<T>* generator_;
    Chain* chain_;
    FrameBase* awaiting_frame_;
};

template <typename T>
NextAwaiter<T> make_awaiter(AsyncNext<T> next, Chain* chain, FrameBase* awaiting_frame) {
    return NextAwaiter<T>(next, chain, awaiting_frame);
}

}  // namespace asyncio
