#include "perfetto.h"

#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "analysis/wakes.h"
#include "json_text.h"

namespace cotrace::exports {

namespace {

constexpr int program_track = 1, loop_track = 2;
int task_track(ObjectId task) { return 100 + static_cast<int>(task); }

class PerfettoWriter {
public:
    PerfettoWriter(const Trace& trace, std::ostream& out) : t_(trace), out_(out) {
        // A flow from each completion to each done callback it queued that the loop ran.
        for (const analysis::Wake& wake : analysis::wakes(trace))
            if (wake.why.cause == analysis::WakeCause::done_callback) {
                cause_of_run_[wake.run] = wake.why.cause_event;
                causes_[wake.why.cause_event] = {};
            }
    }

    void write() {
        buffer_ = "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"title\":" + json_string(t_.meta.title) +
                  ",\"clock\":" + json_string(t_.meta.clock) + ",\"exported_by\":\"cotrace\"},\"traceEvents\":[\n";
        name_track(program_track, "program", 0);
        name_track(loop_track, "event loop", 1);
        for (size_t i = 0; i < t_.size(); ++i) event(i);
        close_all();
        buffer_ += "\n]}\n";
        flush(true);
    }

private:
    const Trace& t_;
    std::ostream& out_;
    std::string buffer_;
    bool first_ = true;
    double ts_ = 0;  // the current event's timestamp

    struct Run {
        int track;
        ObjectId handle, task;
    };
    std::optional<Run> run_;
    bool polling_ = false, loop_open_ = false, program_open_ = false;
    std::unordered_map<ObjectId, std::string> waits_;    // task -> the wait slice that opens when its step ends
    std::map<ObjectId, bool> waiting_;                   // task -> a wait slice is open (ordered: the output is the same each time)
    struct Flow {
        double ts;
        int track;
        size_t step;
    };
    std::unordered_map<size_t, size_t> cause_of_run_;    // run event -> the completion that queued its handle
    std::unordered_map<size_t, Flow> causes_;            // completion event -> where it was drawn
    std::uint64_t flow_ids_ = 0;
    int sort_index_ = 2;

    void flush(bool all) {
        if (all || buffer_.size() > (1u << 20)) {
            out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
            buffer_.clear();
        }
    }

    // One trace event; `fields` are the ones after ph, ts, pid and tid, each starting with a comma.
    void emit(const char* phase, double ts, int track, const std::string& fields) {
        if (!first_) buffer_ += ",\n";
        first_ = false;
        char head[96];
        std::snprintf(head, sizeof head, "{\"ph\":\"%s\",\"ts\":%.3f,\"pid\":1,\"tid\":%d", phase, ts, track);
        buffer_ += head;
        buffer_ += fields;
        buffer_ += '}';
        flush(false);
    }

    static std::string step_args(size_t step, const std::string& more = "") {
        return ",\"args\":{\"step\":" + std::to_string(step) + more + "}";
    }

    void begin(int track, const std::string& name, const std::string& category, size_t step, const std::string& more = "") {
        emit("B", ts_, track, ",\"name\":" + json_string(name) + ",\"cat\":\"" + category + "\"" + step_args(step, more));
    }
    void end(int track, double at) { emit("E", at, track, ""); }

    void name_track(int track, const std::string& name, int sort) {
        emit("M", 0, track, ",\"name\":\"thread_name\",\"args\":{\"name\":" + json_string(name) + "}");
        emit("M", 0, track, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(sort) + "}");
    }

    // The track of whoever runs now: the task whose step runs, the loop, or the program.
    int current_track() const {
        if (run_) return run_->track;
        return loop_open_ ? loop_track : program_track;
    }

    void event(size_t i) {
        const Event e = t_.events[i];
        double at = e.time * 1e6;
        ts_ = (i == 0 || at > ts_) ? std::max(at, ts_) + 0.001 : ts_ + 0.001;
        size_t step = i + 1;
        if (auto cause = causes_.find(i); cause != causes_.end()) cause->second = Flow{ts_, current_track(), step};
        switch (e.kind) {
            case EventKind::program_start:
                begin(program_track, "program", "program", step);
                program_open_ = true;
                break;
            case EventKind::program_end:
                if (program_open_) end(program_track, ts_), program_open_ = false;
                break;
            case EventKind::loop_start:
                begin(loop_track, "event loop", "loop", step);
                loop_open_ = true;
                break;
            case EventKind::loop_stop:
                close_poll();
                if (loop_open_) end(loop_track, ts_), loop_open_ = false;
                break;
            case EventKind::poll:
                close_poll();
                if (loop_open_) {
                    begin(loop_track, e.number < 0 ? "poll (blocks until I/O)" : "poll", "loop", step,
                          ",\"timeout\":" + std::to_string(e.number));
                    polling_ = true;
                }
                break;
            case EventKind::poll_done: close_poll(); break;
            case EventKind::loop_iteration: case EventKind::timer_ready: case EventKind::idle: close_poll(); break;
            case EventKind::task_created:
                name_track(task_track(e.subject), t_.name(e.subject), ++sort_index_);
                break;
            case EventKind::run: {
                close_poll();
                ObjectId task = i + 1 < t_.size() && t_.events.kind(i + 1) == EventKind::step_begin ? t_.events[i + 1].subject : 0;
                int track = task ? task_track(task) : loop_track;
                if (task && waiting_[task]) end(track, ts_), waiting_[task] = false;
                run_ = Run{track, e.subject, task};
                begin(track, t_.name(e.subject), task ? "step" : "callback", step);
                if (auto cause = cause_of_run_.find(i); cause != cause_of_run_.end()) {
                    const Flow& flow = causes_.at(cause->second);
                    std::string id = std::to_string(++flow_ids_);
                    emit("s", flow.ts, flow.track,
                         ",\"name\":\"wakes\",\"cat\":\"wake-up\",\"id\":" + id + step_args(flow.step));
                    emit("f", ts_, track, ",\"name\":\"wakes\",\"cat\":\"wake-up\",\"bp\":\"e\",\"id\":" + id + step_args(step));
                }
                break;
            }
            case EventKind::run_end:
                if (run_) {
                    end(run_->track, ts_);
                    if (auto wait = waits_.find(run_->task); run_->task && wait != waits_.end()) {
                        emit("B", ts_ + 0.0005, run_->track, ",\"name\":" + json_string(wait->second) + ",\"cat\":\"wait\"" + step_args(step));
                        waiting_[run_->task] = true;
                        waits_.erase(wait);
                    }
                    run_.reset();
                }
                break;
            case EventKind::step_yield:
                if (e.other) waits_[e.subject] = "await " + t_.name(e.other);
                break;
            case EventKind::print:
                emit("i", ts_, current_track(), ",\"name\":" + json_string(e.text) + ",\"cat\":\"print\",\"s\":\"t\"" + step_args(step));
                break;
            default: break;
        }
    }

    void close_poll() {
        if (polling_) end(loop_track, ts_), polling_ = false;
    }

    // A trace that stops early (a recording cut short) leaves slices open: they end with it.
    void close_all() {
        ts_ += 0.001;
        close_poll();
        if (run_) end(run_->track, ts_), run_.reset();
        for (auto& [task, open] : waiting_)
            if (open) end(task_track(task), ts_);
        if (loop_open_) end(loop_track, ts_);
        if (program_open_) end(program_track, ts_);
    }
};

}  // namespace

void write_perfetto(const Trace& trace, std::ostream& out) { PerfettoWriter(trace, out).write(); }

}  // namespace cotrace::exports
