// The vocabulary of a trace: the objects a program makes and the events that move control among them.
// docs/trace-format.md documents every kind; keep the two in step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cotrace {

using ObjectId = std::uint32_t;  // 0 means "none"

enum class ObjectKind : std::uint8_t {
    task,       // an asyncio Task (also a Future)
    future,     // a plain Future
    gathering,  // the outer future that gather() returns
    frame,      // one coroutine (or __await__ generator) frame
    handle,     // a callback put on the ready queue by call_soon
    timer,      // a TimerHandle put on the heap by call_later / call_at
};

// What an object is, beyond its kind, as the recorder knew it (names are for people, never to decide by).
enum class ObjectRole : std::uint8_t {
    none,          // a frame of the program's own code (a walkthrough's own __await__ too); a handle of its own
    future_await,  // a frame: asyncio's (the runtime's) Future.__await__; its owner is the future
    asyncio,       // a frame: other code of asyncio's (the runtime's) own, such as sleep or Queue.get
    task_step,     // a handle or timer that runs its owner task's step (Task.__step)
    task_wakeup,   // a handle that runs its owner task's wakeup (Task.__wakeup), a done callback
    call,          // a frame: a call of one of the program's plain functions (a Python trace records its
                   // variables; it has no events of its own: control stays with its caller's task)
};

enum class EventKind : std::uint8_t {
    program_start, program_end,
    loop_start, loop_stop, loop_iteration, poll, idle, clock_advance,
    call_soon, call_later, timer_ready, timer_discarded, handle_cancel, run, run_end,
    task_created, future_created, coroutine_created,
    step_begin, step_yield, step_return, step_raise, step_cancelled,
    send, throw_, await_, frame_enter, frame_resume, yield, yield_through, frame_return, frame_raise,
    future_blocking, add_done_callback, set_result, set_exception, cancel,
    print,
    io_start, io_done, poll_done,
    line,  // a line of the program's own files begins to run (a Python trace); subject: its frame, if followed
    read, write,  // the program's own code reads or writes shared data: a global, an attribute, an item
};
inline constexpr int event_kind_count = static_cast<int>(EventKind::write) + 1;

std::string_view to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view name);
std::string_view to_string(ObjectKind kind);
std::optional<ObjectKind> object_kind_from_string(std::string_view name);
std::string_view to_string(ObjectRole role);  // "" for none
std::optional<ObjectRole> object_role_from_string(std::string_view name);

// A place in one of the trace's embedded source files. file < 0: the event has no place of its own.
struct Location {
    std::int32_t file = -1;
    std::int32_t line = 0;
    std::int32_t column = 0;
    bool valid() const { return file >= 0; }
    bool operator==(const Location&) const = default;
};

struct Event {
    EventKind kind = EventKind::print;
    ObjectId subject = 0;  // the object the event is about
    ObjectId other = 0;    // a second object: the parent frame, the future waited on, the task driving
    Location where;
    double time = 0;       // loop time when it happened
    double number = 0;     // a delay, a poll timeout, an iteration number, seconds slept
    std::string_view text; // a repr, an exception repr, a callback's name, or printed text; Event is a view:
                           // its text belongs to the EventList it came from (or to whoever made it)
    std::uint32_t text_id = 0;  // the text's id in that EventList (0 for an event made by hand)
    // Equal when they say the same, whichever list their texts live in.
    bool operator==(const Event& that) const {
        return kind == that.kind && subject == that.subject && other == that.other && where == that.where &&
               time == that.time && number == that.number && text == that.text;
    }
};

struct TraceObject {
    ObjectId id = 0;
    ObjectKind kind = ObjectKind::future;
    std::string_view name; // main_task, fut1, main, triple_task.__await__, main_task.step
    ObjectId owner = 0; // task: its coroutine's frame; frame: the future it awaits (for __await__);
                        // handle/timer: the task whose step or wakeup it runs
    Location where;     // frame: where its function is defined
    ObjectRole role = ObjectRole::none;
    bool operator==(const TraceObject&) const = default;
};

// A read or write event's text, "TARGET\nVALUE" with "\ntest" after a read that a branch tests: its parts
// (views into the text). The Python recorder writes it; the narration, races and Predict read it.
struct AccessText {
    std::string_view target, value;
    bool test = false;
};
AccessText access_text(std::string_view text);

// What each event kind refers to, so a loaded trace can be checked before it is used.
struct EventShape {
    enum Ref : std::uint8_t { none, task, future_like, frame, handle_like, optional_frame,
                              optional_task, optional_future_like };
    Ref subject = none;
    Ref other = none;
};
EventShape shape_of(EventKind kind);
bool matches(EventShape::Ref ref, ObjectKind kind);
std::string_view describe(EventShape::Ref ref);

}  // namespace cotrace
