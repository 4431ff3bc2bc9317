#include <stdexcept>
#include <string>

namespace cotrace {

template <class T>
const T& SharedTable<T>::at(ObjectId id) const {
    if (id >= size_) throw std::out_of_range("object " + std::to_string(id) + " of " + std::to_string(size_));
    return (*this)[id];
}

template <class T>
T& SharedTable<T>::edit(ObjectId id) {
    auto& node = nodes_[id >> node_shift];
    if (node.use_count() > 1) {
        node = std::make_shared<Node>(*node);
        copied_bytes_ += sizeof(Node);
    }
    auto& chunk = (*node)[(id >> chunk_shift) & node_mask];
    if (!chunk) {
        chunk = std::make_shared<Chunk>();
    } else if (chunk.use_count() > 1) {
        chunk = std::make_shared<Chunk>(*chunk);
        copied_bytes_ += sizeof(Chunk);
    }
    return (*chunk)[id & chunk_mask];
}

template <class T>
void SharedTable<T>::resize(size_t n) {
    while ((nodes_.size() << node_shift) < n) nodes_.push_back(std::make_shared<Node>());
    size_ = std::max(size_, n);
}

template <class T>
bool SharedTable<T>::operator==(const SharedTable& other) const {
    if (size_ != other.size_) return false;
    for (size_t id = 0; id < size_; ++id) {
        // Shared chunks are equal without looking.
        if ((id & chunk_mask) == 0) {
            const auto& mine = (*nodes_[id >> node_shift])[(id >> chunk_shift) & node_mask];
            const auto& theirs = (*other.nodes_[id >> node_shift])[(id >> chunk_shift) & node_mask];
            if (mine == theirs) {
                id += chunk_mask;
                continue;
            }
        }
        if (!((*this)[static_cast<ObjectId>(id)] == other[static_cast<ObjectId>(id)])) return false;
    }
    return true;
}

}  // namespace cotrace
