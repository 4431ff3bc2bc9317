// InlineFunction<R(Args...), Capacity>: what std::function is to the loop's callbacks, without a heap
// allocation for each one. A callable that fits in Capacity bytes (a lambda holding a Task and an
// exception; a future's done callback and the future) lives inside the handle or the future that keeps
// it; a bigger one goes to the heap.
// Move-only: a handle runs its callback once, and a future hands each callback on exactly once.
#pragma once

#include <cstddef>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace asyncio {

template <class Signature, std::size_t Capacity = 48>
class InlineFunction;

template <class R, class... Args, std::size_t Capacity>
class InlineFunction<R(Args...), Capacity> {
public:
    static constexpr std::size_t capacity = Capacity;

    InlineFunction() = default;
    InlineFunction(std::nullptr_t) {}
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, InlineFunction> &&
                 std::is_invocable_r_v<R, std::decay_t<F>&, Args...>)
    InlineFunction(F&& f) {
        using Stored = std::decay_t<F>;  // a function becomes a pointer to it
        if constexpr (!std::is_function_v<std::remove_reference_t<F>> && requires { f == nullptr; }) {
            if (f == nullptr) return;  // an empty std::function or a null function pointer: empty, as std::function
        }
        if constexpr (fits<Stored>) {
            ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
            manage_ = &manage_inline<Stored>;
            invoke_ = [](void* storage, Args... args) -> R {
                return std::invoke(*std::launder(static_cast<Stored*>(storage)), std::forward<Args>(args)...);
            };
        } else {
            *reinterpret_cast<Stored**>(storage_) = new Stored(std::forward<F>(f));
            manage_ = &manage_heap<Stored>;
            invoke_ = [](void* storage, Args... args) -> R {
                return std::invoke(**static_cast<Stored**>(storage), std::forward<Args>(args)...);
            };
        }
    }
    InlineFunction(InlineFunction&& other) noexcept { take(other); }
    InlineFunction& operator=(InlineFunction&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    InlineFunction& operator=(std::nullptr_t) noexcept {
        reset();
        return *this;
    }
    ~InlineFunction() { reset(); }

    explicit operator bool() const { return invoke_ != nullptr; }
    R operator()(Args... args) const {
        if (!invoke_) throw std::bad_function_call();
        return invoke_(const_cast<unsigned char*>(storage_), std::forward<Args>(args)...);
    }

private:
    enum class Operation { move_to, destroy };
    using Manage = void (*)(Operation, void* from, void* to);
    using Invoke = R (*)(void*, Args...);

    template <class F>
    static constexpr bool fits = sizeof(F) <= capacity && alignof(F) <= alignof(std::max_align_t) &&
                                 std::is_nothrow_move_constructible_v<F>;

    template <class F>
    static void manage_inline(Operation operation, void* from, void* to) {
        F* f = std::launder(static_cast<F*>(from));
        if (operation == Operation::move_to) ::new (to) F(std::move(*f));
        f->~F();
    }
    template <class F>
    static void manage_heap(Operation operation, void* from, void* to) {
        F** f = static_cast<F**>(from);
        if (operation == Operation::move_to) *static_cast<F**>(to) = *f;
        else delete *f;
    }

    void take(InlineFunction& other) noexcept {
        if (!other.invoke_) return;
        other.manage_(Operation::move_to, other.storage_, storage_);
        manage_ = std::exchange(other.manage_, nullptr);
        invoke_ = std::exchange(other.invoke_, nullptr);
    }
    void reset() noexcept {
        if (!invoke_) return;
        manage_(Operation::destroy, storage_, nullptr);
        manage_ = nullptr;
        invoke_ = nullptr;
    }

    alignas(std::max_align_t) unsigned char storage_[capacity];
    Manage manage_ = nullptr;
    Invoke invoke_ = nullptr;
};

}  // namespace asyncio
