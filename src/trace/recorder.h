// The one interface through which the runtime reports what it does. While a RecordingScope is alive,
// Recorder::active() returns its recorder and the runtime reports to it; otherwise it returns null and
// the runtime runs untraced.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

#include "trace.h"

namespace cotrace {

// A place in the program, copied out of a std::source_location at once. GCC 12 may keep the data a
// source_location points to in a coroutine's stack frame, gone by the time the coroutine resumes, so a
// source_location must not be kept across a suspension; this can.
struct SourcePlace {
    const char* file = nullptr;
    std::uint32_t line = 0, column = 0;
    SourcePlace() = default;
    SourcePlace(const std::source_location& at) : file(at.file_name()), line(at.line()), column(at.column()) {}
};

// Finds the text of a source file that events point into: embedded walkthrough sources first,
// then the file on disk.
using SourceProvider = std::function<std::optional<std::string>(const std::string& path)>;

constexpr std::uint64_t kind_bit(EventKind kind) { return std::uint64_t{1} << static_cast<unsigned>(kind); }
static_assert(event_kind_count <= 64);

class Recorder {
public:
    explicit Recorder(TraceMeta meta, SourceProvider sources = {});

    // Inline: the runtime asks on every step, tracing or not.
    static Recorder* active() { return active_; }
    // Unique for each recorder made in this process (an address may be reused; this is not). What the
    // runtime caches for a serial (a file's number, a kept name) is good for this recording only; finish()
    // gives the recorder a new serial, so that nothing cached outlives the trace it belonged to.
    std::uint64_t serial() const { return serial_; }

    ObjectId add_object(ObjectKind kind, std::string_view name = {}, ObjectId owner = 0, Location where = {}) {
        return add_object(kind, trace_.objects.add_name(name), owner, where);
    }
    void set_name(ObjectId id, std::string_view name);
    // For objects made often under one name (a function's frames): keep the name once, then add
    // objects by its id. The id is good until finish().
    InternId keep_name(std::string_view name) { return trace_.objects.keep_name(name); }
    ObjectId add_object(ObjectKind kind, InternId kept_name, ObjectId owner, Location where) {
        trace_.objects.record(kind, kept_name, owner, where);
        return static_cast<ObjectId>(trace_.objects.size());
    }
    void set_owner(ObjectId id, ObjectId owner);
    std::string name(ObjectId id) const { return trace_.name(id); }

    // The same with a text kept by keep_text (a fixed word such as "coroutine"), for an event that names
    // no future and carries no value.
    InternId keep_text(std::string_view text) { return trace_.events.keep_text(text); }
    [[gnu::always_inline]] void emit(const Event& event, InternId kept_text) { trace_.events.record(event, kept_text, time_); }

    void set_time(double time) { time_ = time; }
    size_t event_count() const { return trace_.events.size(); }
    double time() const { return time_; }

    // Inline: the runtime emits an event for every transfer of control. Only a long text, or an event
    // that may name a future, calls out.
    [[gnu::always_inline]] void emit(const Event& event) {
        if (event.text.size() > longest_text) return emit_long(event);
        if (needs_care >> static_cast<unsigned>(event.kind) & 1) mention_futures(event);
        trace_.events.record(event, time_);
    }
    Location locate(const std::source_location& where) { return locate(SourcePlace(where)); }
    // Inline for the common case: a place in the file the last one was in.
    Location locate(const SourcePlace& where) {
        if (where.file == nullptr || where.line == 0) return {};  // a call the runtime made itself
        if (where.file != last_file_pointer_) {
            // Events alternate between a few files (the program's, the runtime's): a small table of
            // recent ones answers before the map.
            auto& recent = recent_files_[(reinterpret_cast<std::uintptr_t>(where.file) >> 3) % recent_files_.size()];
            if (recent.first != where.file) return locate_elsewhere(where);
            last_file_pointer_ = where.file;
            last_file_ = recent.second;
        }
        return {last_file_, static_cast<std::int32_t>(where.line), static_cast<std::int32_t>(where.column)};
    }
    // A place in a file named by its path (the Python recorder's code objects give paths, not literals).
    Location locate_path(const std::string& path, std::int32_t line, std::int32_t column);
    // Names an unnamed future as the oracle does (futN, in order of first mention) and gives its name.
    std::string mention_name(ObjectId id) {
        mention(id);
        return trace_.name(id);
    }
    // The trace so far (its objects and events), for a recorder that checks its events as they come.
    const Trace& trace() const { return trace_; }
    TraceMeta& meta() { return trace_.meta; }
    // Where a function begins. GCC places a coroutine's promise-constructor location at the closing
    // brace; this walks back through the source to the line that names `function`.
    Location locate_function(const std::source_location& where, const std::string& function);
    TraceObject object(ObjectId id) const { return trace_.object(id); }
    // Where a frame's function is defined (as add_object was told), without building the whole object.
    Location where_defined(ObjectId id) const {
        return trace_.has_object(id) ? trace_.objects.where(id - 1) : Location{};
    }

    // The Python original, and the C++ file (by the path `locate` gave it) whose "// py N" markers
    // say which Python line each C++ line mirrors.
    void set_python(std::string path, std::string text, const std::string& cpp_path);

    // Names the futures no event mentioned, embeds the source files, and indexes the trace. A recorder
    // records one trace: nothing is recorded after finish().
    Trace finish();

private:
    // The kinds whose events may mention a future the step log names (see mention_futures).
    static constexpr std::uint64_t needs_care =
        kind_bit(EventKind::add_done_callback) | kind_bit(EventKind::set_result) | kind_bit(EventKind::set_exception) |
        kind_bit(EventKind::cancel) | kind_bit(EventKind::step_yield);
    // A value's repr longer than this is shortened (emit_long).
    static constexpr size_t longest_text = 120;
    void emit_long(const Event& event);
    void mention_futures(const Event& event);
    void mention(ObjectId id);
    Location locate_elsewhere(const SourcePlace& where);
    Location locate_new_file(const SourcePlace& where);
    const std::string& text_of(std::int32_t file);

    Trace trace_;
    SourceProvider sources_;
    std::uint64_t serial_;
    double time_ = 0;
    int futures_named_ = 0;
    std::map<std::string, std::int32_t> file_index_;  // by path as recorded
    std::vector<std::string> file_origin_;            // the path the compiler saw, to read the text
    std::map<std::int32_t, std::string> texts_;       // file texts read so far
    // The compiler gives each file's name as one string literal: its address finds the file again
    // without building the path (locate() runs for nearly every event).
    std::map<const char*, std::int32_t> file_by_pointer_;
    const char* last_file_pointer_ = nullptr;  // most events come from the file the last one came from
    std::array<std::pair<const char*, std::int32_t>, 16> recent_files_{};  // by pointer (locate_elsewhere)
    std::int32_t last_file_ = -1;
    static inline thread_local Recorder* active_ = nullptr;  // set by RecordingScope
    friend class RecordingScope;
};

// Makes a recorder the active one for the current thread while it lives.
class RecordingScope {
public:
    explicit RecordingScope(Recorder& recorder);
    ~RecordingScope();
    RecordingScope(const RecordingScope&) = delete;
    RecordingScope& operator=(const RecordingScope&) = delete;

private:
    Recorder* previous_;
};

// The C++ -> Python line map, from "// py N" markers at the ends of C++ lines.
std::vector<std::pair<int, int>> python_line_map(const std::string& cpp_source);

// A path as traces record it: relative to the project for files inside it, unchanged otherwise.
std::string trace_path(const std::string& compiled_path);

}  // namespace cotrace
