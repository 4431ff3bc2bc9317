// The loop's queues as a State holds them: the ready queue (a FIFO, like asyncio's deque), the timer heap
// (ordered by deadline, like asyncio's heapq), and the I/O in flight. Every operation costs the same
// whatever their size, near enough (the ready queue's pop is amortised O(1), the others O(log n)), so a
// trace with a million queued handles replays as fast, per event, as one with three.
#pragma once

#include <algorithm>
#include <set>
#include <vector>

#include "event.h"

namespace cotrace {

// A first-in first-out queue: push at the back, pop at the front. Entries are read by position, front first.
class ReadyQueue {
public:
    size_t size() const { return items_.size() - head_; }
    bool empty() const { return size() == 0; }
    ObjectId operator[](size_t i) const { return items_[head_ + i]; }
    ObjectId front() const { return items_[head_]; }
    auto begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
    auto end() const { return items_.end(); }

    void push_back(ObjectId id) { items_.push_back(id); }
    void pop_front() {
        ++head_;
        // The popped entries are given back once they are half of the list: each entry moves at most once.
        if (head_ >= 64 && head_ * 2 >= items_.size()) {
            items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
    }
    // Bytes a copy of this queue costs.
    size_t copy_bytes() const { return size() * sizeof(ObjectId); }

    bool operator==(const ReadyQueue& other) const { return std::equal(begin(), end(), other.begin(), other.end()); }

private:
    std::vector<ObjectId> items_;
    size_t head_ = 0;  // items_[0 .. head_) have been popped
};

// The timers, earliest deadline first (ties: the timer made first, the one with the lower id).
class TimerHeap {
public:
    struct Entry {
        double when;
        ObjectId id;
        auto operator<=>(const Entry&) const = default;
    };
    // Iterates the timers' ids, earliest first.
    class iterator {
    public:
        explicit iterator(std::set<Entry>::const_iterator at) : at_(at) {}
        ObjectId operator*() const { return at_->id; }
        iterator& operator++() { return ++at_, *this; }
        bool operator==(const iterator&) const = default;

    private:
        std::set<Entry>::const_iterator at_;
    };

    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    iterator begin() const { return iterator(entries_.begin()); }
    iterator end() const { return iterator(entries_.end()); }
    std::vector<ObjectId> ids() const {
        std::vector<ObjectId> ids;
        for (ObjectId id : *this) ids.push_back(id);
        return ids;
    }
    void push(double when, ObjectId id) { entries_.insert({when, id}); }
    // False when no such timer is in the heap.
    bool remove(double when, ObjectId id) { return entries_.erase({when, id}) == 1; }
    // A set's node is about 48 bytes, and a copy allocates every one.
    size_t copy_bytes() const { return size() * 48; }
    bool operator==(const TimerHeap&) const = default;

private:
    std::set<Entry> entries_;
};

// The futures of I/O operations in flight, in the order they were made (by id).
class IoPending {
public:
    size_t size() const { return ids_.size(); }
    bool empty() const { return ids_.empty(); }
    auto begin() const { return ids_.begin(); }
    auto end() const { return ids_.end(); }
    bool insert(ObjectId id) { return ids_.insert(id).second; }
    bool remove(ObjectId id) { return ids_.erase(id) == 1; }
    size_t copy_bytes() const { return size() * 40; }
    bool operator==(const IoPending&) const = default;

private:
    std::set<ObjectId> ids_;
};

}  // namespace cotrace
