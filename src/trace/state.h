// The state of a traced program after some number of events: who holds control, what the loop holds,
// and where every task, future and frame stands. It is a pure function of the events (see apply()).
#pragma once

#include <string>
#include <vector>

#include "event.h"
#include "interning.h"
#include "loop_queues.h"
#include "object_table.h"

namespace cotrace {

class Trace;

// One level of "who holds control": program > event_loop > main_task.step > main > ...
struct ControlEntry {
    enum class Kind : std::uint8_t { program, event_loop, handle, step, frame };
    Kind kind = Kind::program;
    ObjectId id = 0;  // the handle, task or frame; 0 for program and event_loop
    bool operator==(const ControlEntry&) const = default;
};

enum class Status : std::uint8_t {
    created,    // frame not started yet
    pending,    // future or task not done
    running,    // frame or task holding control now
    suspended,  // frame waiting at a yield
    done,       // future with a result, frame that returned
    failed,     // future with an exception, frame that raised
    cancelled,  // future cancelled; handle cancelled
};
std::string_view to_string(Status status);

// Kept small (40 bytes): a trace of ten million events has over a million objects, and keyframes copy
// the states that change. Texts are the ids of the trace's event texts (Trace::text), and a future's
// done callbacks are a count (Trace::callbacks lists them).
struct ObjectState {
    double when = 0;                    // timer: its deadline
    Location where;                     // frame: its current line (before it starts: none)
    ObjectId waiting_on = 0;            // task: the future it waits on (_fut_waiter)
    InternId result = 0;                // repr of the result, or of the exception
    InternId io = 0;                    // future of an I/O operation: what it is ("read of notes.txt, 4096 bytes")
    std::uint32_t callbacks = 0;        // future: how many done callbacks wait to be scheduled
    Status status = Status::created;
    // frame: what calling its function made. Python names them: coroutine, generator, async generator.
    enum class Made : std::uint8_t { coroutine, generator, async_generator };
    Made made = Made::coroutine;
    bool queued = false;                // handle or timer: in the ready queue or the timer heap
    bool operator==(const ObjectState&) const = default;
};
static_assert(sizeof(ObjectState) == 40);

struct LoopState {
    bool running = false;
    int iteration = 0;
    double time = 0;
    bool polling = false;       // the last event was a poll: the loop is waiting
    double poll_timeout = 0;    // < 0: block until I/O
    bool idle = false;          // nothing ready, no timers: a real run_forever would wait forever
    double poll_waited = 0;     // how long the last poll really waited (seconds)
    int poll_completions = 0;   // how many I/O operations completed during it
    bool operator==(const LoopState&) const = default;
};

struct State {
    size_t events_applied = 0;
    std::vector<ControlEntry> control;   // bottom (program) first
    ReadyQueue ready;                    // the ready queue, next to run first
    TimerHeap timers;                    // the heap, ordered by (deadline, id)
    IoPending io_pending;                // futures of I/O operations in flight, oldest first
    SharedTable<ObjectState> objects;    // indexed by ObjectId; copies share what they did not change
    LoopState loop;
    size_t output_lines = 0;             // print events so far
    // The program's plain functions whose lines ran inside the frame in control (a Python trace's frames
    // with role `call`), outermost first: a line (or read, or write) of one drops those above it, one of
    // any other frame drops them all, and so does control moving to another frame. (One returned, whose
    // caller has run no code since, is still here: its variables are unbound, which is how
    // analysis::running_calls tells.)
    std::vector<ObjectId> calls;
    bool operator==(const State&) const = default;

    const ObjectState& object(ObjectId id) const { return objects.at(id); }
    // Bytes a copy of this state costs beyond the object chunks it shares: the control stack, the
    // queues, and the table's index of chunks. (Keyframes count it: see TraceIndexer.)
    size_t copy_bytes() const;
    // The place control is at now: the innermost entry that knows its line.
    Location current_location() const;
};

// Applies one event. Returns an empty string, or what is inconsistent about the event in this state
// (used to reject malformed traces; a recorded trace never has any).
std::string apply(State& state, const Trace& trace, const Event& event);

// The state before any event.
State initial_state(const Trace& trace);

}  // namespace cotrace
