// A vector that grows by whole chunks and never moves what it holds. The recorder appends an event at
// a time to lists that reach tens of millions: a std::vector would copy everything at each doubling and
// touch twice the memory it ends with (fresh memory is what recording costs most on these machines).
//
// The first chunks double in length (a list of ten events takes a few kilobytes), up to chunks of
// 2^LastChunkBits elements; at most one chunk's room is spare at the end.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "chunk_pool.h"

namespace cotrace {

template <class T, size_t FirstChunkBits = 10, size_t LastChunkBits = 17>
class ChunkedVector {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    static_assert(FirstChunkBits <= LastChunkBits);

    // Chunks 0 .. growing - 1 double: chunk k begins at element (2^k - 1) << FirstChunkBits and holds
    // 2^k << FirstChunkBits. From chunk `growing` on, each holds 2^LastChunkBits.
    static constexpr size_t growing = LastChunkBits - FirstChunkBits;
    static constexpr size_t grown_at = ((size_t{1} << growing) - 1) << FirstChunkBits;
    static size_t chunk_of(size_t i) {
        if (i >= grown_at) return growing + ((i - grown_at) >> LastChunkBits);
        return std::bit_width((i >> FirstChunkBits) + 1) - 1;
    }
    static size_t start_of(size_t k) {
        if (k >= growing) return grown_at + ((k - growing) << LastChunkBits);
        return ((size_t{1} << k) - 1) << FirstChunkBits;
    }
    static size_t length_of(size_t k) { return size_t{1} << (k >= growing ? LastChunkBits : k + FirstChunkBits); }

    struct GiveBack {
        size_t bytes = 0;
        void operator()(T* chunk) const noexcept { chunk_pool::give(chunk, bytes); }
    };
    using Chunk = std::unique_ptr<T[], GiveBack>;

public:
    ChunkedVector() = default;
    ChunkedVector(ChunkedVector&& other) noexcept { swap(other); }
    ChunkedVector& operator=(ChunkedVector&& other) noexcept {
        ChunkedVector taken(std::move(other));
        swap(taken);
        return *this;
    }
    ChunkedVector(const ChunkedVector& other) {
        reserve(other.size_);
        for (size_t k = 0; k < chunks_.size(); ++k) {
            size_t count = std::min(length_of(k), other.size_ - std::min(other.size_, start_of(k)));
            std::copy(other.chunks_[k].get(), other.chunks_[k].get() + count, chunks_[k].get());
        }
        size_ = other.size_;  // next_ and limit_ stay null: the next push_back finds its place
    }
    ChunkedVector& operator=(const ChunkedVector& other) {
        if (this != &other) *this = ChunkedVector(other);
        return *this;
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](size_t i) {
        size_t k = chunk_of(i);
        return chunks_[k][i - start_of(k)];
    }
    const T& operator[](size_t i) const {
        size_t k = chunk_of(i);
        return chunks_[k][i - start_of(k)];
    }
    T& back() { return (*this)[size_ - 1]; }
    const T& back() const { return (*this)[size_ - 1]; }
    T& at(size_t i) {
        if (i >= size_) throw std::out_of_range("ChunkedVector::at");
        return (*this)[i];
    }

    // Inline always: a T built in the caller, copied here in wide loads, would wait on the caller's
    // narrower stores (store forwarding fails); inlined, its fields are stored straight into place.
    [[gnu::always_inline]] void push_back(const T& value) {
        if (next_ == limit_) {
            if (size_ == capacity()) add_chunk();
            point_past(size_);
        }
        *next_++ = value;
        ++size_;
    }
    // push_back for a caller that makes no call on its common path: true if the current chunk had room,
    // false (nothing added) if push_back must find or add one.
    [[gnu::always_inline]] bool push_back_in_room(const T& value) {
        if (next_ == limit_) return false;
        *next_++ = value;
        ++size_;
        return true;
    }
    // Chunks for n elements at once (what a loader that knows the count asks for).
    void reserve(size_t n) {
        while (capacity() < n) add_chunk();
    }
    // Gives back the chunks past the last element.
    void shrink_to_fit() {
        chunks_.resize(size_ == 0 ? 0 : chunk_of(size_ - 1) + 1);
        chunks_.shrink_to_fit();
        if (size_ == 0) next_ = limit_ = nullptr;
    }
    size_t capacity() const { return start_of(chunks_.size()); }

private:
    void add_chunk() {
        size_t bytes = length_of(chunks_.size()) * sizeof(T);
        chunks_.push_back(Chunk(static_cast<T*>(chunk_pool::take(bytes)), GiveBack{bytes}));
    }
    // Where element i goes (i == size_), and the end of its chunk: push_back writes there until the end.
    void point_past(size_t i) {
        size_t k = chunk_of(i);
        next_ = chunks_[k].get() + (i - start_of(k));
        limit_ = chunks_[k].get() + length_of(k);
    }
    void swap(ChunkedVector& other) noexcept {
        chunks_.swap(other.chunks_);
        std::swap(size_, other.size_), std::swap(next_, other.next_), std::swap(limit_, other.limit_);
    }

    std::vector<Chunk> chunks_;
    size_t size_ = 0;
    T* next_ = nullptr;
    T* limit_ = nullptr;
};

}  // namespace cotrace
