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
#include <utility>
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

    ObjectId add_object(ObjectKind kind, std::string_view name = {}, ObjectId owner = 0, Location where = {},
                        ObjectRole role = ObjectRole::none);
    void set_name(ObjectId id, std::string_view name);
    // A function whose frames are made often: its frames' name, the word its coroutine_created events
    // carry ("coroutine"), and where it begins, kept once. The ids are good until finish().
    struct KeptFunction {
        InternId name = 0, kind = 0;
        ObjectRole role = ObjectRole::none;  // asyncio: the runtime's own code
        InternId object_place = 0, event_place = 0;  // where it begins, as objects and as events name it
    };
    // Found by the addresses of the function's name and of its kind word, both string literals (the
    // compiler gives each function's name as one), in a small table of the recorder's: a frame is made
    // for nearly every call. Null if not kept yet: the caller works out the name and place once, and
    // keeps them with keep_function. Good until finish().
    const KeptFunction* kept_function(const char* function, const char* kind) const {
        const KnownFunction& known = known_functions_[known_slot(function)];
        return known.function == function && known.kind == kind ? &known.kept : nullptr;
    }
    const KeptFunction& keep_function(const char* function, const char* kind, std::string_view name, Location where,
                                      ObjectRole role = ObjectRole::none);
    // A frame of a kept function, and its coroutine_created event.
    ObjectId add_frame(const KeptFunction& function) {
        trace_.objects.record(ObjectKind::frame, function.name, 0, function.object_place, function.role);
        auto id = static_cast<ObjectId>(trace_.objects.size());
        trace_.events.record_kept({.kind = EventKind::coroutine_created, .subject = id}, function.kind,
                                  std::exchange(next_frame_place_, 0), time_);
        return id;
    }
    // The next frame add_frame makes was made at `where` (a C++ call does not say where it was called
    // from, but an await does: `co_await task` makes Future.__await__'s frame at the await's line).
    void next_frame_made_at(Location where) { next_frame_place_ = trace_.events.keep_place(where); }
    void set_owner(ObjectId id, ObjectId owner);
    // What the object is (a Future.__await__ frame, a task's step handle): see ObjectRole.
    void set_role(ObjectId id, ObjectRole role) { trace_.objects.set_role(id, role); }
    // Names `id` when recording ends: `after`'s name (an earlier object's), then `suffix` (a string
    // literal). A Task's step handle is "Task-1.step": spelling it at each step was a thirtieth of what
    // recording a Task cost. See ObjectList::name_after.
    void name_at_finish(ObjectId id, ObjectId after, const char* suffix) {
        if (suffix != last_suffix_) last_suffix_id_ = trace_.objects.keep_name(suffix), last_suffix_ = suffix;
        trace_.objects.name_after(id, after, last_suffix_id_);
    }
    // Names `id` when recording ends: `prefix` (a string literal), then `number`. A Task's "Task-7".
    void number_at_finish(ObjectId id, const char* prefix, std::uint32_t number) {
        if (prefix != last_prefix_) last_prefix_id_ = trace_.objects.keep_name(prefix), last_prefix_ = prefix;
        if (!trace_.objects.number_at_finish(id, last_prefix_id_, number)) set_name(id, prefix + std::to_string(number));
    }
    // An object's name so far, including one that name_at_finish or number_at_finish will give it.
    std::string name(ObjectId id) const { return trace_.objects.spelled_name(id); }

    // A variable's new value (or its unbinding), as it is at the last event recorded (values.h).
    void record_value(ValueChange change) {
        change.event = static_cast<std::uint32_t>(trace_.events.size() - 1);
        trace_.values.push_back(change, change.frame && trace_.role(change.frame) == ObjectRole::call);
    }
    void set_time(double time) { time_ = time; }
    size_t event_count() const { return trace_.events.size(); }
    double time() const { return time_; }

    // The runtime emits an event for every transfer of control, from some seventy places. Inline is only
    // what hands the event's fields on in registers; the recording itself (record) is one function, out
    // of line. Inlined at every call, it made the traced runtime too big for the instruction cache
    // (callgrind counted 40 times the untraced run's misses). In registers, not as an Event in memory:
    // fields stored one way and read back another (GCC loads neighbours as one wider word) stall on
    // store forwarding, and that was 40% of a recording.
    [[gnu::always_inline]] void emit(const Event& event) {
        record(kind_and_subject(event), other_and_column(event), file_and_line(event), event.text, event.number);
    }
    // The common path inlined (EventList::record_at_hand), for the few functions that report every
    // await, return and new frame (FrameBase's): there, where one function is all the code, a call cost
    // a fifth more instructions.
    [[gnu::always_inline]] void emit_inlined(const Event& event) {
        if (nothing_to_mention(event.kind, event.subject, event.other) && trace_.events.record_at_hand(event, time_)) return;
        record_slowly(kind_and_subject(event), other_and_column(event), file_and_line(event), event.text, event.number);
    }
    // The same, at a place kept by keep_function (its event_place); the event's `where` is not read.
    [[gnu::always_inline]] void emit_inlined_at(const Event& event, InternId kept_place) {
        if (nothing_to_mention(event.kind, event.subject, event.other) && trace_.events.record_at_hand(event, time_, kept_place))
            return;
        emit_with_care(kind_and_subject(event), other_and_column(event), file_and_line(event), event.text, event.number,
                       kept_place);
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
    // `text` copied into the trace's own pool, for a text that many events of one runtime object carry
    // (a pending Task's repr): it is made once, its letters stay put as long as the trace lives, and
    // an event that carries this very copy finds it among the recent texts without copying it again.
    // Good for this recording only: serial() tells one recording from another.
    std::string_view pooled_text(std::string_view text) { return trace_.events.text(trace_.events.added_text(text)); }
    std::uint64_t serial() const { return serial_; }
    // The trace so far (its objects and events), for a recorder that checks its events as they come.
    const Trace& trace() const { return trace_; }
    TraceMeta& meta() { return trace_.meta; }
    // Where a function begins. GCC places a coroutine's promise-constructor location at the closing
    // brace; this walks back through the source to the line that names `function`.
    Location locate_function(const std::source_location& where, const std::string& function);
    TraceObject object(ObjectId id) const { return trace_.object(id); }

    // The Python original, and the C++ file (by the path `locate` gave it) whose "// py N" markers
    // say which Python line each C++ line mirrors.
    void set_python(std::string path, std::string text, const std::string& cpp_path);

    // Names the futures no event mentioned, embeds the source files, and indexes the trace. A recorder
    // records one trace: nothing is recorded after finish().
    Trace finish();

private:
    InternId next_frame_place_ = 0;  // see next_frame_made_at
    // The kinds whose events may mention a future the step log names (see mention_futures).
    static constexpr std::uint64_t needs_care =
        kind_bit(EventKind::add_done_callback) | kind_bit(EventKind::set_result) | kind_bit(EventKind::set_exception) |
        kind_bit(EventKind::cancel) | kind_bit(EventKind::step_yield);
    // A value's repr longer than this is shortened (emit_with_care).
    static constexpr size_t longest_text = 120;
    // An event's fields, two to a register (see emit).
    static std::uint64_t two(std::uint32_t low, std::uint32_t high) { return low | std::uint64_t{high} << 32; }
    static std::uint64_t kind_and_subject(const Event& e) { return two(static_cast<std::uint32_t>(e.kind), e.subject); }
    static std::uint64_t other_and_column(const Event& e) { return two(e.other, static_cast<std::uint32_t>(e.where.column)); }
    static std::uint64_t file_and_line(const Event& e) {
        return two(static_cast<std::uint32_t>(e.where.file), static_cast<std::uint32_t>(e.where.line));
    }
    static Event unpack(std::uint64_t kind_and_subject, std::uint64_t other_and_column, std::uint64_t file_and_line,
                        double number) {
        return {.kind = static_cast<EventKind>(kind_and_subject & 0xff),
                .subject = static_cast<ObjectId>(kind_and_subject >> 32),
                .other = static_cast<ObjectId>(other_and_column),
                .where = {.file = static_cast<std::int32_t>(file_and_line),
                          .line = static_cast<std::int32_t>(file_and_line >> 32),
                          .column = static_cast<std::int32_t>(other_and_column >> 32)},
                .number = number};
    }
    // An event: on the common path (EventList::record_at_hand), which calls nothing, or record_slowly.
    [[gnu::noinline]] void record(std::uint64_t kind_and_subject, std::uint64_t other_and_column,
                                  std::uint64_t file_and_line, std::string_view text, double number);
    [[gnu::noinline]] void record_slowly(std::uint64_t kind_and_subject, std::uint64_t other_and_column,
                                         std::uint64_t file_and_line, std::string_view text, double number);
    // A long text shortened, and futures mentioned; at a kept place if one is given. The event's fields
    // come as record's do, so that no Event is built in memory on record's common path.
    static constexpr InternId no_kept_place = EventList::no_kept_place;
    [[gnu::noinline]] void emit_with_care(std::uint64_t kind_and_subject, std::uint64_t other_and_column,
                                          std::uint64_t file_and_line, std::string_view text, double number,
                                          InternId kept_place = no_kept_place);
    void mention_futures(EventKind kind, ObjectId subject, ObjectId other);
    // True if the event mentions no future still unnamed (mention_futures would do nothing): the common
    // path's test, which calls nothing. Mostly the future mentioned is a Task, which has its name.
    [[gnu::always_inline]] bool nothing_to_mention(EventKind kind, ObjectId subject, ObjectId other) const {
        return !(needs_care >> static_cast<unsigned>(kind) & 1) ||
               !unnamed_future(kind == EventKind::step_yield ? other : subject);
    }
    // A future (or gathering) with no name yet: the step log names it futN where it is first mentioned.
    [[gnu::always_inline]] bool unnamed_future(ObjectId id) const {
        if (id == 0 || id > trace_.objects.size()) return false;
        ObjectKind kind = trace_.objects.kind(id - 1);
        return !trace_.objects.named(id - 1) && (kind == ObjectKind::future || kind == ObjectKind::gathering);
    }
    void mention(ObjectId id);
    Location locate_elsewhere(const SourcePlace& where);
    Location locate_new_file(const SourcePlace& where);
    const std::string& text_of(std::int32_t file);

    Trace trace_;
    SourceProvider sources_;
    struct KnownFunction {
        const char* function = nullptr;
        const char* kind = nullptr;
        KeptFunction kept;
    };
    static size_t known_slot(const char* function) { return (reinterpret_cast<std::uintptr_t>(function) >> 3) % 64; }
    std::array<KnownFunction, 64> known_functions_{};
    const char* last_suffix_ = nullptr;  // name_at_finish's last suffix, and its id (good until finish())
    InternId last_suffix_id_ = 0;
    const char* last_prefix_ = nullptr;  // number_at_finish's, likewise
    InternId last_prefix_id_ = 0;
    double time_ = 0;
    std::uint64_t serial_;  // a new one for each recording (see pooled_text)
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
