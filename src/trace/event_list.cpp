#include "event_list.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cotrace {

Event EventList::operator[](size_t i) const {
    const Packed& p = packed_[i];
    return Event{.kind = static_cast<EventKind>(p.kind_and_place & 0xff),
                 .subject = p.subject,
                 .other = p.other,
                 .where = places_[p.kind_and_place >> 8],
                 .time = times_[p.time],
                 .number = number_of(p.number),
                 .text = texts_[p.text],
                 .text_id = p.text};
}

Event EventList::at(size_t i) const {
    if (i >= size()) throw std::out_of_range("event " + std::to_string(i) + " of " + std::to_string(size()));
    return (*this)[i];
}

InternId EventList::number_id_slowly(double number) {
    // Whole numbers stand for themselves: only fractions are interned.
    if (InternId id; whole_number(number, id)) return id;
    // By their bits, so that -0.0 stays itself and each NaN is kept once.
    return numbers_.intern(std::bit_cast<std::uint64_t>(number));
}

void EventList::push_back(const Event& event) {
    append(event, texts_.intern(event.text), place_id(event.where), event.time);
}

void EventList::deduplicate_texts() {
    std::vector<InternId> ids = texts_.deduplicate();
    for (size_t i = 0; i < packed_.size(); ++i) packed_[i].text = ids[packed_[i].text];
}

void EventList::throw_too_many_places() {
    throw std::length_error("a trace holds at most 16777216 distinct places");
}

bool EventList::operator==(const EventList& other) const {
    if (size() != other.size()) return false;
    for (size_t i = 0; i < size(); ++i)
        if ((*this)[i] != other[i]) return false;
    return true;
}

size_t EventList::memory_bytes() const {
    return packed_.capacity() * sizeof(Packed) + texts_.memory_bytes() + places_.memory_bytes() +
           numbers_.memory_bytes() + times_.capacity() * sizeof(double);
}

TraceObject ObjectList::operator[](size_t i) const {
    const Packed& p = packed_[i];
    if (p.name & named_after_bit)  // not spelled yet (name_after); its owner field holds the earlier object
        return TraceObject{.id = static_cast<ObjectId>(i + 1), .kind = p.kind, .where = places_[p.where], .role = p.role};
    if (p.name & numbered_bit)  // not spelled yet (number_at_finish)
        return TraceObject{.id = static_cast<ObjectId>(i + 1), .kind = p.kind, .owner = p.owner, .where = places_[p.where],
                           .role = p.role};
    return TraceObject{.id = static_cast<ObjectId>(i + 1), .kind = p.kind, .name = names_[p.name],
                       .owner = p.owner, .where = places_[p.where], .role = p.role};
}

std::string ObjectList::spelled_name(ObjectId id) const {
    if (id == 0 || id > size()) throw std::out_of_range("object " + std::to_string(id) + " of " + std::to_string(size()));
    const Packed& p = packed_[id - 1];
    if (p.name & named_after_bit) return spelled_name(p.owner).append(names_[p.name & ~named_after_bit]);
    if (p.name & numbered_bit) return std::string(names_[numbered_prefix_]).append(std::to_string(p.name & ~numbered_bit));
    return std::string(names_[p.name]);
}

void ObjectList::spell_names_after() {
    // In the order of ids: an object named after an earlier one finds it spelled already.
    for (size_t i = 0; i < packed_.size(); ++i) {
        if (!(packed_[i].name & given_at_finish)) continue;
        InternId name = checked(names_.add(spelled_name(static_cast<ObjectId>(i + 1))));
        // Named after its task, a step or wakeup handle keeps the task as its owner; nothing else does.
        bool runs_task = packed_[i].role == ObjectRole::task_step || packed_[i].role == ObjectRole::task_wakeup;
        ObjectId owner = packed_[i].name & named_after_bit && !runs_task ? 0 : packed_[i].owner;
        packed_[i] = {.kind = packed_[i].kind, .role = packed_[i].role, .owner = owner, .name = name, .where = packed_[i].where};
    }
    numbered_prefix_ = 0;
}

void ObjectList::throw_not_earlier(ObjectId id, ObjectId after) {
    throw std::invalid_argument("object " + std::to_string(id) + " cannot be named after object " +
                                std::to_string(after) + ": only after an earlier one");
}

TraceObject ObjectList::at(size_t i) const {
    if (i >= size()) throw std::out_of_range("object " + std::to_string(i + 1) + " of " + std::to_string(size()));
    return (*this)[i];
}

void ObjectList::push_back(const TraceObject& object) { append(object, checked(names_.intern(object.name))); }

void ObjectList::throw_too_many_names() {
    throw std::length_error("more than " + std::to_string(numbered_bit) + " object names");
}

void ObjectList::append(const TraceObject& object, InternId name) {
    if (object.id != size() + 1)
        throw std::invalid_argument("object id " + std::to_string(object.id) + " where " + std::to_string(size() + 1) +
                                    " comes next");
    packed_.push_back({.kind = object.kind, .role = object.role, .owner = object.owner, .name = name,
                       .where = places_.intern(object.where.valid() ? object.where : Location{})});
}

void ObjectList::deduplicate_names() {
    std::vector<InternId> ids = names_.deduplicate();
    for (size_t i = 0; i < packed_.size(); ++i) packed_[i].name = ids[packed_[i].name];
}

bool ObjectList::operator==(const ObjectList& other) const {
    if (size() != other.size()) return false;
    for (size_t i = 0; i < size(); ++i)
        if ((*this)[i] != other[i]) return false;
    return true;
}

size_t ObjectList::memory_bytes() const {
    return packed_.capacity() * sizeof(Packed) + names_.memory_bytes() + places_.memory_bytes();
}

}  // namespace cotrace
