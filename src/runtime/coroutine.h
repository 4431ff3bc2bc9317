// Coroutine<T>: the C++ counterpart of a Python coroutine object.
//
// Calling a coroutine function runs nothing (initial_suspend is suspend_always) and returns a
// Coroutine that whoever holds it drives with send(), throw_() and close(), as in Python.
// `co_await other_coroutine` runs the other one inline, in the same send(); only `co_await yield_(v)`
// at the end of an await chain hands a value back to the caller of send(), passing up through every
// frame on the chain, exactly like `yield` inside `__await__`.
//
// A chain is driven by a trampoline (Chain + CoroutineBase::resume), never by deeply nested resume()
// calls, so a chain 10,000 frames deep runs on a flat C++ stack, and the recorder sees every hand-over.
// While nothing is recording, frames hand control straight to each other instead (symmetric transfer:
// an await resumes the awaited frame, a return resumes the awaiting one); the trampoline takes over again
// when 64 KiB of stack is used, so the stack stays flat even where GCC does not make them tail calls.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../trace/recorder.h"
#include "exceptions.h"
#include "frame_pool.h"
#include "value.h"

namespace asyncio {

class Chain;
class Future;

// What came out of one send() or throw(): a yielded value, a return (StopIteration), or an exception.
struct Outcome {
    enum class Kind { yielded, returned, raised };
    Kind kind = Kind::returned;
    Value value;
    std::exception_ptr exception;
};

// What every coroutine frame knows about itself, whatever it returns.
class FrameBase {
public:
    // `kind` is "coroutine" or "generator", as Python names the object the call made.
    FrameBase(std::source_location defined_at, const char* kind) : where(defined_at) {
        if (auto* recorder = cotrace::Recorder::active()) report_created(*recorder, defined_at, kind);
    }
    virtual ~FrameBase() = default;
    // Awaited, and run at once, off the links (see Chain::catch_up): it returns to `awaiting`.
    void start_awaited(Chain* on, std::coroutine_handle<> awaiting_handle, FrameBase* awaiting_on) {
        chain = on;
        awaiting = awaiting_handle;
        awaiting_frame = awaiting_on;
        started = true;
    }
    virtual Value result_value() const = 0;

    Chain* chain = nullptr;
    std::coroutine_handle<> awaiting;    // the frame to resume when this one returns
    FrameBase* awaiting_frame = nullptr;  // and its FrameBase (Chain::catch_up walks these)
    std::exception_ptr exception;  // what the body raised, if it did
    std::uint32_t trace_id = 0;
    cotrace::InternId defined_place = 0;  // where its function begins, as the recorder that made trace_id keeps it
    cotrace::SourcePlace where;    // the line the frame is at now, for the trace (copied: see SourcePlace)
    bool started = false;
    bool finished = false;
    bool in_links = false;  // on its chain's links (see Chain::catch_up)

    // The events of a hand-over, the same whether the trampoline or the frames themselves make it:
    // this frame awaits `child`, which enters; this frame returns (or raises).
    void report_await(cotrace::Recorder& recorder, const FrameBase& child, bool resuming = false) const;
    void report_return(cotrace::Recorder& recorder) const;
    // final_suspend off the untraced direct path: recording, the frame reports its return and hands
    // control back itself; otherwise (or if reporting threw) the trampoline takes over, and reports.
    std::coroutine_handle<> finish_elsewhere(std::coroutine_handle<> self) noexcept;

private:
    void report_created(cotrace::Recorder& recorder, std::source_location defined_at, const char* kind);
};

// The frames of one await chain, outermost first, and what passes between them and their driver.
class Chain {
public:
    struct Link {
        std::coroutine_handle<> handle;
        FrameBase* frame;
    };
    // yielded: the innermost frame yielded to the driver. pushed: a frame awaits a new one. finished: the
    // innermost frame returned or raised. handed_back: an async generator's co_yield gave a value to the
    // frame that awaited next(), and stays suspended for the next one.
    enum class Signal { none, yielded, pushed, finished, handed_back };

