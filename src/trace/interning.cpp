#include "interning.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

namespace cotrace {

StringPool& StringPool::operator=(const StringPool& other) {
    if (this != &other) {
        *this = StringPool();
        copy_from(other);
    }
    return *this;
}

void StringPool::copy_from(const StringPool& other) {
    // Id for id, so that the copied events' ids still name their texts (a pool may hold a text twice);
    // the table finds the first of equal texts, as intern() would have.
    for (size_t id = 1; id < other.size(); ++id) {
        std::string_view text = other[static_cast<InternId>(id)];
        auto hash = static_cast<std::uint32_t>(hash_text(text));
        size_t at = slot_for(text, hash);
        InternId kept = keep(text);
        if (slots_[at].id == 0) slots_[at] = {hash, kept};
    }
}

char* StringPool::store(std::string_view text) {
    if (text.size() > block_size / 4) {
        // A long string gets a block of its own, so that it does not waste the rest of a shared one.
        large_.push_back(std::make_unique<char[]>(text.size()));
        stored_bytes_ += text.size();
        return large_.back().get();
    }
    if (block_used_ + text.size() > block_size) {
        blocks_.emplace_back(static_cast<char*>(chunk_pool::take(block_size)));
        block_used_ = 0;
        stored_bytes_ += block_size;
    }
    char* at = blocks_.back().get() + block_used_;
    block_used_ += text.size();
    return at;
}

namespace {

std::uint64_t process_seed() {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device() ^ 0x9E3779B97F4A7C15ull;
}

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

}  // namespace

std::uint64_t hash_text(std::string_view text) {
    static const std::uint64_t seed = process_seed();
    std::uint64_t h = seed ^ (text.size() * 0xc4ceb9fe1a85ec53ull);
    const char* at = text.data();
    size_t left = text.size();
    for (; left >= 8; at += 8, left -= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        h = mix(h ^ word) * 0x9E3779B97F4A7C15ull;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, at, left);
    return mix(h ^ tail);
}

void StringPool::grow() {
    std::vector<Slot> bigger(slots_.empty() ? 1024 : slots_.size() * 2);
    size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
        if (slot.id == 0) continue;
        size_t at = slot.hash & mask;
        while (bigger[at].id != 0) at = (at + 1) & mask;
        bigger[at] = slot;
    }
    slots_.swap(bigger);
}

size_t StringPool::slot_for(std::string_view text, std::uint32_t hash) {
    if ((views_.size() + 1) * 2 >= slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    size_t at = hash & mask;
    while (slots_[at].id != 0 && !(slots_[at].hash == hash && views_[slots_[at].id] == text)) at = (at + 1) & mask;
    return at;
}

InternId StringPool::keep(std::string_view text) {
    char* kept = store(text);
    std::memcpy(kept, text.data(), text.size());
    auto id = static_cast<InternId>(views_.size());
    views_.push_back({kept, text.size()});
    return id;
}

InternId StringPool::intern(std::string_view text) {
    if (text.empty()) return 0;  // most events have no text
    // Most texts repeat one seen lately ("None", a callback's name): the recent ones answer them before
    // the table.
    Ends ends = ends_of(text);
    Recent& recent = recent_[recent_slot(ends, text.size())];
    if (recent.matches(ends, text)) return recent.id;
    auto hash = static_cast<std::uint32_t>(hash_text(text));
    size_t at = slot_for(text, hash);
    if (slots_[at].id == 0) slots_[at] = {hash, keep(text)};
    recent = Recent::of(slots_[at].id, (*this)[slots_[at].id], ends);
    return recent.id;
}

std::vector<InternId> StringPool::deduplicate() {
    ChunkedVector<std::string_view> before = std::move(views_);
    views_ = {};
    views_.push_back({});
    // The table sized once for them all (at most half full), rather than grown on the way.
    slots_.assign(std::bit_ceil(std::max<size_t>(1024, before.size() * 2 + 2)), Slot{});
    recent_.fill(Recent{});
    std::vector<InternId> ids(before.size(), 0);
    for (size_t id = 1; id < before.size(); ++id) {
        auto hash = static_cast<std::uint32_t>(hash_text(before[id]));
        size_t at = slot_for(before[id], hash);
        if (slots_[at].id == 0) {
            slots_[at] = {hash, static_cast<InternId>(views_.size())};
            views_.push_back(before[id]);
        }
        ids[id] = slots_[at].id;
    }
    return ids;
}

size_t StringPool::memory_bytes() const {
    return stored_bytes_ + views_.capacity() * sizeof(std::string_view) + slots_.capacity() * sizeof(Slot);
}

}  // namespace cotrace
