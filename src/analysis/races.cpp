#include "races.h"

#include "describe.h"
#include "stepping.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace cotrace::analysis {

std::vector<Access> accesses(const Trace& trace) {
    std::vector<Access> found;
    std::vector<ObjectId> stepping;  // the tasks whose steps run, innermost last
    std::map<ObjectId, int> rounds;  // how many times each task suspended
    for (size_t i = 0; i < trace.size(); ++i) {
        EventKind kind = trace.events.kind(i);
        switch (kind) {
            case EventKind::step_begin: stepping.push_back(trace.events.subject(i)); break;
            case EventKind::step_yield: case EventKind::step_return: case EventKind::step_raise:
            case EventKind::step_cancelled:
                if (!stepping.empty()) stepping.pop_back();
                ++rounds[trace.events.subject(i)];
                break;
            case EventKind::read: case EventKind::write: {
                Event e = trace.events[i];
                AccessText text = access_text(e.text);
                Access access{.event = i, .task = stepping.empty() ? 0 : stepping.back(), .write = kind == EventKind::write,
                              .test = text.test, .target = std::string(text.target), .value = std::string(text.value),
                              .object = static_cast<std::uint32_t>(e.number)};
                access.round = access.task ? rounds[access.task] : 0;
                found.push_back(std::move(access));
                break;
            }
            default: break;
        }
    }
    return found;
}

std::vector<Race> races(const Trace& trace) {
    std::vector<Access> all = accesses(trace);
    // Each target's accesses, in order.
    std::map<std::string, std::vector<const Access*>> by_target;
    for (const Access& a : all)
        if (a.task) by_target[a.target].push_back(&a);
    std::vector<Race> found;
    for (const auto& entry : by_target) {
        const std::vector<const Access*>& list = entry.second;  // (a structured binding: clang 14 cannot capture it)
        for (size_t w = 0; w < list.size(); ++w) {
            const Access& write = *list[w];
            if (!write.write) continue;
            // The task's own accesses to this target before the write, latest first.
            const Access *last_read = nullptr, *last_own_write = nullptr, *test = nullptr;
            for (size_t j = w; j-- > 0;) {
                const Access& a = *list[j];
                if (a.task != write.task) continue;
                if (a.write) {
                    last_own_write = &a;
                    break;  // before its own last write, what it read is no longer what this write comes from
                }
                if (!last_read) last_read = &a;
                if (a.test && a.round < write.round) test = &a;  // the latest test before a suspension
                if (test) break;
            }
            (void)last_own_write;
            // Another task's write between `from` and this write.
            auto written_meanwhile = [&](const Access& from) -> const Access* {
                for (size_t j = w; j-- > 0;) {
                    const Access& a = *list[j];
                    if (a.event <= from.event) break;
                    if (a.write && a.task != write.task) return &a;
                }
                return nullptr;
            };
            if (last_read && last_read->round < write.round) {
                if (const Access* other = written_meanwhile(*last_read)) {
                    found.push_back({Race::Kind::lost_update, *last_read, *other, write});
                    continue;
                }
            }
            if (test && last_read && last_read->round == write.round) {
                // It read again after the suspension, but acts on a test made before it.
                const Access* other = nullptr;
                for (size_t j = w; j-- > 0;) {
                    const Access& a = *list[j];
                    if (a.event <= test->event) break;
                    if (a.write && a.task != write.task && a.event < last_read->event) other = &a;
                }
                if (other) found.push_back({Race::Kind::stale_check, *test, *other, write});
            }
        }
    }
    std::sort(found.begin(), found.end(), [](const Race& a, const Race& b) { return a.write.event < b.write.event; });
    return found;
}

