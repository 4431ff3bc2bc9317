#include "handout.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "analysis/folds.h"
#include "analysis/describe.h"
#include "analysis/races.h"
#include "analysis/stepping.h"
#include "analysis/variables.h"
#include "analysis/source_text.h"
#include "trace/views.h"

namespace cotrace::exports {

const std::map<std::string, std::string>& handout_assets();  // embedded by CMake

namespace {

using json = nlohmann::json;
using Kind = ControlEntry::Kind;

// A handout lists at most this many entries of the ready queue, the timer heap and the waiting lines of
// a step; the counts say how many more there are.
constexpr size_t most_shown = 16;

// Texts the page shows more than once (names, labels) are sent once and referred to by number.
class Strings {
public:
    int id(const std::string& text) {
        auto [it, added] = ids_.try_emplace(text, static_cast<int>(all_.size()));
        if (added) all_.push_back(text);
        return it->second;
    }
    const std::vector<std::string>& all() const { return all_; }
    size_t size() const { return all_.size(); }

private:
    std::unordered_map<std::string, int> ids_;
    std::vector<std::string> all_;
};

class HandoutBuilder {
public:
    HandoutBuilder(const Trace& trace, const std::string& origin) : t_(trace), origin_(origin) {}

    json build() {
        json data;
        data["title"] = t_.meta.title.empty() ? origin_ : t_.meta.title;
        data["intro"] = t_.meta.intro;
        data["origin"] = origin_;
        data["clock"] = t_.meta.clock;
        json files = json::array();
        for (const auto& file : t_.files) {
            files.push_back({{"path", file.path}, {"text", analysis::text_without_markers(file.text)}});
            if (!file.embedded) files.back()["embedded"] = false;
        }
        data["files"] = files;
        if (!t_.python.text.empty())
            data["twin"] = {{"path", t_.python.path}, {"text", t_.python.text}, {"of", t_.python.cpp_file}, {"map", t_.python.line_map}};
        json stops = json::array();
        for (const auto& line : outline_lines(t_)) stops.push_back(line.event + 1);
        data["stops"] = stops;
        data["has_values"] = !t_.values.empty();
        std::vector<size_t> line_stops = analysis::line_stops(t_);
        json folds = json::array();
        for (const auto& fold : analysis::folds(t_, line_stops)) folds.push_back({fold.first, fold.last, fold.text});
        data["line_stops"] = std::move(line_stops);
        data["folds"] = std::move(folds);
        data["has_loop"] = std::any_of(t_.events.begin(), t_.events.end(), [](const Event& e) { return e.kind == EventKind::loop_start; });

        json steps = json::array();
        State state = initial_state(t_);
        steps.push_back(step_view(state, nullptr, ""));
        strings_after_.push_back(strings_.size());
        json output = json::array();
        for (size_t i = 0; i < t_.size(); ++i) {
            const Event e = t_.events[i];
            std::string sentence = narrate(t_, state, i);
            apply(state, t_, e);
            if (std::string note = analysis::resume_note(t_, state, i + 1); !note.empty()) sentence += " " + note;
            follow_frames(e);
            if (e.kind == EventKind::print) output.push_back({{"step", i + 1}, {"text", std::string(e.text)}});
            steps.push_back(step_view(state, &e, sentence));
            strings_after_.push_back(strings_.size());
        }
        data["steps"] = steps;
        data["output"] = output;
        data["strings"] = strings_.all();
        return data;
    }

    // How many strings steps 0..n use, for each n (after build()).
    std::vector<size_t> strings_after_;

private:
    const Trace& t_;
    std::string origin_;
    Strings strings_;
    std::set<ObjectId> live_;          // frames started and not finished
    std::vector<ObjectId> futures_;    // tasks and futures, in the order they were made (the table's rows)
    std::vector<json> rows_;           // each row as last sent
    json last_at_, last_calls_ = json::array(), last_waiting_, last_ready_, last_timers_, last_loop_, last_variables_ = json::array();
    // Who holds control, as last sent. A step sends only how much of it stays and what is pushed on top,
    // so that a deep await chain costs each step what changed, not the whole stack (docs/exports.md).
    std::vector<ControlEntry> last_control_;
    // The frames that wait (suspended, or running under the frame on top), by the line they wait at. Kept
    // as the events go: a step changes only the frames it names and those it pushes or pops.
    std::map<std::pair<int, int>, std::set<ObjectId>> waiting_;
    std::unordered_map<ObjectId, std::pair<int, int>> waits_at_;

    void follow_frames(const Event& e) {
        if (e.kind == EventKind::frame_enter) live_.insert(e.subject);
        if (e.kind == EventKind::frame_return || e.kind == EventKind::frame_raise) live_.erase(e.subject);
        if (e.kind == EventKind::task_created || e.kind == EventKind::future_created) {
            futures_.push_back(e.subject);
            rows_.push_back(nullptr);
        }
    }

