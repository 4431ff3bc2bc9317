#include "event.h"

#include <array>
#include <vector>

namespace cotrace {

namespace {

constexpr std::array<std::string_view, event_kind_count> event_names = {
    "program_start", "program_end",
    "loop_start", "loop_stop", "loop_iteration", "poll", "idle", "clock_advance",
    "call_soon", "call_later", "timer_ready", "timer_discarded", "handle_cancel", "run", "run_end",
    "task_created", "future_created", "coroutine_created",
    "step_begin", "step_yield", "step_return", "step_raise", "step_cancelled",
    "send", "throw", "await", "frame_enter", "frame_resume", "yield", "yield_through", "frame_return",
    "frame_raise",
    "future_blocking", "add_done_callback", "set_result", "set_exception", "cancel",
    "print",
    "io_start", "io_done", "poll_done",
    "line", "read", "write",
};

constexpr std::array<std::string_view, 6> object_names = {"task",  "future", "gathering",
                                                          "frame", "handle", "timer"};

}  // namespace

std::string_view to_string(EventKind kind) { return event_names[static_cast<size_t>(kind)]; }

std::optional<EventKind> event_kind_from_string(std::string_view name) {
    // Loading a trace asks this for every event: a table indexed by a cheap mix of the name's length and
    // letters, each slot holding the few kinds that land there.
    constexpr size_t slots = 256;
    auto slot_of = [](std::string_view text) {
        return text.empty() ? 0 : (text.size() * 31 + static_cast<unsigned char>(text[0]) * 7 +
                                   static_cast<unsigned char>(text[text.size() / 2]) * 3 +
                                   static_cast<unsigned char>(text.back())) % slots;
    };
    static const auto table = [&] {
        std::array<std::vector<EventKind>, slots> all;
        for (size_t i = 0; i < event_names.size(); ++i) all[slot_of(event_names[i])].push_back(static_cast<EventKind>(i));
        return all;
    }();
    for (EventKind kind : table[slot_of(name)])
        if (event_names[static_cast<size_t>(kind)] == name) return kind;
    return std::nullopt;
}

std::string_view to_string(ObjectKind kind) { return object_names[static_cast<size_t>(kind)]; }

std::optional<ObjectKind> object_kind_from_string(std::string_view name) {
    for (size_t i = 0; i < object_names.size(); ++i)
        if (object_names[i] == name) return static_cast<ObjectKind>(i);
    return std::nullopt;
}

namespace {
constexpr std::array<std::string_view, 6> role_names = {"", "future_await", "asyncio", "step", "wakeup", "call"};
}

std::string_view to_string(ObjectRole role) { return role_names[static_cast<size_t>(role)]; }

std::optional<ObjectRole> object_role_from_string(std::string_view name) {
    for (size_t i = 1; i < role_names.size(); ++i)
        if (role_names[i] == name) return static_cast<ObjectRole>(i);
    return std::nullopt;
}

EventShape shape_of(EventKind kind) {
    using R = EventShape::Ref;
    using K = EventKind;
    switch (kind) {
        case K::call_soon: case K::call_later: case K::timer_ready: case K::timer_discarded:
        case K::handle_cancel: case K::run: case K::run_end:
            return {R::handle_like, R::none};
        case K::task_created: return {R::task, R::frame};
        case K::io_start: case K::io_done:
        case K::future_created: case K::future_blocking: case K::add_done_callback:
        case K::set_result: case K::set_exception: case K::cancel:
            return {R::future_like, R::none};
        case K::coroutine_created: case K::frame_resume: case K::yield_through:
        case K::frame_return: case K::frame_raise:
            return {R::frame, R::none};
        case K::yield: return {R::frame, R::optional_future_like};
        case K::frame_enter: return {R::frame, R::optional_frame};
        case K::await_: return {R::frame, R::frame};
        case K::send: case K::throw_: return {R::frame, R::optional_task};
        case K::step_begin: case K::step_return: case K::step_raise: case K::step_cancelled:
            return {R::task, R::none};
        case K::step_yield: return {R::task, R::optional_future_like};
        case K::line: case K::read: case K::write: return {R::optional_frame, R::none};
        default: return {R::none, R::none};
    }
}

bool matches(EventShape::Ref ref, ObjectKind kind) {
    using R = EventShape::Ref;
    switch (ref) {
        case R::task: case R::optional_task: return kind == ObjectKind::task;
        case R::future_like: case R::optional_future_like:
            return kind == ObjectKind::task || kind == ObjectKind::future || kind == ObjectKind::gathering;
        case R::frame: case R::optional_frame: return kind == ObjectKind::frame;
        case R::handle_like: return kind == ObjectKind::handle || kind == ObjectKind::timer;
        case R::none: return false;
    }
    return false;
}

std::string_view describe(EventShape::Ref ref) {
    using R = EventShape::Ref;
    switch (ref) {
        case R::task: case R::optional_task: return "task";
        case R::future_like: case R::optional_future_like: return "future or task";
        case R::frame: case R::optional_frame: return "frame";
        case R::handle_like: return "handle or timer";
        case R::none: return "nothing";
    }
    return "nothing";
}

AccessText access_text(std::string_view text) {
    AccessText access;
    size_t end = text.find('\n');
    access.target = text.substr(0, end);
    std::string_view rest = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t value_end = rest.find('\n');
    access.value = rest.substr(0, value_end);
    access.test = value_end != std::string_view::npos && rest.substr(value_end + 1) == "test";
    return access;
}

}  // namespace cotrace
