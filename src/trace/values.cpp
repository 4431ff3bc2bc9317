#include "values.h"

#include <algorithm>
#include <stdexcept>

namespace cotrace {

ValueChange ValueList::operator[](size_t i) const {
    const Packed& p = changes_[i];
    return {.event = p.event, .frame = p.frame, .name = texts_[p.name], .text = texts_[p.text], .unbound = p.unbound,
            .shared = p.shared, .object = p.object};
}

void ValueList::push_back(const ValueChange& change, bool call) {
    if (!changes_.empty() && change.event < changes_.back().event)
        throw std::invalid_argument("value changes must come in the order of their events");
    InternId name = texts_.intern(change.name);
    changes_.push_back({change.event, change.frame, name, change.unbound ? 0 : texts_.intern(change.text),
                        change.unbound ? 0 : change.shared, change.unbound ? 0 : change.object, change.unbound});
    std::uint64_t key = std::uint64_t{change.frame} << 32 | name;
    auto [found, added] = slot_of_.try_emplace(key, 0);
    std::vector<Slot>& slots = slots_[change.frame];
    if (slots.empty()) (call ? calls_ : frames_).push_back(change.frame);
    if (added) found->second = static_cast<std::uint32_t>(slots.size()), slots.push_back({name, {}});
    slots[found->second].changes.push_back(static_cast<std::uint32_t>(changes_.size() - 1));
}

std::vector<Variable> ValueList::at(ObjectId frame, size_t step) const {
    std::vector<Variable> variables;
    auto slots = slots_.find(frame);
    if (slots == slots_.end() || step == 0) return variables;
    // Changes at events before `step` hold after the first `step` events.
    auto before_step = [&](std::uint32_t index) { return changes_[index].event < step; };
    for (const Slot& slot : slots->second) {
        auto end = std::partition_point(slot.changes.begin(), slot.changes.end(), before_step);
        if (end == slot.changes.begin()) continue;
        const Packed& now = changes_[*(end - 1)];
        if (now.unbound) continue;
        Variable variable{.name = texts_[slot.name], .text = texts_[now.text], .shared = now.shared,
                          .object = now.object, .since = now.event};
        variable.changed = now.event + 1 == step;
        if (variable.changed && end - 1 != slot.changes.begin()) {
            const Packed& was = changes_[*(end - 2)];
            variable.was_bound = !was.unbound;
            variable.before = texts_[was.text];
        }
        variables.push_back(variable);
    }
    return variables;
}

std::optional<std::uint32_t> ValueList::first_event(ObjectId frame) const {
    auto slots = slots_.find(frame);
    if (slots == slots_.end()) return std::nullopt;
    std::optional<std::uint32_t> first;
    for (const Slot& slot : slots->second)
        if (!slot.changes.empty() && (!first || changes_[slot.changes.front()].event < *first)) first = changes_[slot.changes.front()].event;
    return first;
}

std::string ValueList::listed(ObjectId frame, std::uint32_t event, size_t longest) const {
    std::string text;
    for (const Variable& v : at(frame, event + 1)) text += (text.empty() ? "" : ", ") + std::string(v.text);
    if (text.size() > longest) text = text.substr(0, longest - 3) + "...";
    return text;
}

size_t ValueList::memory_bytes() const {
    size_t bytes = changes_.capacity() * sizeof(Packed) + texts_.memory_bytes() + slot_of_.size() * 32 +
                   (frames_.capacity() + calls_.capacity()) * sizeof(ObjectId);
    for (const auto& [frame, slots] : slots_)
        for (const Slot& slot : slots) bytes += sizeof(Slot) + slot.changes.capacity() * sizeof(std::uint32_t);
    return bytes;
}

bool ValueList::operator==(const ValueList& that) const {
    if (size() != that.size()) return false;
    for (size_t i = 0; i < size(); ++i)
        if (!((*this)[i] == that[i])) return false;
    return true;
}

}  // namespace cotrace