    // Where `id` waits now, if it is a frame that waits.
    void update_waiting(const State& s, ObjectId id) {
        if (!id || t_.kind(id) != ObjectKind::frame) return;
        if (auto it = waits_at_.find(id); it != waits_at_.end()) {
            auto& frames = waiting_[it->second];
            frames.erase(id);
            if (frames.empty()) waiting_.erase(it->second);
            waits_at_.erase(it);
        }
        if (!live_.count(id)) return;
        const ObjectState& frame = s.object(id);
        if (analysis::frame_waits(s, id) && frame.where.valid()) {
            std::pair<int, int> place{frame.where.file, frame.where.line};
            waiting_[place].insert(id);
            waits_at_[id] = place;
        }
    }

    // Sets `field` in `step` when `value` differs from what the page has: the page carries every field forward.
    static void changed(json& step, const char* field, json value, json& last) {
        if (value != last) {
            step[field] = value;
            last = std::move(value);
        }
    }

    json step_view(const State& s, const Event* e, const std::string& sentence) {
        json step = json::object();
        if (e) step["n"] = sentence;
        // Who holds control, bottom first: how many entries stay, then those pushed on them.
        size_t kept = 0;
        while (kept < s.control.size() && kept < last_control_.size() && s.control[kept] == last_control_[kept]) ++kept;
        if (kept != s.control.size() || kept != last_control_.size()) {
            json control = json::array({kept});
            for (size_t i = kept; i < s.control.size(); ++i) control.push_back(strings_.id(t_.label(s.control[i])));
            step["cp"] = std::move(control);
        }
        // The frames whose waiting may have changed: those the event names, and those pushed or popped.
        if (e) {
            update_waiting(s, e->subject);
            update_waiting(s, e->other);
        }
        for (size_t i = kept; i < last_control_.size(); ++i)
            if (last_control_[i].kind == Kind::frame) update_waiting(s, last_control_[i].id);
        for (size_t i = kept; i < s.control.size(); ++i)
            if (s.control[i].kind == Kind::frame) update_waiting(s, s.control[i].id);
        if (kept > 0 && kept <= s.control.size() && s.control[kept - 1].kind == Kind::frame) update_waiting(s, s.control[kept - 1].id);
        last_control_.assign(s.control.begin(), s.control.end());
        // Where: the current line, strongly marked when a frame (or the program) runs, and its holder.
        Location where = s.current_location();
        bool runs = !s.control.empty() && (s.control.back().kind == Kind::frame || s.control.back().kind == Kind::program);
        json at = where.valid() ? json::array({where.file, where.line, runs}) : json(nullptr);
        changed(step, "at", at, last_at_);
        // The program's plain functions running inside the frame in control, outermost first: [name, line].
        json calls = json::array();
        std::vector<ObjectId> running = analysis::running_calls(t_, s, s.events_applied);
        for (auto it = running.rbegin(); it != running.rend(); ++it)
            calls.push_back({strings_.id(t_.name(*it)), s.object(*it).where.valid() ? s.object(*it).where.line : 0});
        changed(step, "pc", calls, last_calls_);
        // The lines where frames wait, one per line, first frame named.
        json marks = json::array();
        for (const auto& [place, frames] : waiting_) {
            if (marks.size() >= most_shown) break;
            ObjectId first = *frames.begin();
            std::string label = t_.call(first) + (s.object(first).status == Status::suspended ? " suspended" : " awaits");
            if (frames.size() > 1) label += " (and " + std::to_string(frames.size() - 1) + " more)";
            marks.push_back({place.first, place.second, strings_.id(label)});
        }
        changed(step, "w", marks, last_waiting_);
        // The loop: what it does, the ready queue and the timer heap.
        json loop = {analysis::loop_activity(t_, s, s.events_applied), s.loop.iteration, analysis::seconds_text(s.loop.time)};
        changed(step, "loop", loop, last_loop_);
        json ready = json::array({s.ready.size()});
        for (ObjectId id : s.ready) {
            if (ready.size() > most_shown) break;
            ready.push_back(strings_.id(t_.name(id) + (s.object(id).status == Status::cancelled ? "  (cancelled)" : "")));
        }
        changed(step, "q", ready, last_ready_);
        json timers = json::array({s.timers.size()});
        for (ObjectId id : s.timers) {
            if (timers.size() > most_shown) break;
            timers.push_back({analysis::seconds_text(s.object(id).when), strings_.id(t_.name(id))});
        }
        changed(step, "tm", timers, last_timers_);
        // The rows of the tasks table that changed: [row, name, state, awaits, result, done callbacks].
        json rows = json::array();
        for (size_t row = 0; row < futures_.size(); ++row) {
            if (e && futures_[row] != e->subject && futures_[row] != e->other && !rows_[row].is_null()) continue;
            json now = row_of(s, futures_[row]);
            if (now != rows_[row]) {
                rows.push_back(json::array({row}));
                for (auto& cell : now) rows.back().push_back(cell);
                rows_[row] = std::move(now);
            }
        }
        if (!rows.empty()) step["k"] = rows;
        if (s.output_lines) step["o"] = s.output_lines;
        // Frames and variables (a Python trace): the ids of strings, each a frame as JSON, [title, kind,
        // [[name, value, was, shared], ...]]: was null unless the value changed at this step ("" for new);
        // shared: the object's number when two variables shown hold it, else 0. Each frame's text is kept
        // once and named by its id: the same frame comes back at many steps.
        if (!t_.values.empty()) changed(step, "v", variables_of(s), last_variables_);
        return step;
    }

