#include "frame_pool.h"

namespace asyncio::frame_pool {

namespace {

// Made on a thread's first trip to malloc for a frame; gives the kept frames back when the thread ends.
struct Keeper {
    ~Keeper() {
        lists.closed = true;
        for (std::size_t c = 0; c < size_classes; ++c) {
            while (FreeBlock* block = lists.head[c]) {
                lists.head[c] = block->next;
                std::free(block);
            }
            lists.count[c] = 0;
        }
    }
};

}  // namespace

void* allocate_slow(std::size_t size) {
    thread_local Keeper keeper;
    (void)keeper;
    // A pooled frame may come back as any frame of its class: take the whole class's size.
    std::size_t c = size_class(size);
    void* frame = std::malloc(c < size_classes ? (c + 1) * granule : size);
    if (!frame) throw std::bad_alloc();
    return frame;
}

void release_slow(void* frame) noexcept { std::free(frame); }

}  // namespace asyncio::frame_pool
