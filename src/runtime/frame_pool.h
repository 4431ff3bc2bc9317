// Where coroutine frames live: a free list per size, kept by each thread, so that a frame made by
// `co_await child()` reuses the memory of the one that just finished instead of going to malloc.
// Every promise type takes its frame from here (PromiseBase::operator new), and so do the loop's
// Futures, Tasks and Handles (make_pooled): a Task costs a few of each.
//
// Sizes are rounded up to 64 bytes; frames over 2 KiB, and frames past what a list keeps, go to malloc.
// Under AddressSanitizer every frame goes to malloc, so that a use after free is still caught.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>

namespace asyncio::frame_pool {

inline constexpr std::size_t granule = 64;
inline constexpr std::size_t size_classes = 32;        // up to 2 KiB
inline constexpr std::size_t most_kept_per_class = 4096;

struct FreeBlock {
    FreeBlock* next;
};

// Trivially destructible, so that reaching it costs no guard; keeper() frees what it holds when the
// thread ends.
struct Lists {
    FreeBlock* head[size_classes];
    std::size_t count[size_classes];
    bool closed;  // the thread is ending: give everything back to malloc
};
inline thread_local Lists lists{};

void* allocate_slow(std::size_t size);
void release_slow(void* frame) noexcept;

inline std::size_t size_class(std::size_t size) { return (size + granule - 1) / granule - 1; }

inline void* allocate(std::size_t size) {
#if !defined(__SANITIZE_ADDRESS__)
    std::size_t c = size_class(size);
    if (c < size_classes && lists.head[c]) {
        FreeBlock* block = lists.head[c];
        lists.head[c] = block->next;
        --lists.count[c];
        return block;
    }
#endif
    return allocate_slow(size);
}

inline void release(void* frame, std::size_t size) noexcept {
#if !defined(__SANITIZE_ADDRESS__)
    std::size_t c = size_class(size);
    if (c < size_classes && lists.count[c] < most_kept_per_class && !lists.closed) {
        auto* block = static_cast<FreeBlock*>(frame);
        block->next = lists.head[c];
        lists.head[c] = block;
        ++lists.count[c];
        return;
    }
#else
    (void)size;
#endif
    release_slow(frame);
}

// An allocator on these lists, for std::allocate_shared.
template <class T>
struct Allocator {
    using value_type = T;
    Allocator() = default;
    template <class U>
    Allocator(const Allocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(frame_pool::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { frame_pool::release(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const Allocator<U>&) const { return true; }
};

}  // namespace asyncio::frame_pool

namespace asyncio {

// std::make_shared, with the object and its reference counts in one block from the frame pool.
template <class T, class... Args>
std::shared_ptr<T> make_pooled(Args&&... args) {
    return std::allocate_shared<T>(frame_pool::Allocator<T>{}, std::forward<Args>(args)...);
}

}  // namespace asyncio
