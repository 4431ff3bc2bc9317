#include "asyncio_code.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace cotrace::analysis {

const std::map<std::string, std::string>& asyncio_code_sources();  // embedded by CMake

namespace {

using Kind = ControlEntry::Kind;

// The seed numbers at the end of a C++ line ("// seed 9,10" or "...; seed 6"), if any.
std::vector<int> seed_numbers(std::string_view line, size_t* marker_at = nullptr) {
    size_t at = line.rfind("seed ");
    if (at == std::string_view::npos || line.substr(0, at).find("//") == std::string_view::npos) return {};
    std::vector<int> numbers;
    int number = 0;
    bool digits = false;
    for (size_t i = at + 5; i < line.size(); ++i) {
        char c = line[i];
        if (std::isdigit(static_cast<unsigned char>(c))) number = number * 10 + (c - '0'), digits = true;
        else if (c == ',' && digits) numbers.push_back(number), number = 0, digits = false;
        else return {};
    }
    if (!digits) return {};
    numbers.push_back(number);
    if (marker_at) *marker_at = at;
    return numbers;
}

CodeListing make_listing(std::string title, std::string seed_path, std::string cpp_path) {
    CodeListing listing{std::move(title), std::move(seed_path), {}, std::move(cpp_path), {}, {}};
    const auto& sources = asyncio_code_sources();
    listing.seed = sources.at("src/analysis/" + listing.seed_path);
    listing.cpp = sources.at(listing.cpp_path);
    std::string_view rest = listing.cpp;
    for (int line = 1; !rest.empty(); ++line) {
        size_t end = rest.find('\n');
        for (int seed : seed_numbers(rest.substr(0, end))) listing.line_map.push_back({line, seed});
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return listing;
}

// The step on the control stack, innermost first: its place in the stack and its task's name.
struct StepOnStack {
    size_t depth = 0;       // index into control
    bool wakeup = false;    // the wake-up handle, before it calls step
    std::string task;       // "main_task"
};

std::optional<StepOnStack> step_on_stack(const Trace& trace, const State& state) {
    for (size_t k = state.control.size(); k-- > 0;) {
        const ControlEntry& entry = state.control[k];
        if (entry.kind == Kind::step) return StepOnStack{k, false, trace.name(entry.id)};
        if (entry.kind == Kind::handle) {
            ObjectId task = trace.task_run_by(entry.id);
            if (!task) return std::nullopt;
            return StepOnStack{k, trace.role(entry.id) == ObjectRole::task_wakeup, trace.name(task)};
        }
    }
    return std::nullopt;
}

// asyncio's (or the runtime's) Future.__await__, as the recorder knew it. A class's own __await__ (the
// Rock's) is the program's code, whatever its name.
bool is_await_frame(const Trace& trace, ObjectId id) { return trace.role(id) == ObjectRole::future_await; }

// How far back the marks look for the event that puts the step on its line.
constexpr size_t look_back = 256;

}  // namespace

int CodeListing::cpp_line(int seed_line) const {
    for (const auto& [cpp, seed] : line_map)
        if (seed == seed_line) return cpp;
    return 0;
}

const CodeListing& asyncio_listing(AsyncioListing which) {
    static const CodeListing task_step = make_listing("Task.step", "seed/task_step.py", "src/runtime/task.cpp");
    static const CodeListing future_await = make_listing("Future.__await__", "seed/future_await.py", "src/runtime/future.cpp");
    return which == AsyncioListing::task_step ? task_step : future_await;
}

std::string_view without_seed_marker(std::string_view line) {
    size_t at = 0;
    if (seed_numbers(line, &at).empty()) return line;
    std::string_view code = line.substr(0, at);
    // "// seed 5" goes whole; "// StopIteration; seed 6" keeps its comment.
    while (!code.empty() && (code.back() == ' ' || code.back() == ';')) code.remove_suffix(1);
    if (code.ends_with("//")) code.remove_suffix(2);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    return code;
}

AsyncioMarks asyncio_marks(const Trace& trace, size_t position) {
    AsyncioMarks marks;
    if (position == 0 || position > trace.size()) return marks;
    State state = trace.state_after(position);
    const Event event = trace.events[position - 1];
    auto step = step_on_stack(trace, state);
    const auto& control = state.control;

    // Future.__await__: an __await__ frame holding control, or the one that just returned or paused.
    ObjectId awaiting = 0;
    for (size_t k = control.size(); k-- > 0;)
        if (control[k].kind == Kind::frame && is_await_frame(trace, control[k].id)) awaiting = control[k].id;
    if (awaiting && control.back() == ControlEntry{Kind::frame, awaiting}) {
        std::string name = trace.name(awaiting);
        int line = event.kind == EventKind::future_blocking ? 6 : event.kind == EventKind::frame_resume ? 9 : 5;
        marks.future_await = {line, true, name + " runs here"};
        marks.in_asyncio = true;
        marks.focus = AsyncioListing::future_await;
    } else if (event.kind == EventKind::frame_return && is_await_frame(trace, event.subject)) {
        marks.future_await = {12, false, trace.name(event.subject) + " returned " + std::string(event.text)};
    } else {
        // Within this step, an __await__ that yielded and still waits for its future.
        size_t stop = position > look_back ? position - look_back : 0;
        for (size_t j = position; j-- > stop;) {
            EventKind kind = trace.events.kind(j);
            if (kind == EventKind::step_begin || kind == EventKind::run) break;
            if (kind == EventKind::yield && is_await_frame(trace, trace.events[j].subject) &&
                state.object(trace.events[j].subject).status == Status::suspended) {
                marks.future_await = {7, false, trace.name(trace.events[j].subject) + " paused here: yield self"};
                break;
            }
        }
    }

    if (!step) return marks;
    {
        // The step that began since the loop last ran a handle is the one on the stack.
        size_t stop = position > look_back ? position - look_back : 0;
        for (size_t j = position; j-- > stop;) {
            EventKind kind = trace.events.kind(j);
            if (kind == EventKind::run) break;
            if (kind == EventKind::step_begin) {
                marks.task_step_code = trace.events[j].where;
                break;
            }
        }
    }
    std::string label = step->task + ".step";
    if (step->depth + 1 < control.size()) {
        // A coroutine runs above the step: the step waits in send(None) until it yields or returns.
        marks.task_step = {5, false, label + " waits here: send(None) runs " + trace.label(control.back())};
        return marks;
    }
    marks.in_asyncio = true;
    marks.focus = AsyncioListing::task_step;
    if (step->wakeup && event.kind == EventKind::run) {
        marks.note = "asyncio's done callback is " + step->task + ".wakeup, not step itself: it reads the awaited future's "
                     "result (or exception) and then calls step. The simplified Task.step adds step directly.";
        return marks;
    }
    // The step's line: the nearest event back that decides it.
    size_t stop = position > look_back ? position - look_back : 0;
    for (size_t j = position; j-- > stop;) {
        const Event e = trace.events[j];
        int line = 0;
        switch (e.kind) {
            case EventKind::run: line = 4; break;
            case EventKind::step_begin: case EventKind::send: case EventKind::throw_: line = 5; break;
            case EventKind::yield: case EventKind::yield_through:
                if (e.text == "None") {
                    line = 12;
                    marks.note = "The coroutine yielded None (a bare yield, as sleep(0) does): asyncio's step schedules "
                                 "itself again with call_soon. The simplified listing leaves this case out (its '...').";
                } else {
                    line = 8;  // no StopIteration: the else branch, which looks at what was yielded
                }
                break;
            case EventKind::add_done_callback: line = 11; break;
            case EventKind::step_yield: line = e.other ? 11 : 12; break;
            case EventKind::frame_return: line = 7; break;  // StopIteration caught (line 6): on to set_result
            case EventKind::frame_raise:
                line = 6;
                marks.note = "The coroutine raised " + std::string(e.text) + ". asyncio's step catches it too: a "
                             "CancelledError cancels the task, anything else goes to set_exception. The simplified "
                             "listing shows only StopIteration.";
                break;
            case EventKind::set_result: case EventKind::step_return: line = 7; break;
            case EventKind::set_exception: case EventKind::step_raise: case EventKind::cancel: case EventKind::step_cancelled:
                line = 7;
                if (marks.note.empty())
                    marks.note = "The simplified step only sets a result; asyncio's also sets an exception or cancels the "
                                 "task, the same way (done callbacks go on the ready queue).";
                break;
            default: continue;
        }
        if (j == position - 1 && e.kind == EventKind::step_begin && !e.text.empty())
            marks.note = "asyncio's step throws " + std::string(e.text) + " into the coroutine instead of send(None) "
                         "(coro.throw(exc)): this is how a cancellation arrives. The simplified listing leaves it out.";
        marks.task_step = {line, true, label + " runs here"};
        return marks;
    }
    marks.task_step = {5, true, label + " runs here"};
    return marks;
}

}  // namespace cotrace::analysis
