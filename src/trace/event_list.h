// The events and objects of a trace, stored compactly: 24 bytes an event and 16 an object, with every
// string and place interned, and every number but a whole one. They read like vectors of Event and
// TraceObject, given by value; the strings in them stay valid as long as the list lives.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "chunked_vector.h"
#include "interning.h"

namespace cotrace {

// A read-only iterator over a list that hands out its elements by value.
template <class List, class Element>
class ValueIterator {
public:
    using value_type = Element;
    using difference_type = std::ptrdiff_t;
    ValueIterator() = default;
    ValueIterator(const List* list, size_t index) : list_(list), index_(index) {}
    Element operator*() const { return (*list_)[index_]; }
    ValueIterator& operator++() { ++index_; return *this; }
    ValueIterator operator++(int) { auto before = *this; ++index_; return before; }
    bool operator==(const ValueIterator& other) const { return index_ == other.index_; }

private:
    const List* list_ = nullptr;
    size_t index_ = 0;
};

class EventList {
public:
    size_t size() const { return packed_.size(); }
    bool empty() const { return packed_.empty(); }
    Event operator[](size_t i) const;
    Event at(size_t i) const;
    Event back() const { return (*this)[size() - 1]; }
    // Without building the whole Event: the loops that scan millions of events use these.
    EventKind kind(size_t i) const { return static_cast<EventKind>(packed_[i].kind_and_place & 0xff); }
    double time(size_t i) const { return times_[packed_[i].time]; }
    ObjectId subject(size_t i) const { return packed_[i].subject; }
    // Any event's text, by the id an Event carries in text_id.
    std::string_view text(InternId id) const { return texts_[id]; }

    void push_back(const Event& event);
    // push_back for the recorder, which must not wait on a table: the text shares its copy only with a
    // recent equal text (StringPool::add). A Task's repr, new for each Task, is the common case.
    // The event happened at `time` (the recorder's clock, not event.time).
    [[gnu::always_inline]] void record(const Event& event, double time) {
        append(event, added_text(event.text), place_id(event.where), time);
    }
    // A text or a place many events will carry (a fixed word, where a function begins), kept once; then
    // record_kept names them by their ids (0: none), and does not read the event's text and place.
    InternId keep_text(std::string_view text) { return texts_.intern(text); }
    InternId keep_place(Location where) { return place_id(where); }
    [[gnu::always_inline]] void record_kept(const Event& event, InternId kept_text, InternId kept_place, double time) {
        append(event, kept_text, kept_place, time);
    }
    [[gnu::always_inline]] InternId added_text(std::string_view text) { return text.empty() ? 0 : texts_.add(text); }
    // record, on the recorder's common path: the text and the place (kept_place if one is given) in
    // their recent entries, the time the last event's, no number but a whole one, and room in the
    // chunk. Nothing here calls out, so the recorder's path saves few registers and needs no stack
    // frame: a fifth of the recorder's instructions went to that. False: nothing recorded, and record
    // or record_kept is the way.
    static constexpr InternId no_kept_place = ~InternId{0};
    [[gnu::always_inline]] bool record_at_hand(const Event& event, double time, InternId kept_place = no_kept_place) {
        InternId text, place = kept_place;
        if (!texts_.recent(event.text, text)) return false;
        if (kept_place == no_kept_place) {
            place = 0;
            if (event.where.valid() &&
                !places_.recent(Location{.file = event.where.file, .line = event.where.line, .column = event.where.column}, place))
                return false;
        }
        InternId number = inline_number;  // none (+0.0), the common case
        if (std::bit_cast<std::uint64_t>(event.number) != 0 && !whole_number(event.number, number)) return false;
        if (place >= most_places || times_.empty() ||
            std::bit_cast<std::uint64_t>(times_.back()) != std::bit_cast<std::uint64_t>(time))
            return false;
        return packed_.push_back_in_room({.kind_and_place = static_cast<std::uint32_t>(event.kind) | place << 8,
                                          .subject = event.subject,
                                          .other = event.other,
                                          .text = text,
                                          .time = static_cast<InternId>(times_.size() - 1),
                                          .number = number});
    }
    // After recording: each text kept once, as push_back would have kept them (Recorder::finish).
    void deduplicate_texts();
    void reserve(size_t n) { packed_.reserve(n); }
    void shrink_to_fit() { packed_.shrink_to_fit(), times_.shrink_to_fit(); }