    // `awaiting`: the frame to resume when this one returns (none for the outermost).
    void push(std::coroutine_handle<> handle, FrameBase* frame, std::coroutine_handle<> awaiting = {},
              FrameBase* awaiting_frame = nullptr) {
        frame->chain = this;
        frame->awaiting = awaiting;
        frame->awaiting_frame = awaiting_frame;
        links.push_back({handle, frame});
        frame->in_links = true;
        signal = Signal::pushed;
    }
    void pop() {
        links.back().frame->in_links = false;
        links.pop_back();
    }

    // Untraced, an awaited frame and then the awaiting one run at once (symmetric transfer), and the
    // links are not touched: a frame knows the one that awaits it, and that is enough until control
    // goes back to the trampoline. Before it does (a yield, or when the stack runs low), catch_up(the
    // innermost frame's handle, its FrameBase) puts the frames missing from the links back, from their
    // awaiting pointers. What the links hold is exact whenever the trampoline acts.
    void catch_up(std::coroutine_handle<> handle, FrameBase* innermost);

    // Where GCC makes symmetric transfer a tail call (-O2 and up) a hand-over is a jump and the stack
    // stays where the trampoline left it; where it does not (below -O2, under ASan) each hand-over takes
    // stack, and once this much is used control goes back to the trampoline. (A count of hand-overs
    // would do too, but counting writes memory on every one, and the next waits on that write.)
    static constexpr std::uintptr_t stack_room = 64 * 1024;
    bool has_stack_room() const { return stack_position() > stack_floor; }
    // ChildAwaiter off the untraced direct path: recording, the awaiting frame reports the await and
    // hands control to the child itself; with the stack low, the trampoline runs the child (and reports).
    std::coroutine_handle<> hand_to_child(std::coroutine_handle<> awaiting, FrameBase* awaiting_frame,
                                          std::coroutine_handle<> child_handle, FrameBase* child);
    // Where the stack is now: a local's address (__builtin_frame_address would make every frame keep a
    // frame pointer), except under ASan, which may put locals on a "fake stack" on the heap.
    [[gnu::always_inline]] static std::uintptr_t stack_position() {
#if defined(__SANITIZE_ADDRESS__)
        return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
#else
        char here;
        return reinterpret_cast<std::uintptr_t>(&here);
#endif
    }

    // A Task makes a chain for each coroutine it drives: a finished one goes back to a per-thread
    // free list (its links keep their room) for the next.
    struct Recycle {
        void operator()(Chain* chain) const noexcept;
    };
    using Owner = std::unique_ptr<Chain, Recycle>;
    static Owner make();