    static constexpr size_t most_frames_shown = 6;
    json variables_of(const State& s) {
        // A few frames of each kind: a deep recursion's chain would make every step carry all of them.
        auto shown = analysis::variables_at(t_, s, s.events_applied, most_frames_shown);
        static const char* kinds[] = {"globals", "runs", "waits"};
        json frames = json::array();
        for (const auto& frame : shown.frames) {
            json variables = json::array();
            for (const auto& v : frame.variables)
                variables.push_back({std::string(v.name), std::string(v.text),
                                     v.changed ? json(v.was_bound ? std::string(v.before) : std::string()) : json(nullptr),
                                     shown.is_shared(v.shared) ? v.shared : 0});
            frames.push_back(strings_.id(json::array({frame.title, kinds[static_cast<int>(frame.kind)], variables}).dump()));
        }
        if (shown.more)
            frames.push_back(strings_.id(json::array({"and " + std::to_string(shown.more) + " more frames", "more", json::array()}).dump()));
        return frames;
    }

    json row_of(const State& s, ObjectId id) {
        TraceObject object = t_.object(id);
        const ObjectState& state = s.object(id);
        std::string callbacks;
        for (const auto& callback : t_.callbacks(s, id)) callbacks += (callbacks.empty() ? "" : ", ") + std::string(callback);
        std::string kind = object.kind == ObjectKind::gathering ? " (gather)" : object.kind == ObjectKind::future ? " (future)" : "";
        bool done = state.status == Status::done || state.status == Status::failed;
        return json::array({strings_.id(analysis::task_label(t_, id) + kind), analysis::status_text(state),
                            state.waiting_on ? t_.name(state.waiting_on) : "", done ? std::string(t_.text(state.result)) : "",
                            callbacks});
    }

};

// The page's JSON sits in a <script type="application/json"> element, read with JSON.parse. HTML's script
// parsing acts on "</script", "<!--" and "<script" inside it, so no "<", ">" or "&" appears there as
// itself: each is a JSON escape (they can occur only inside JSON strings), which JSON.parse reads back.
std::string safe_in_script(const std::string& text) {
    std::string safe;
    safe.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '<') safe += "\\u003c";
        else if (c == '>') safe += "\\u003e";
        else if (c == '&') safe += "\\u0026";
        else safe += c;
    }
    return safe;
}

void replace_once(std::string& text, const std::string& what, const std::string& with) {
    size_t at = text.find(what);
    if (at != std::string::npos) text.replace(at, what.size(), with);
}

}  // namespace

namespace {

void check_size(const Trace& trace) {
    if (trace.size() > handout_most_events)
        throw HandoutTooBig("a handout holds at most " + std::to_string(handout_most_events) + " events (about 20 MB), and this trace has " +
                            std::to_string(trace.size()) + ": export a part of the program, or use --perfetto for big traces");
}

}  // namespace

std::string handout_data(const Trace& trace, const std::string& origin) {
    check_size(trace);
    return HandoutBuilder(trace, origin).build().dump(-1, ' ', false, json::error_handler_t::replace);
}

HandoutParts handout_parts(const Trace& trace, const std::string& origin) {
    check_size(trace);
    HandoutBuilder builder(trace, origin);
    HandoutParts parts;
    parts.data = builder.build();
    parts.strings_after = std::move(builder.strings_after_);
    return parts;
}

std::string handout_page(const std::string& title, const std::string& data, const std::string& extra_script) {
    const auto& assets = handout_assets();
    std::string page = assets.at("assets/handout/handout.html");
    replace_once(page, "/*cotrace:style*/", assets.at("assets/handout/handout.css"));
    // A script of the page's own comes after the handout's (it uses what the handout's script makes).
    std::string scripts = assets.at("assets/handout/handout.js");
    if (!extra_script.empty()) scripts += "\n" + extra_script;
    replace_once(page, "/*cotrace:script*/", scripts);
    std::string escaped;
    for (char c : title) escaped += c == '<' ? "&lt;" : c == '&' ? "&amp;" : std::string(1, c);
    replace_once(page, "cotrace:title", escaped);
    // The data goes in last: its text is not searched for the placeholders.
    size_t at = page.find("cotrace:data");
    if (at == std::string::npos) throw std::logic_error("the handout template has no place for the data");
    return page.substr(0, at) + safe_in_script(data) + page.substr(at + 12);
}

void write_handout(const Trace& trace, const std::string& origin, std::ostream& out) {
    std::string title = trace.meta.title.empty() ? origin : trace.meta.title;
    out << handout_page(title, handout_data(trace, origin));
}

}  // namespace cotrace::exports
