#include "stepping.h"

#include "describe.h"

#include <algorithm>

namespace cotrace::analysis {

Landmarks landmarks_of(const Trace& trace, const std::vector<OutlineLine>& outline) {
    Landmarks marks;
    for (const auto& line : outline) marks.transfers.push_back(line.event + 1);
    for (size_t i = 0; i < trace.size(); ++i) {
        auto position = static_cast<std::uint32_t>(i + 1);
        switch (trace.events.kind(i)) {
            case EventKind::step_begin: marks.steps.push_back(position); break;
            case EventKind::loop_iteration: marks.rounds.push_back(position); break;
            case EventKind::print: marks.prints.push_back(position); break;
            default: break;
        }
    }
    return marks;
}

Landmarks landmarks_of(const Trace& trace) { return landmarks_of(trace, outline_lines(trace)); }

namespace {

const std::vector<std::uint32_t>& list_of(const Landmarks& marks, Meaning meaning) {
    switch (meaning) {
        case Meaning::task_step: return marks.steps;
        case Meaning::control_transfer: return marks.transfers;
        case Meaning::loop_round: return marks.rounds;
        case Meaning::print: return marks.prints;
    }
    return marks.steps;
}

bool wanted(const Trace& trace, Meaning meaning, std::uint32_t position, ObjectId task) {
    return meaning != Meaning::task_step || task == 0 || trace.events[position - 1].subject == task;
}

}  // namespace

std::optional<size_t> next_of(const Trace& trace, const Landmarks& marks, Meaning meaning, size_t position,
                              ObjectId task) {
    const auto& list = list_of(marks, meaning);
    for (auto it = std::upper_bound(list.begin(), list.end(), position); it != list.end(); ++it)
        if (wanted(trace, meaning, *it, task)) return *it;
    return std::nullopt;
}

std::optional<size_t> previous_of(const Trace& trace, const Landmarks& marks, Meaning meaning, size_t position,
                                  ObjectId task) {
    const auto& list = list_of(marks, meaning);
    for (auto it = std::lower_bound(list.begin(), list.end(), position); it != list.begin();) {
        --it;
        if (wanted(trace, meaning, *it, task)) return *it;
    }
    return std::nullopt;
}

std::optional<size_t> completion_of(const Trace& trace, ObjectId future) {
    for (size_t i = 0; i < trace.size(); ++i)
        if (completes(trace.events.kind(i)) && trace.events[i].subject == future) return i;
    return std::nullopt;
}

std::optional<size_t> until_done(const Trace& trace, ObjectId future, size_t position) {
    for (size_t i = position; i < trace.size(); ++i)
        if (completes(trace.events.kind(i)) && trace.events[i].subject == future) return i + 1;
    return std::nullopt;
}

ObjectId task_in_control(const Trace& trace, const State& state) {
    for (auto it = state.control.rbegin(); it != state.control.rend(); ++it) {
        if (it->kind == ControlEntry::Kind::step) return it->id;
        if (it->kind == ControlEntry::Kind::handle) return trace.task_run_by(it->id);
    }
    return 0;
}

std::optional<ObjectId> find_object(const Trace& trace, std::string_view name) {
    for (ObjectId id = 1; id <= trace.objects.size(); ++id)
        if (trace.name_view(id) == name) return id;
    return std::nullopt;
}

std::vector<size_t> line_stops(const Trace& trace) {
    std::vector<size_t> stops;
    auto programs_task = [&](ObjectId task) {
        ObjectId coroutine = trace.object(task).owner;
        return coroutine && trace.has_object(coroutine) && trace.role(coroutine) == ObjectRole::none;
    };
    bool has_lines = false;
    for (size_t i = 0; i < trace.size(); ++i) {
        switch (trace.events.kind(i)) {
            case EventKind::line: stops.push_back(i + 1), has_lines = true; break;
            case EventKind::step_begin: case EventKind::step_yield: case EventKind::step_return:
            case EventKind::step_raise: case EventKind::step_cancelled:
                if (programs_task(trace.events.subject(i))) stops.push_back(i + 1);
                break;
            default: break;
        }
    }
    if (!has_lines) stops.clear();
    return stops;
}

std::vector<ObjectId> printing_tasks(const Trace& trace) {
    std::vector<ObjectId> printers, stepping;
    for (size_t i = 0; i < trace.size(); ++i) {
        switch (trace.events.kind(i)) {
            case EventKind::step_begin: stepping.push_back(trace.events.subject(i)); break;
            case EventKind::step_yield: case EventKind::step_return: case EventKind::step_raise: case EventKind::step_cancelled:
                if (!stepping.empty()) stepping.pop_back();
                break;
            case EventKind::print: printers.push_back(stepping.empty() ? 0 : stepping.back()); break;
            default: break;
        }
    }
    return printers;
}

}  // namespace cotrace::analysis