    std::vector<Link> links;
    Signal signal = Signal::none;
    bool direct = false;          // nothing is recording: frames hand control to each other
    // Recording: what the frames report their hand-overs to. They still hand control to each other, on a
    // path of its own, so that the untraced one stays as short as it was.
    cotrace::Recorder* recorder = nullptr;
    std::uintptr_t stack_floor = 0;  // set by the trampoline: stack_room below its own frame
    Value yielded;                // what the innermost frame yielded
    Value sent;                   // what the driver sends in
    std::exception_ptr thrown;    // what the driver throws in
};

// `co_await yield_(v)`: the one primitive that reaches the driver. It yields v to whoever called
// send() and evaluates to the value sent next (or raises what is thrown in).
struct YieldRequest {
    explicit YieldRequest(Value v) : value(std::move(v)) {}
    Value value;
};
inline YieldRequest yield_(Value v = None) { return YieldRequest(std::move(v)); }

class YieldAwaiter {
public:
    // The value goes straight to the chain: nothing reads chain->yielded until this frame suspends.
    YieldAwaiter(Chain* chain, FrameBase* frame, Value&& value) : chain_(chain), frame_(frame) {
        chain_->yielded = std::move(value);
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> self) {
        chain_->catch_up(self, frame_);
        chain_->signal = Chain::Signal::yielded;
    }
    Value await_resume() {
        if (chain_->thrown) std::rethrow_exception(std::exchange(chain_->thrown, nullptr));
        return std::move(chain_->sent);  // the driver's next send replaces what is left
    }

private:
    Chain* chain_;
    FrameBase* frame_;  // the one yielding
};

// The owner of a coroutine frame, type-erased: what a Task or a program driving by hand holds.
class CoroutineBase {
public:
    CoroutineBase() = default;
    CoroutineBase(std::coroutine_handle<> handle, FrameBase* frame) : handle_(handle), frame_(frame) {}
    CoroutineBase(CoroutineBase&& other) noexcept
        : handle_(std::exchange(other.handle_, nullptr)),
          frame_(std::exchange(other.frame_, nullptr)),
          chain_(std::move(other.chain_)) {}
    CoroutineBase& operator=(CoroutineBase&& other) noexcept {
        if (this != &other) {
            destroy();
            handle_ = std::exchange(other.handle_, nullptr);
            frame_ = std::exchange(other.frame_, nullptr);
            chain_ = std::move(other.chain_);
        }
        return *this;
    }
    CoroutineBase(const CoroutineBase&) = delete;
    CoroutineBase& operator=(const CoroutineBase&) = delete;
    ~CoroutineBase() { destroy(); }

    // Python's coro.send(value): the yielded value, or StopIteration carrying the return value.
    Value send(Value value, std::source_location where = std::source_location::current());
    // Python's coro.throw(exc).
    template <typename E>
    Value throw_(E exception, std::source_location where = std::source_location::current()) {
        return throw_exception(std::make_exception_ptr(std::move(exception)), where);
    }
    Value throw_exception(std::exception_ptr exception, std::source_location where);
    // Python's coro.close(): GeneratorExit thrown in; yielding again is a RuntimeError.
    void close(std::source_location where = std::source_location::current());

    // The trampoline itself, without turning the outcome into Python's exceptions.
    // `task` is the trace id of the Task driving it (0: driven by hand).
    Outcome resume(Value sent, std::exception_ptr thrown, std::uint32_t task = 0,
                   std::source_location where = {});

    bool started() const { return frame_ && frame_->started; }
    bool done() const { return !frame_ || frame_->finished; }
    std::uint32_t trace_id() const { return frame_ ? frame_->trace_id : 0; }
    // The frames suspended on the chain, outermost first (for tracing and tests). Untraced, an awaited
    // future has no __await__ frame among them (FutureAwaiter).
    size_t depth() const;

protected:
    void destroy() {
        // Destroying the outermost frame destroys the awaiters in it, and with them every inner frame.
        if (handle_) handle_.destroy();
        handle_ = nullptr;
        frame_ = nullptr;
        chain_.reset();
    }

    std::coroutine_handle<> handle_;
    FrameBase* frame_ = nullptr;
    Chain::Owner chain_;
};

template <typename T>
class Promise;

template <typename T = void>
class [[nodiscard]] Coroutine : public CoroutineBase {
public:
    using promise_type = Promise<T>;
    using result_type = T;
    using CoroutineBase::CoroutineBase;