    using const_iterator = ValueIterator<EventList, Event>;
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    bool operator==(const EventList& other) const;
    size_t memory_bytes() const;

private:
    struct Packed {
        std::uint32_t kind_and_place;  // the kind in the low 8 bits, the place's id in the high 24
        ObjectId subject, other;
        InternId text, time, number;
    };
    static_assert(sizeof(Packed) == 24);
    static constexpr std::uint32_t most_places = 1u << 24;
    // A number id with this bit set is the whole number in the other bits (see number_id).
    static constexpr InternId inline_number = 1u << 31;
    // Inline, with the common cases first: the recorder appends an event for every transfer of control.
    InternId number_id(double number) {
        if (std::bit_cast<std::uint64_t>(number) == 0) return inline_number;  // +0.0: most events carry none
        return number_id_slowly(number);
    }
    InternId number_id_slowly(double number);
    // A whole number stands for itself (an iteration's number, a count): true, with its id, for one.
    // -0.0 is not one: it keeps its sign as an interned number.
    [[gnu::always_inline]] static bool whole_number(double number, InternId& id) {
        if (!(number >= 0 && number < inline_number) || std::bit_cast<std::uint64_t>(number) >> 63) return false;
        auto whole = static_cast<InternId>(number);
        id = inline_number | whole;
        return static_cast<double>(whole) == number;
    }
    // Inlined into the recorder's functions (Recorder::record, FrameBase's reports), which have the
    // event's fields in registers: they go straight into the record. Read back from memory, two fields
    // stored separately and loaded as one (as GCC copies them) stall on store forwarding, and that was
    // once 40% of a recording.
    [[gnu::always_inline]] InternId place_id(const Location& where) {
        // Many events have no place (id 0 is Location{}): no lookup for those.
        InternId place =
            where.valid() ? places_.intern(Location{.file = where.file, .line = where.line, .column = where.column}) : 0;
        if (place >= most_places) throw_too_many_places();
        return place;
    }
    [[gnu::always_inline]] void append(const Event& event, InternId text, InternId place, double time) {
        // Compared bit for bit, so that -0.0 and NaN keep their own entries.
        if (times_.empty() || std::bit_cast<std::uint64_t>(times_.back()) != std::bit_cast<std::uint64_t>(time))
            times_.push_back(time);
        packed_.push_back({.kind_and_place = static_cast<std::uint32_t>(event.kind) | place << 8,
                           .subject = event.subject,
                           .other = event.other,
                           .text = text,
                           .time = static_cast<InternId>(times_.size() - 1),
                           .number = number_id(event.number)});
    }
    [[noreturn]] static void throw_too_many_places();
    double number_of(InternId id) const {
        return id & inline_number ? static_cast<double>(id & ~inline_number) : std::bit_cast<double>(numbers_[id]);
    }

    ChunkedVector<Packed> packed_;
    StringPool texts_;
    PlaceTable places_;
    Interner<std::uint64_t> numbers_;  // the bits of each number that is not whole
    std::vector<double> times_;  // each time once for as long as it stays the same: loop time only moves forward
};

class ObjectList {
public:
    size_t size() const { return packed_.size(); }
    bool empty() const { return packed_.empty(); }
    // By position: the object with id i + 1.
    TraceObject operator[](size_t i) const;
    TraceObject at(size_t i) const;
    ObjectKind kind(size_t i) const { return packed_[i].kind; }
    bool named(size_t i) const { return packed_[i].name != 0 && !(packed_[i].name & given_at_finish); }
    Location where(size_t i) const { return places_[packed_[i].where]; }

