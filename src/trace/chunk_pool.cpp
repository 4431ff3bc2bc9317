#include "chunk_pool.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace cotrace::chunk_pool {

namespace {

constexpr std::size_t most_kept_bytes = std::size_t{64} << 20;

struct Kept {
    void* chunk;
    std::size_t bytes;
};

// Traces are made and destroyed on several threads (the window loads in the background).
struct Pool {
    std::mutex mutex;
    std::vector<Kept> kept;
    std::size_t kept_bytes = 0;
    ~Pool() {
        for (const Kept& k : kept) std::free(k.chunk);
    }
};

Pool& pool() {
    static Pool* the_pool = new Pool;  // never destroyed: traces in static storage may outlive it
    return *the_pool;
}

}  // namespace

void* take(std::size_t bytes) {
    {
        Pool& p = pool();
        std::lock_guard lock(p.mutex);
        for (std::size_t i = p.kept.size(); i-- > 0;) {
            if (p.kept[i].bytes != bytes) continue;
            void* chunk = p.kept[i].chunk;
            p.kept[i] = p.kept.back();
            p.kept.pop_back();
            p.kept_bytes -= bytes;
            return chunk;
        }
    }
    void* chunk = std::malloc(bytes);
    if (!chunk) throw std::bad_alloc();
    return chunk;
}

void give(void* chunk, std::size_t bytes) noexcept {
    if (!chunk) return;
    Pool& p = pool();
    {
        std::lock_guard lock(p.mutex);
        if (p.kept_bytes + bytes <= most_kept_bytes) {
            try {
                p.kept.push_back({chunk, bytes});
                p.kept_bytes += bytes;
                return;
            } catch (...) {
            }
        }
    }
    std::free(chunk);
}

}  // namespace cotrace::chunk_pool