    // The return value, once the frame has finished (for the frame that awaited it).
    T take_result() {
        auto& promise = std::coroutine_handle<promise_type>::from_address(handle_.address()).promise();
        if (promise.exception) std::rethrow_exception(promise.exception);
        if constexpr (!std::is_void_v<T>) return std::move(*promise.value);
    }
    FrameBase* frame() const { return frame_; }
    std::coroutine_handle<> handle() const { return handle_; }
};

// `co_await child`: pushes the child on the chain; the trampoline runs it and, when it finishes,
// resumes the awaiting frame, whose await_resume() takes the child's result or exception.
template <typename T>
class ChildAwaiter {
public:
    ChildAwaiter(Coroutine<T> child, Chain* chain, FrameBase* awaiting_frame)
        : child_(std::move(child)), chain_(chain), awaiting_frame_(awaiting_frame) {}
    // A coroutine that already ran cannot be awaited again (Python raises the same RuntimeError).
    bool await_ready() const { return child_.started() || child_.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) {
        Chain* chain = chain_;
        FrameBase* child = child_.frame();
        if (chain->direct && chain->has_stack_room()) {  // untraced: run it now, off the links
            child->start_awaited(chain, awaiting, awaiting_frame_);
            return child_.handle();
        }
        return chain->hand_to_child(awaiting, awaiting_frame_, child_.handle(), child);
    }
    T await_resume() {
        if (!child_.frame() || !child_.frame()->finished || reused())
            throw RuntimeError("cannot reuse already awaited coroutine");
        return child_.take_result();
    }

private:
    bool reused() const { return child_.frame()->chain != chain_; }
    Coroutine<T> child_;
    Chain* chain_;
    FrameBase* awaiting_frame_;
};

// `co_await future` (a Future or a Task): Python's Future.__await__. Recording, it is the generator
// future.cpp shows (Future::await_), a frame on the chain like any other, which the trace shows.
// Untraced, no frame is made: the awaiting frame does what __await__ does (yields the future to its Task
// unless it is done, then takes the result), which saves making and running a frame for every await of
// a Task. The members are in future.h, where a Future is known.
class FutureAwaiter {
public:
    FutureAwaiter(const std::shared_ptr<Future>& future, Chain* chain, FrameBase* awaiting_frame);
    bool await_ready();
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting);
    Value await_resume();

private:
    std::shared_ptr<Future> future_;  // untraced
    Chain* chain_;
    FrameBase* awaiting_frame_;
    bool yielded_ = false;                      // untraced: the future went to the Task
    std::optional<ChildAwaiter<Value>> traced_;  // recording: the __await__ frame, as a child
};

// Frame names come from the promise constructor's source_location: inside the body,
// function_name() would name GCC's actor function instead.
std::string frame_name_from_function(const char* function_name);

template <typename T>
class PromiseBase : public FrameBase {
public:
    explicit PromiseBase(std::source_location defined_at, const char* kind = "coroutine")
        : FrameBase(defined_at, kind) {}

    std::suspend_always initial_suspend() noexcept { return {}; }

    static void* operator new(std::size_t size) { return frame_pool::allocate(size); }
    static void operator delete(void* frame, std::size_t size) noexcept { frame_pool::release(frame, size); }

    struct FinalAwaiter {
        explicit FinalAwaiter(FrameBase* frame) : frame_(frame) {}
        bool await_ready() const noexcept { return false; }
        // The awaiting frame takes the result (or the exception) in its await_resume.
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> self) noexcept {
            frame_->finished = true;
            Chain* chain = frame_->chain;
            if (!chain->direct || !frame_->awaiting || !chain->has_stack_room()) return frame_->finish_elsewhere(self);
            if (frame_->in_links) chain->pop();
            return frame_->awaiting;  // the awaiting frame, as its awaiter kept it
        }
        void await_resume() const noexcept {}
        FrameBase* frame_;
    };
    FinalAwaiter final_suspend() noexcept { return FinalAwaiter(this); }
    void unhandled_exception() { exception = std::current_exception(); }

    YieldAwaiter await_transform(YieldRequest request,
                                 std::source_location at = std::source_location::current()) {
        where = at;
        return YieldAwaiter(chain, this, std::move(request.value));
    }

    template <typename U>
    ChildAwaiter<U> await_transform(Coroutine<U>&& child,
                                    std::source_location at = std::source_location::current()) {
        where = at;
        return ChildAwaiter<U>(std::move(child), chain, this);
    }

    // Awaiting a Future or a Task is Future.__await__: a generator that may yield the future itself.
    template <typename F>
        requires std::is_base_of_v<Future, F>
    FutureAwaiter await_transform(const std::shared_ptr<F>& future,
                                  std::source_location at = std::source_location::current()) {
        where = at;
        return FutureAwaiter(future, chain, this);
    }

    // An awaitable the runtime builds itself (AsyncGenerator::Next): found by make_awaiter(x, chain).
    template <typename A>
        requires requires(A a, Chain* c, FrameBase* f) { make_awaiter(a, c, f); }
    auto await_transform(A awaitable, std::source_location at = std::source_location::current()) {
        where = at;
        return make_awaiter(awaitable, chain, this);
    }

    // Any class with an await_() member (Python's __await__) is awaitable, like Rock. A temporary
    // (`co_await YieldToEventLoop()`) lives until the await is over, as Python keeps it alive.
    template <typename A>
        requires requires(A&& a) { a.await_(); }
    auto await_transform(A&& awaitable, std::source_location at = std::source_location::current()) {
        where = at;
        using Result = decltype(awaitable.await_());
        return ChildAwaiter<typename Result::result_type>(awaitable.await_(), chain, this);
    }
};

