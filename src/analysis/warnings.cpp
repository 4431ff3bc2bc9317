#include "warnings.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "races.h"
#include "trace/views.h"

namespace cotrace::analysis {

std::string_view to_string(Warning::Kind kind) {
    switch (kind) {
        case Warning::Kind::never_awaited: return "never awaited";
        case Warning::Kind::blocks_the_loop: return "blocks the loop";
        case Warning::Kind::exception_not_retrieved: return "exception never retrieved";
        case Warning::Kind::pending_at_close: return "pending when the loop stops";
        case Warning::Kind::invalid_state: return "result set twice";
        case Warning::Kind::lost_update: return "lost update";
        case Warning::Kind::stale_check: return "stale check";
    }
    return "?";
}

namespace {

std::string seconds(double value) { return format_g(value) + " s"; }

// What one pass over the events learns about each object.
struct Seen {
    size_t made = 0;               // the event that made it
    bool coroutine = false;        // a frame made by calling an async def
    bool ran = false;              // a frame that started
    bool driven = false;           // a frame given to a Task, or awaited
    bool watched = false;          // a future someone awaited or added a done callback to
    std::optional<size_t> failed;  // the event that gave a future its exception
};

}  // namespace

std::vector<Warning> warnings(const Trace& trace) {
    std::vector<Warning> found;
    std::vector<Seen> seen(trace.objects.size() + 1);
    // One scan of the events; a state is built (from the nearest keyframe) only where a warning needs one.
    std::optional<size_t> last_stop;
    std::map<std::pair<std::int32_t, std::int32_t>, std::pair<size_t, size_t>> blocking_at;  // line -> (warning, times)
    for (size_t i = 0; i < trace.size(); ++i) {
        const Event e = trace.events[i];
        switch (e.kind) {
            case EventKind::coroutine_created:
                seen[e.subject].made = i;
                seen[e.subject].coroutine = e.text == "coroutine";
                // An __await__ (or a generator) is driven by whoever made it.
                if (trace.object(e.subject).owner != 0) seen[trace.object(e.subject).owner].watched = true;
                break;
            case EventKind::frame_enter: seen[e.subject].ran = true; break;
            case EventKind::task_created: seen[e.other].driven = true; break;
            case EventKind::await_: seen[e.other].driven = true; break;
            case EventKind::send: case EventKind::throw_: seen[e.subject].driven = true; break;
            case EventKind::add_done_callback: seen[e.subject].watched = true; break;
            case EventKind::step_yield: if (e.other) seen[e.other].watched = true; break;
            case EventKind::set_exception: seen[e.subject].failed = i; break;
            case EventKind::clock_advance: {
                // The same sleep in a loop warns once, at its first time, with how many times it blocked.
                auto line = std::make_pair(e.where.file, e.where.line);
                if (auto it = blocking_at.find(line); it != blocking_at.end() && e.where.valid()) {
                    ++it->second.second;
                    break;
                }
                State state = trace.state_after(i);
                size_t ready = state.ready.size(), due = 0;
                double end = e.time + e.number, latest = 0;
                for (ObjectId timer : state.timers)
                    if (double when = state.object(timer).when; when < end) ++due, latest = std::max(latest, end - std::max(when, e.time));
                std::string waited;
                if (ready) waited += std::to_string(ready) + " ready callback" + (ready == 1 ? " waits " : "s wait ") + seconds(e.number) + " longer";
                if (due) waited += std::string(ready ? "; " : "") + std::to_string(due) + " timer" + (due == 1 ? " comes" : "s come") +
                                   " due meanwhile and runs up to " + seconds(latest) + " late";
                if (waited.empty()) waited = "no timer or I/O can be served meanwhile";
                blocking_at[line] = {found.size(), 1};
                found.push_back({Warning::Kind::blocks_the_loop, i + 1, 0,
                                 "A blocking sleep of " + seconds(e.number) + " (time.sleep) holds the whole loop: " + waited +
                                     ". await asyncio.sleep() would let the others run."});
                break;
            }
            default: break;
        }
        if (e.kind == EventKind::run_end && trace.meta.clock == "real") {
            // On the real clock, a handle that held the loop long.
            auto run = i;
            while (run-- > 0)
                if (trace.events.kind(run) == EventKind::run && trace.events[run].subject == e.subject) break;
            if (run < i && e.time - trace.events[run].time > slow_step_seconds) {
                double held = std::round((e.time - trace.events[run].time) * 1000) / 1000;
                size_t queued = trace.state_after(run).ready.size(), waited = queued > 0 ? queued - 1 : 0;  // besides itself
                found.push_back({Warning::Kind::blocks_the_loop, run + 1, e.subject,
                                 trace.name(e.subject) + " held the loop for " + seconds(held) +
                                     " (more than asyncio's slow_callback_duration, " + seconds(slow_step_seconds) + ")" +
                                     (waited ? ": " + std::to_string(waited) + " other ready callback" + (waited == 1 ? "" : "s") +
                                                   " waited that long."
                                             : ": no timer or I/O could be served meanwhile.")});
            }
        }
        if ((e.kind == EventKind::frame_raise || e.kind == EventKind::step_raise) && e.text.starts_with("InvalidStateError")) {
            // Report it once, where it began, not at every frame it passes through on its way up (a frame
            // whose exception the recorder could not read says "?").
            size_t first = i;
            auto rising = [&](size_t j) {
                EventKind kind = trace.events.kind(j);
                return kind == EventKind::frame_raise || kind == EventKind::step_raise || kind == EventKind::set_exception ||
                       kind == EventKind::call_soon;
            };
            while (first > 0 && rising(first - 1)) --first;
            bool passing = false;
            for (size_t j = first; j < i; ++j)
                if (trace.events[j].text == e.text && trace.events.kind(j) != EventKind::set_exception) passing = true;
            ObjectId raiser = trace.events.kind(first) == EventKind::frame_raise ? trace.events[first].subject : e.subject;
            if (!passing)
                found.push_back({Warning::Kind::invalid_state, first + 1, raiser,
                                 trace.name(raiser) + " raised " + std::string(e.text) +
                                     ": set_result (or set_exception) on a future that is already done. A future's result is "
                                     "set once; check future.done() first, or let only one side finish it."});
        }
        if (e.kind == EventKind::loop_stop) last_stop = i;
    }
    for (const auto& [line, warning] : blocking_at)
        if (warning.second > 1)
            found[warning.first].text += " This line blocks the loop " + std::to_string(warning.second) + " times in this run.";
    // Failed tasks: a Task's exception comes from its step, not a set_exception event of its own.
    for (size_t i = 0; i < trace.size(); ++i)
        if (trace.events.kind(i) == EventKind::step_raise) seen[trace.events[i].subject].failed = i;

    for (ObjectId id = 1; id <= trace.objects.size(); ++id) {
        const Seen& s = seen[id];
        ObjectKind kind = trace.kind(id);
        if (kind == ObjectKind::frame && s.coroutine && !s.ran && !s.driven)
            found.push_back({Warning::Kind::never_awaited, s.made + 1, id,
                             "Calling " + trace.name(id) + "() made a coroutine that is never awaited or scheduled, so its body "
                             "never runs (Python warns: coroutine '" + trace.name(id) + "' was never awaited)."});
        if ((kind == ObjectKind::task || kind == ObjectKind::future) && s.failed && !s.watched)
            found.push_back({Warning::Kind::exception_not_retrieved, *s.failed + 1, id,
                             trace.name(id) + " failed with " + std::string(trace.events[*s.failed].text) +
                                 ", and no one awaits it or adds a done callback: the exception is lost (Python logs "
                                 "\"Task exception was never retrieved\" when it is collected)."});
    }
    if (last_stop) {
        State at_last_stop = trace.state_after(*last_stop + 1);
        for (ObjectId id = 1; id <= trace.objects.size(); ++id) {
            if (trace.kind(id) != ObjectKind::task) continue;
            const ObjectState& task = at_last_stop.object(id);
            if (task.status != Status::pending && task.status != Status::running) continue;
            std::string waits = task.waiting_on ? ", waiting on " + trace.name(task.waiting_on) : std::string();
            found.push_back({Warning::Kind::pending_at_close, *last_stop + 1, id,
                             "The loop stops while " + trace.name(id) + " is still pending" + waits +
                                 ": its coroutine never finishes (Python warns: Task was destroyed but it is pending)."});
        }
    }
    for (const Race& race : races(trace))
        found.push_back({race.kind == Race::Kind::lost_update ? Warning::Kind::lost_update : Warning::Kind::stale_check,
                         race.write.event + 1, race.write.task, race_text(trace, race), race_links(trace, race)});
    std::stable_sort(found.begin(), found.end(), [](const Warning& a, const Warning& b) { return a.step < b.step; });
    return found;
}

}  // namespace cotrace::analysis
