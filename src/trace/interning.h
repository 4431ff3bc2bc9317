// Interning: each distinct value is stored once and named by a small number. A trace of ten million
// events repeats a few thousand strings, places and numbers; the events keep only the numbers.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chunk_pool.h"
#include "chunked_vector.h"
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
    // True, with its id, if `value` is in its recent entry: the recorder's common path, which makes no call.
    [[gnu::always_inline]] bool recent(T value, InternId& id) const {
        const Recent& recent = recent_[Hash{}(value) % recent_.size()];
        id = recent.id;
        return recent.value == value;
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
    StringPool() { views_.push_back({}); }  // id 0 is ""
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
        Ends ends = ends_of(text);
        Recent& recent = recent_[recent_slot(ends, text.size())];
        if (recent.matches(ends, text)) return recent.id;
        InternId id = keep(text);
        recent = Recent::of(id, (*this)[id], ends);
        return id;
    }
    // True, with its id, if `text` is in its recent entry and at most 32 letters long (so that telling
    // them apart calls nothing): the recorder's common path. The empty text is id 0.
    [[gnu::always_inline]] bool recent(std::string_view text, InternId& id) const {
        id = 0;
        if (text.empty()) return true;
        if (text.size() > 32) return false;
        Ends ends = ends_of(text);
        const Recent& recent = recent_[recent_slot(ends, text.size())];
        id = recent.id;
        return recent.matches_short(ends, text);
    }
    std::string_view operator[](InternId id) const { return views_[id]; }
    size_t size() const { return views_.size(); }
    size_t memory_bytes() const;
    // Keeps each text once, as if every one had been interned: returns, for each id before, the id of
    // its text after. The characters stay where they are.
    std::vector<InternId> deduplicate();

private:
    // A text's first and last letters, as two words: its first and last eight (or, when shorter, four,
    // or three of them). Two texts of one length are equal when these are and, past 16 letters, their
    // middles are: most comparisons end here, without reading the letters kept in the pool.
    struct Ends {
        std::uint64_t first = 0, last = 0;
    };
    [[gnu::always_inline]] static Ends ends_of(std::string_view text) {
        const char* at = text.data();
        size_t n = text.size();
        if (n >= 8) return {load<std::uint64_t>(at), load<std::uint64_t>(at + n - 8)};
        if (n >= 4) return {load<std::uint32_t>(at), load<std::uint32_t>(at + n - 4)};
        return {static_cast<unsigned char>(at[0]) | std::uint64_t{static_cast<unsigned char>(at[n / 2])} << 8,
                static_cast<unsigned char>(at[n - 1])};
    }
    template <class Word>
    static Word load(const char* at) {
        Word w;
        std::memcpy(&w, at, sizeof w);
        return w;
    }
    // A cheap mix of the ends and the length. Texts that differ only in a number ("Task-12.wakeup",
    // "Task-13.wakeup") land in different entries: a Task's texts come back a few events later, after its
    // neighbours' have come.
    static size_t recent_slot(Ends ends, size_t n) {
        std::uint64_t mixed = (ends.first ^ std::rotl(ends.last, 29) ^ n) * 0x9E3779B97F4A7C15ull;
        return static_cast<size_t>(mixed >> 56);  // recent_ holds 256
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
        blocks_.swap(other.blocks_), large_.swap(other.large_), std::swap(views_, other.views_), slots_.swap(other.slots_);
        std::swap(block_used_, other.block_used_), std::swap(stored_bytes_, other.stored_bytes_);
        std::swap(recent_, other.recent_);
    }
    char* store(std::string_view text);
    void grow();

    static constexpr size_t block_size = 64 * 1024;
    // Blocks come from and go back to chunk_pool, as a ChunkedVector's chunks do: a recording fills new
    // blocks at the rate it records texts, and fresh memory is what recording costs most.
    struct GiveBack {
        void operator()(char* block) const noexcept { chunk_pool::give(block, block_size); }
    };
    std::vector<std::unique_ptr<char[], GiveBack>> blocks_;
    std::vector<std::unique_ptr<char[]>> large_;
    size_t block_used_ = block_size;  // of the last block
    size_t stored_bytes_ = 0;
    ChunkedVector<std::string_view> views_;  // chunked for the same reason
    std::vector<Slot> slots_;             // a power of two long, at most half full
    // Recent texts, by a cheap mix of their ends (recent_slot); each with its ends, its length and its
    // id, so that a match needs no lookup and a mismatch no read of the pool. An empty entry has length
    // 0, which no text reaches (add and intern take empty texts aside). Texts longer than 4 GiB are
    // never taken for recent ones (their length does not fit).
    struct Recent {
        Ends ends;
        const char* letters = nullptr;
        std::uint32_t size = 0;
        InternId id = 0;
        static Recent of(InternId id, std::string_view kept, Ends ends) {
            return {ends, kept.data(), static_cast<std::uint32_t>(kept.size()), id};
        }
        [[gnu::always_inline]] bool matches(Ends other, std::string_view text) const {
            if (text.size() <= 32) return matches_short(other, text);
            return size == text.size() && ends.first == other.first && ends.last == other.last &&
                   std::memcmp(letters + 8, text.data() + 8, size - 16) == 0;
        }
        // For a text of at most 32 letters.
        [[gnu::always_inline]] bool matches_short(Ends other, std::string_view text) const {
            if (size != text.size() || ends.first != other.first || ends.last != other.last) return false;
            if (size <= 16) return true;
            // The middle, [8, size - 8), is inside [8, 16) and [size - 16, size - 8).
            const char* at = text.data();
            return load<std::uint64_t>(letters + 8) == load<std::uint64_t>(at + 8) &&
                   load<std::uint64_t>(letters + size - 16) == load<std::uint64_t>(at + size - 16);
        }
    };
    std::array<Recent, 256> recent_{};
    static_assert(sizeof(recent_) / sizeof(Recent) == 256, "recent_slot gives 8 bits");
};

// The hash StringPool uses: eight bytes at a time, seeded once per process so that a crafted trace file
// cannot choose texts that all collide.
std::uint64_t hash_text(std::string_view text);

}  // namespace cotrace
