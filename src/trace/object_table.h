// The states of all objects, by ObjectId, as a two-level tree of small chunks. A copy shares every
// chunk with the original until one of them edits it: copying the state of a million objects costs a few
// hundred pointers. That makes keyframes cheap to keep and a jump to any step fast. A chunk no one has
// edited yet is not allocated at all: its elements read as T{}.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "event.h"

namespace cotrace {

template <class T>
class SharedTable {
public:
    size_t size() const { return size_; }
    // Bytes a copy costs besides the chunks it shares: the index of nodes.
    size_t index_bytes() const { return nodes_.size() * sizeof(std::shared_ptr<Node>); }
    const T& operator[](ObjectId id) const {
        const auto& chunk = (*nodes_[id >> node_shift])[(id >> chunk_shift) & node_mask];
        return chunk ? (*chunk)[id & chunk_mask] : untouched_;
    }
    const T& at(ObjectId id) const;
    // The element, in a chunk this table alone owns (copied first if another table shares it).
    T& edit(ObjectId id);
    // Grows to n elements, new ones default-made; never shrinks.
    void resize(size_t n);

    bool operator==(const SharedTable& other) const;
    // Bytes copied by edit() so far, in this table and the ones it was copied from.
    size_t copied_bytes() const { return copied_bytes_; }
    // Calls visit(address, bytes) for every block this table uses, shared or not: a caller that counts
    // each address once measures a set of tables that share blocks.
    template <class Visit>
    void for_each_block(Visit visit) const {
        visit(static_cast<const void*>(nodes_.data()), nodes_.capacity() * sizeof(std::shared_ptr<Node>));
        for (const auto& node : nodes_) {
            visit(static_cast<const void*>(node.get()), sizeof(Node));
            for (const auto& chunk : *node)
                if (chunk) visit(static_cast<const void*>(chunk.get()), sizeof(Chunk));
        }
    }

private:
    static constexpr unsigned chunk_shift = 5, node_bits = 6, node_shift = chunk_shift + node_bits;
    static constexpr size_t chunk_mask = (1u << chunk_shift) - 1, node_mask = (1u << node_bits) - 1;
    using Chunk = std::array<T, 1u << chunk_shift>;
    using Node = std::array<std::shared_ptr<Chunk>, 1u << node_bits>;

    static inline const T untouched_{};
    std::vector<std::shared_ptr<Node>> nodes_;
    size_t size_ = 0;
    size_t copied_bytes_ = 0;
};

}  // namespace cotrace

#include "object_table.inl"