    void push_back(const TraceObject& object);  // its id must be size() + 1
    // For the recorder, with a name from add_name or keep_name and a place from keep_place: its id is
    // size() afterwards.
    void record(ObjectKind kind, InternId name, ObjectId owner, InternId place, ObjectRole role = ObjectRole::none) {
        packed_.push_back({.kind = kind, .role = role, .owner = owner, .name = name, .where = place});
    }
    InternId keep_name(std::string_view name) { return checked(names_.intern(name)); }
    InternId keep_place(Location where) { return where.valid() ? places_.intern(where) : 0; }
    // For the recorder, as EventList::record: names are mostly new ("Task-7", "Task-7.step"), so a name
    // is shared only with a recent equal one until deduplicate_names(). A function's frames all share
    // its name, kept once by keep_name.
    InternId add_name(std::string_view name) { return checked(names_.add(name)); }
    void set_name(ObjectId id, std::string_view name) {
        Packed& object = packed_.at(id - 1);
        if (object.name & named_after_bit) object.owner = 0;
        object.name = checked(names_.add(name));
    }
    // Names `id` after an earlier object, `after`: its name, then `suffix` (from keep_name). Spelled
    // only by spell_names_after, when recording ends. Until then the object's own record holds both
    // (its owner field `after`, its name the suffix, marked), so that naming costs no memory: memory
    // a recording has not touched before costs more than the spelling. Until then, too, the object
    // reads as unnamed, with no owner; spelled_name gives the name it will have.
    void name_after(ObjectId id, ObjectId after, InternId suffix) {
        if (after == 0 || after >= id) throw_not_earlier(id, after);
        Packed& object = packed_.at(id - 1);
        object.owner = after;
        object.name = suffix | named_after_bit;
    }
    // Names `id` `prefix` (from keep_name) and then `number` in decimal, when recording ends: a Task's
    // "Task-7". Spelled only by spell_names_after; until then the object reads as unnamed (its owner
    // is its own) and spelled_name gives the name it will have. Its own record holds the number,
    // marked, and the list holds the one prefix its numbered names share: spelling "Task-7" and
    // keeping its letters was a twentieth of what recording a Task cost. False, with nothing named,
    // for a second prefix or a number of 2^30 or more: the caller names it now.
    bool number_at_finish(ObjectId id, InternId prefix, std::uint32_t number) {
        if (number >= numbered_bit || (numbered_prefix_ != 0 && prefix != numbered_prefix_)) return false;
        packed_.at(id - 1).name = number | numbered_bit;
        numbered_prefix_ = prefix;
        return true;
    }
    std::string spelled_name(ObjectId id) const;
    void spell_names_after();
    void set_owner(ObjectId id, ObjectId owner) { packed_.at(id - 1).owner = owner; }
    // A step or wakeup handle named after its task (name_after) keeps the task as its owner once spelled.
    void set_role(ObjectId id, ObjectRole role) { packed_.at(id - 1).role = role; }
    ObjectRole role(size_t i) const { return packed_[i].role; }
    // Each name kept once (Recorder::finish).
    void deduplicate_names();
    void reserve(size_t n) { packed_.reserve(n); }
    void shrink_to_fit() { packed_.shrink_to_fit(); }

    using const_iterator = ValueIterator<ObjectList, TraceObject>;
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    bool operator==(const ObjectList& other) const;
    size_t memory_bytes() const;

private:
    struct Packed {
        ObjectKind kind;
        ObjectRole role;  // in what was padding
        ObjectId owner;
        InternId name, where;
    };
    static_assert(sizeof(Packed) == 16);
    static constexpr InternId named_after_bit = 1u << 31;  // see name_after
    static constexpr InternId numbered_bit = 1u << 30;     // see number_at_finish
    static constexpr InternId given_at_finish = named_after_bit | numbered_bit;
    void append(const TraceObject& object, InternId name);
    [[noreturn]] static void throw_not_earlier(ObjectId id, ObjectId after);
    InternId numbered_prefix_ = 0;  // the prefix of the names number_at_finish gives (0: none yet)
    // A name's id must leave the two marking bits clear (2^30 names would take gigabytes first).
    static InternId checked(InternId name) {
        if (name >= numbered_bit) throw_too_many_names();
        return name;
    }
    [[noreturn]] static void throw_too_many_names();

    ChunkedVector<Packed> packed_;
    StringPool names_;
    PlaceTable places_;
};

}  // namespace cotrace
