// Interning: each distinct value is stored once and named by a small number. A trace of ten million
// events repeats a few thousand strings, places and numbers; the events keep only the numbers.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event.h"

namespace cotrace {

using InternId = std::uint32_t;

// Values of a small, copyable type (places, numbers). Id 0 is always T{}.
template <class T, class Hash = std::hash<T>>
class Interner {
public:
    Interner() {
        intern_slowly(T{}, recent_[0]);
        // Id 0 is T{}, so every recent entry starts out true: T{} has id 0.
        recent_.fill(Recent{T{}, 0});
    }

    // By value, field by field: a small T copied through memory as a block (as GCC copies a Location)
    // is read back wider than it was written, and waits for the writes to reach the cache.
    [[gnu::always_inline]] InternId intern(T value) {
        // The recorder interns a place and a number for nearly every event, mostly ones it has just seen:
        // a small direct-mapped cache, which holds the values themselves, answers those without a lookup.
        Recent& recent = recent_[Hash{}(value) % recent_.size()];
        if (recent.value == value) return recent.id;
        return intern_slowly(value, recent);
    }
    const T& operator[](InternId id) const { return values_[id]; }
    size_t size() const { return values_.size(); }
    size_t memory_bytes() const {
        return values_.capacity() * sizeof(T) + ids_.bucket_count() * sizeof(void*) +
               ids_.size() * (sizeof(T) + sizeof(InternId) + 2 * sizeof(void*));
    }

private:
    struct Recent {
        T value;
        InternId id;
    };
    [[gnu::noinline]] InternId intern_slowly(T value, Recent& recent) {
        auto [it, added] = ids_.try_emplace(value, static_cast<InternId>(values_.size()));
        if (added) values_.push_back(value);
        recent = {value, it->second};
        return it->second;
    }

    std::vector<T> values_;
    std::unordered_map<T, InternId, Hash> ids_;
    std::array<Recent, 256> recent_{};
};

struct LocationHash {
    size_t operator()(const Location& where) const {
        // Every field reaches the low bits, which pick the recent entry (Interner::intern).
        std::uint64_t h = (std::uint64_t{static_cast<std::uint32_t>(where.file)} << 42) ^
                          (std::uint64_t{static_cast<std::uint32_t>(where.line)} << 16) ^
                          static_cast<std::uint32_t>(where.column);
        h *= 0x9E3779B97F4A7C15ull;
        return static_cast<size_t>(h ^ (h >> 32));
    }
};
using PlaceTable = Interner<Location, LocationHash>;

// Strings. A string_view handed out stays valid as long as the pool lives (also after more strings
// are added, and after the pool is moved): the characters live in blocks that never move.
//
// The recorder interns a text for nearly every event, and a Task's repr is new for each Task, so the
// table is flat (open addressing, linear probing): a lookup touches one slot and, on a match, the text;
// adding a text allocates nothing but its characters.
class StringPool {
public:
    StringPool() { views_.emplace_back(); }  // id 0 is ""
    StringPool(const StringPool& other) : StringPool() { copy_from(other); }
    StringPool& operator=(const StringPool& other);
    // A moved-from pool is empty, and usable again.
    StringPool(StringPool&& other) noexcept : StringPool() { swap(other); }
    StringPool& operator=(StringPool&& other) noexcept {
        StringPool taken(std::move(other));
        swap(taken);
        return *this;
    }

    // The id of an equal text kept before, or of a new copy.
    InternId intern(std::string_view text);
    // The same, looking only among recent texts: the recorder's way, as the table costs a cache miss
    // for each text never seen, and a Task's repr is new for each Task. A text added so is not in the
    // table; an equal one interned later is kept again.
    [[gnu::always_inline]] InternId add(std::string_view text) {
        if (text.empty()) return 0;
        InternId& recent = recent_[recent_slot(text)];
        if (recent != 0 && views_[recent].size() == text.size() &&
            std::char_traits<char>::compare(views_[recent].data(), text.data(), text.size()) == 0)
            return recent;
        return recent = keep(text);
    }
    std::string_view operator[](InternId id) const { return views_[id]; }
    size_t size() const { return views_.size(); }
    size_t memory_bytes() const;
    // Keeps each text once, as if every one had been interned: returns, for each id before, the id of
    // its text after. The characters stay where they are.
    std::vector<InternId> deduplicate();

private:
    size_t recent_slot(std::string_view text) const {
        // A cheap mix of the text's length and letters.
        return (text.size() * 31 + static_cast<unsigned char>(text[0]) * 7 +
                static_cast<unsigned char>(text[text.size() / 2]) * 3 + static_cast<unsigned char>(text.back())) %
               recent_.size();
    }
    InternId keep(std::string_view text);
    // The slot holding an equal text, or the empty one where it goes (the table grown first if need be).
    size_t slot_for(std::string_view text, std::uint32_t hash);
    // A slot of the table: the text's hash (its low 32 bits) and its id; id 0 marks an empty slot.
    struct Slot {
        std::uint32_t hash = 0;
        InternId id = 0;
    };
    void copy_from(const StringPool& other);
    void swap(StringPool& other) noexcept {
        blocks_.swap(other.blocks_), large_.swap(other.large_), views_.swap(other.views_), slots_.swap(other.slots_);
        std::swap(block_used_, other.block_used_), std::swap(stored_bytes_, other.stored_bytes_);
        std::swap(recent_, other.recent_);
    }
    char* store(std::string_view text);
    void grow();

    static constexpr size_t block_size = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::vector<std::unique_ptr<char[]>> large_;
    size_t block_used_ = block_size;  // of the last block
    size_t stored_bytes_ = 0;
    std::vector<std::string_view> views_;
    std::vector<Slot> slots_;             // a power of two long, at most half full
    std::array<InternId, 256> recent_{};  // 0: empty slot
};

// The hash StringPool uses: eight bytes at a time, seeded once per process so that a crafted trace file
// cannot choose texts that all collide.
std::uint64_t hash_text(std::string_view text);

}  // namespace cotrace