std::string resume_note(const Trace& trace, const State& state, size_t step) {
    if (step == 0 || step > trace.size()) return {};
    Event resumed = trace.events[step - 1];
    if (resumed.kind != EventKind::frame_resume || trace.role(resumed.subject) != ObjectRole::none) return {};
    // Said once, at the first of the program's frames a resume passes down through (the outermost).
    if (step >= 2 && trace.events.kind(step - 2) == EventKind::frame_resume &&
        trace.role(trace.events.subject(step - 2)) == ObjectRole::none)
        return {};
    ObjectId task = task_in_control(trace, state);
    if (!task) return {};
    // Back to the task's last suspension (a bounded look: a note costs the same in any trace), noting the
    // latest value written of each target meanwhile; then its reads in the step before that.
    constexpr size_t look_back = 65536;
    size_t i = step - 1, limit = i > look_back ? i - look_back : 0;
    auto access_of = [&](size_t j) {
        Event e = trace.events[j];
        AccessText text = access_text(e.text);
        return Access{.event = j, .write = e.kind == EventKind::write, .target = std::string(text.target),
                      .value = std::string(text.value), .object = static_cast<std::uint32_t>(e.number)};
    };
    std::map<std::string, Access> written;  // latest first: the first found going back
    bool found = false;
    while (i-- > limit) {
        EventKind kind = trace.events.kind(i);
        if ((kind == EventKind::step_yield) && trace.events.subject(i) == task) {
            found = true;
            break;
        }
        if (kind == EventKind::write) written.try_emplace(access_of(i).target, access_of(i));
    }
    if (!found || written.empty()) return {};
    std::vector<std::string> said, own_writes;
    std::map<std::string, bool> seen;
    while (i-- > limit) {
        EventKind kind = trace.events.kind(i);
        if (kind == EventKind::step_begin && trace.events.subject(i) == task) break;
        if (kind != EventKind::read && kind != EventKind::write) continue;
        Access a = access_of(i);
        if (!seen.try_emplace(a.target, true).second) continue;  // only its last access of each counts
        auto now = written.find(a.target);
        if (a.write || now == written.end() || now->second.value == a.value) continue;
        std::string name = target_name(trace, a);
        said.push_back("it read " + name + " as " + a.value + " before it waited, but " + name + " is now " + now->second.value);
    }
    if (said.empty()) return {};
    std::string note;
    for (const auto& part : said) note += (note.empty() ? "" : "; ") + part;
    note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(note[0])));
    return note + ".";
}

std::string target_name(const Trace& trace, const Access& access) {
    if (!access.object) return access.target;
    // "Account#1.balance" -> "balance" after the owner; a variable holding object #1 then names the owner.
    size_t number_end = access.target.find_first_of(".[", access.target.find('#'));
    if (number_end == std::string::npos) return access.target;
    std::string rest = access.target.substr(number_end);
    for (const auto* list : {&trace.values.frames(), &trace.values.calls()})
        for (ObjectId frame : *list)
            for (const Variable& v : trace.values.at(frame, access.event + 1))
                if (v.shared == access.object) return std::string(v.name) + rest;
    return access.target;
}

std::string race_text(const Trace& trace, const Race& race) {
    std::string target = target_name(trace, race.write);
    auto step = [](const Access& a) { return "step " + std::to_string(a.event + 1); };
    std::string first = task_label(trace, race.write.task), other = task_label(trace, race.other_write.task);
    if (race.kind == Race::Kind::lost_update)
        return target + " was read as " + race.read.value + " at " + step(race.read) + " by " + first + "; " + other +
               " wrote " + race.other_write.value + " at " + step(race.other_write) + " while it waited; " + first +
               " wrote " + race.write.value + " at " + step(race.write) + " from its old read: one update lost.";
    return first + " tested " + target + " (" + race.read.value + ") at " + step(race.read) + "; " + other + " changed it to " +
           race.other_write.value + " at " + step(race.other_write) + " while it waited; " + first + " acted on its old test and wrote " +
           race.write.value + " at " + step(race.write) + ".";
}

std::vector<WhyLink> race_links(const Trace& trace, const Race& race) {
    std::string target = target_name(trace, race.write);
    std::string first = task_label(trace, race.write.task), other = task_label(trace, race.other_write.task);
    bool lost = race.kind == Race::Kind::lost_update;
    std::vector<WhyLink> links;
    links.push_back({race.read.event + 1, first + (lost ? " reads " : " tests ") + target + ": " + race.read.value + "."});
    // Where its task gave up control after that read: the suspension the other's write fits into.
    for (size_t i = race.read.event; i < race.other_write.event; ++i)
        if (trace.events.kind(i) == EventKind::step_yield && trace.events.subject(i) == race.write.task) {
            links.push_back({i + 1, first + " suspends: another task may run before it resumes."});
            break;
        }
    links.push_back({race.other_write.event + 1, other + " writes " + target + " = " + race.other_write.value + " while " +
                                                     first + " waits."});
    links.push_back({race.write.event + 1, lost ? first + " writes " + target + " = " + race.write.value +
                                                      " from its old read: " + other + "'s update is lost."
                                                : first + " acts on its old test and writes " + target + " = " + race.write.value + "."});
    return links;
}

}  // namespace cotrace::analysis
