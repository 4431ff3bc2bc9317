#include "interning.h"

#include <algorithm>
#include <cstring>

namespace cotrace {

StringPool& StringPool::operator=(const StringPool& other) {
    if (this != &other) {
        *this = StringPool();
        copy_from(other);
    }
    return *this;
}

void StringPool::copy_from(const StringPool& other) {
    recent_.fill(0);
    for (size_t id = 1; id < other.size(); ++id) intern(other[static_cast<InternId>(id)]);
}

char* StringPool::store(std::string_view text) {
    if (text.size() > block_size / 4) {
        // A long string gets a block of its own, so that it does not waste the rest of a shared one.
        large_.push_back(std::make_unique<char[]>(text.size()));
        stored_bytes_ += text.size();
        return large_.back().get();
    }
    if (block_used_ + text.size() > block_size) {
        blocks_.push_back(std::make_unique<char[]>(block_size));
        block_used_ = 0;
        stored_bytes_ += block_size;
    }
    char* at = blocks_.back().get() + block_used_;
    block_used_ += text.size();
    return at;
}

InternId StringPool::intern(std::string_view text) {
    if (text.empty()) return 0;  // most events have no text
    // Most texts repeat one seen lately ("None", a callback's name): a small cache keyed by a cheap mix
    // of the text's length and letters answers them before the hash table.
    size_t slot = (text.size() * 31 + static_cast<unsigned char>(text[0]) * 7 +
                   static_cast<unsigned char>(text[text.size() / 2]) * 3 + static_cast<unsigned char>(text.back())) %
                  recent_.size();
    if (InternId id = recent_[slot]; id != 0 && views_[id] == text) return id;
    if (auto known = ids_.find(text); known != ids_.end()) return recent_[slot] = known->second;
    std::string_view kept;
    if (!text.empty()) {
        char* at = store(text);
        std::memcpy(at, text.data(), text.size());
        kept = std::string_view(at, text.size());
    }
    auto id = static_cast<InternId>(views_.size());
    views_.push_back(kept);
    ids_.emplace(kept, id);
    return recent_[slot] = id;
}

size_t StringPool::memory_bytes() const {
    return stored_bytes_ + views_.capacity() * sizeof(std::string_view) + ids_.bucket_count() * sizeof(void*) +
           ids_.size() * (sizeof(std::string_view) + sizeof(InternId) + 2 * sizeof(void*));
}

}  // namespace cotrace
