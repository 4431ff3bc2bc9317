// A vector that grows by whole chunks and never moves what it holds. The recorder appends an event at
// a time to lists that reach tens of millions: a std::vector would copy everything at each doubling and
// touch twice the memory it ends with (fresh memory is what recording costs most on these machines).
#pragma once

#include <cstddef>
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "chunk_pool.h"

namespace cotrace {

template <class T, size_t ChunkBits = 14>
class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    struct GiveBack {
        void operator()(T* chunk) const noexcept { chunk_pool::give(chunk, sizeof(T) << ChunkBits); }
    };
    using Chunk = std::unique_ptr<T[], GiveBack>;
    static Chunk new_chunk() { return Chunk(static_cast<T*>(chunk_pool::take(sizeof(T) << ChunkBits))); }

public:
    static constexpr size_t chunk_size = size_t{1} << ChunkBits;

    ChunkedVector() = default;
    ChunkedVector(ChunkedVector&&) noexcept = default;
    ChunkedVector& operator=(ChunkedVector&&) noexcept = default;
    ChunkedVector(const ChunkedVector& other) : size_(other.size_) {
        for (const auto& chunk : other.chunks_) {
            chunks_.push_back(new_chunk());
            std::copy(chunk.get(), chunk.get() + chunk_size, chunks_.back().get());
        }
    }
    ChunkedVector& operator=(const ChunkedVector& other) {
        if (this != &other) *this = ChunkedVector(other);
        return *this;
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) { return chunks_[i >> ChunkBits][i & (chunk_size - 1)]; }
    const T& operator[](size_t i) const { return chunks_[i >> ChunkBits][i & (chunk_size - 1)]; }
    T& back() { return (*this)[size_ - 1]; }
    const T& back() const { return (*this)[size_ - 1]; }
    T& at(size_t i) {
        if (i >= size_) throw std::out_of_range("ChunkedVector::at");
        return (*this)[i];
    }

    void push_back(const T& value) {
        if ((size_ & (chunk_size - 1)) == 0 && (size_ >> ChunkBits) == chunks_.size())
            chunks_.push_back(new_chunk());
        chunks_[size_ >> ChunkBits][size_ & (chunk_size - 1)] = value;
        ++size_;
    }
    // Chunks for n elements at once (what a loader that knows the count asks for).
    void reserve(size_t n) {
        while (chunks_.size() * chunk_size < n) chunks_.push_back(new_chunk());
    }
    // Gives back the chunks past the last element.
    void shrink_to_fit() { chunks_.resize((size_ + chunk_size - 1) >> ChunkBits); chunks_.shrink_to_fit(); }
    size_t capacity() const { return chunks_.size() * chunk_size; }

private:
    std::vector<Chunk> chunks_;
    size_t size_ = 0;
};

}  // namespace cotrace