template <typename T>
class Promise : public PromiseBase<T> {
public:
    explicit Promise(std::source_location defined_at = std::source_location::current(),
                     const char* kind = "coroutine")
        : PromiseBase<T>(defined_at, kind) {}
    Coroutine<T> get_return_object();
    template <typename V>
        requires std::is_convertible_v<V, T>
    void return_value(V&& v, std::source_location at = std::source_location::current()) {
        this->where = at;
        value.emplace(std::forward<V>(v));
    }
    Value result_value() const override {
        if constexpr (std::is_constructible_v<Value, T>) return value ? Value(*value) : Value{};
        else return Value{};
    }
    std::optional<T> value;
};

template <>
class Promise<void> : public PromiseBase<void> {
public:
    explicit Promise(std::source_location defined_at = std::source_location::current(),
                     const char* kind = "coroutine")
        : PromiseBase<void>(defined_at, kind) {}
    Coroutine<void> get_return_object();
    // No source_location here: for a coroutine that falls off its end, GCC 12 evaluates the default
    // argument against storage that is already gone. The frame keeps the line of its last await.
    void return_void() {}
    Value result_value() const override { return Value{}; }
};

// Generator<R>: a plain Python generator. `co_yield v` pauses it, hands v to whoever called next() or
// send(), and evaluates to the value sent in; `co_return r` ends it with StopIteration(r).
template <typename R = void>
class Generator;

template <typename R>
class GeneratorPromise : public Promise<R> {
public:
    explicit GeneratorPromise(std::source_location defined_at = std::source_location::current())
        : Promise<R>(defined_at, "generator") {}
    Generator<R> get_return_object();
    YieldAwaiter yield_value(Value value, std::source_location at = std::source_location::current()) {
        this->where = at;
        return YieldAwaiter(this->chain, this, std::move(value));
    }
};

template <typename R>
class [[nodiscard]] Generator : public CoroutineBase {
public:
    using promise_type = GeneratorPromise<R>;
    using CoroutineBase::CoroutineBase;
};

template <typename R>
Generator<R> GeneratorPromise<R>::get_return_object() {
    return Generator<R>(std::coroutine_handle<GeneratorPromise<R>>::from_promise(*this), this);
}

// Python's next(g): g.send(None).
template <typename R>
Value next(Generator<R>& generator, std::source_location where = std::source_location::current()) {
    return generator.send(None, where);
}

template <typename T>
Coroutine<T> Promise<T>::get_return_object() {
    return Coroutine<T>(std::coroutine_handle<Promise<T>>::from_promise(*this), this);
}
inline Coroutine<void> Promise<void>::get_return_object() {
    return Coroutine<void>(std::coroutine_handle<Promise<void>>::from_promise(*this), this);
}

}  // namespace asyncio
