#include "views.h"

#include <cstdio>

namespace cotrace {

namespace {

// "CancelledError('msg')" -> "CancelledError": the oracle logs exception types.
std::string type_of_exception(const std::string& repr) { return repr.substr(0, repr.find('(')); }

}  // namespace

std::string step_log_line(const Trace& trace, const Event& e) {
    auto name = [&](ObjectId id) { return id ? trace.name(id) : std::string("None"); };
    const std::string text(e.text);
    switch (e.kind) {
        case EventKind::call_soon:
            // The oracle logs call_soon itself only: a Python trace's call_soon names the method when it was
            // another (call_soon_threadsafe, or _add_callback for a reader or writer the selector found ready).
            if (!text.empty()) return {};
            return "call_soon " + name(e.subject);
        case EventKind::call_later:
            // The oracle logs call_later, not call_at (a Python trace's call_later says "call_at" for one).
            if (text == "call_at") return {};
            return "call_later " + format_g(e.number) + " " + name(e.subject);
        case EventKind::timer_ready: return "timer_ready " + name(e.subject);
        case EventKind::run: return "run " + (text.empty() ? name(e.subject) : text);  // text: a name it ran under
        case EventKind::step_begin:
            return text.empty() ? "send " + name(e.subject) + " None"
                                  : "throw " + name(e.subject) + " " + type_of_exception(text);
        case EventKind::step_yield: return "yield " + name(e.subject) + " " + name(e.other);
        case EventKind::step_return: return "return " + name(e.subject) + " " + text;
        case EventKind::step_raise:
            // number 1: SystemExit or KeyboardInterrupt left the step itself, which the oracle's log never sees end.
            if (e.number == 1) return {};
            return "raise " + name(e.subject) + " " + type_of_exception(text);
        case EventKind::step_cancelled: return "cancelled " + name(e.subject);
        case EventKind::add_done_callback: return "add_done_callback " + name(e.subject) + " " + text;
        case EventKind::set_result: return "set_result " + name(e.subject) + " " + text;
        case EventKind::set_exception: return "set_exception " + name(e.subject) + " " + type_of_exception(text);
        case EventKind::cancel:
            // The oracle logs the cancellation of plain futures only.
            if (trace.object(e.subject).kind != ObjectKind::future) return {};
            return "cancel " + name(e.subject);
        case EventKind::print: return "print " + text;
        default: return {};
    }
}

std::string format_g(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::vector<std::string> step_log(const Trace& trace) {
    std::vector<std::string> lines;
    for (const auto& event : trace.events)
        if (auto line = step_log_line(trace, event); !line.empty()) lines.push_back(std::move(line));
    return lines;
}

}  // namespace cotrace
