// Test helper: traces made to hurt, generated small (a few MB at most) rather than checked in. Each
// stands for one class of hostile input in issue 10 and docs/trace-format.md's limits.
#pragma once

#include <string>

#include "trace/binary_writer.h"
#include "trace/trace_json.h"

namespace testing_support {

using cotrace::BinaryWriter;
using cotrace::Event;
using cotrace::EventKind;
using cotrace::ObjectId;
using cotrace::ObjectKind;
using cotrace::Trace;
using cotrace::TraceEncoding;

inline std::string encoded(const Trace& trace, TraceEncoding encoding) {
    return encoding == TraceEncoding::json ? cotrace::to_json(trace) : cotrace::to_binary(trace, encoding);
}

inline Trace titled(const char* title) {
    Trace trace;
    trace.meta.title = title;
    return trace;
}

// A binary trace written item by item, so that it can say what no writer of ours would.
class HandMade {
public:
    explicit HandMade(TraceEncoding encoding)
        : writer_(encoding == TraceEncoding::cbor ? BinaryWriter::Encoding::cbor : BinaryWriter::Encoding::messagepack) {}
    BinaryWriter& operator*() { return writer_; }
    BinaryWriter* operator->() { return &writer_; }
    // The parts every trace starts with: format, version, meta, files (none), objects (`handles` handles).
    void head(size_t sections, size_t handles = 0) {
        writer_.map(sections);
        writer_.text("format"), writer_.text(cotrace::trace_format_name);
        writer_.text("version"), writer_.integer(cotrace::trace_format_version);
        writer_.text("meta"), writer_.map(3);
        writer_.text("title"), writer_.text("hand made");
        writer_.text("clock"), writer_.text("virtual");
        writer_.text("recorder"), writer_.text("runtime");
        writer_.text("files"), writer_.array(0);
        writer_.text("objects"), writer_.array(handles);
        for (size_t id = 1; id <= handles; ++id) {
            writer_.map(3);
            writer_.text("id"), writer_.integer(static_cast<std::int64_t>(id));
            writer_.text("kind"), writer_.text("handle");
            writer_.text("name"), writer_.text("h" + std::to_string(id));
        }
    }
    // `count` print events, as cotrace writes them: [kind, time, subject, other, where, number, text].
    void prints(size_t count, const std::string& text = "x") {
        writer_.text("events"), writer_.array(count);
        for (size_t i = 0; i < count; ++i) {
            writer_.array(7);
            writer_.text("print"), writer_.number(0), writer_.integer(0), writer_.integer(0), writer_.null(),
                writer_.number(0), writer_.text(text);
        }
    }
    std::string bytes() { return writer_.bytes(); }

private:
    BinaryWriter writer_;
};

// 1. A section given again after the events have started (the loader's indexing thread is running then).
inline std::string section_twice(TraceEncoding encoding, const std::string& section, size_t events = 50000) {
    HandMade trace(encoding);
    trace.head(7);
    trace.prints(events);
    if (section == "events") {
        trace.prints(1000);
        return trace.bytes();
    }
    trace->text(section);
    trace->array(1000);
    for (int i = 0; i < 1000; ++i) trace->map(0);
    return trace.bytes();
}

// 2. A document nested `depth` levels deep, in the meta section.
inline std::string deeply_nested(TraceEncoding encoding, size_t depth) {
    if (encoding == TraceEncoding::json)
        return "{\"format\": \"cotrace-trace\", \"meta\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
    HandMade trace(encoding);
    trace->map(2);
    trace->text("format"), trace->text(cotrace::trace_format_name);
    trace->text("meta");
    for (size_t i = 0; i < depth; ++i) trace->array(1);
    trace->null();
    return trace.bytes();
}

// 3. Work out of proportion: `count` program_start events, each inside the last.
inline Trace nested_program_starts(size_t count) {
    Trace trace = titled("nested programs");
    for (size_t i = 0; i < count; ++i) trace.events.push_back({.kind = EventKind::program_start});
    return trace;
}

// A legal but deep control stack: `depth` frames, each entered inside the last, then `prints` prints
// (each keyframe would copy the whole stack) and the frames returning.
inline Trace deep_frames(size_t depth, size_t prints) {
    Trace trace = titled("deep frames");
    trace.events.push_back({.kind = EventKind::program_start});
    for (ObjectId id = 1; id <= depth; ++id) {
        trace.objects.push_back({id, ObjectKind::frame, "f" + std::to_string(id)});
        trace.events.push_back({.kind = EventKind::frame_enter, .subject = id, .other = id - 1});
    }
    for (size_t i = 0; i < prints; ++i) trace.events.push_back({.kind = EventKind::print, .text = "x"});
    for (ObjectId id = static_cast<ObjectId>(depth); id >= 1; --id)
        trace.events.push_back({.kind = EventKind::frame_return, .subject = id, .text = "None"});
    trace.events.push_back({.kind = EventKind::program_end});
    return trace;
}

// A legal but long ready queue: `count` handles queued, then run in order.
inline Trace long_ready_queue(size_t count) {
    Trace trace = titled("long ready queue");
    trace.events.push_back({.kind = EventKind::program_start});
    trace.events.push_back({.kind = EventKind::loop_start});
    for (ObjectId id = 1; id <= count; ++id) {
        trace.objects.push_back({id, ObjectKind::handle, "h" + std::to_string(id)});
        trace.events.push_back({.kind = EventKind::call_soon, .subject = id});
    }
    for (ObjectId id = 1; id <= count; ++id) {
        trace.events.push_back({.kind = EventKind::run, .subject = id});
        trace.events.push_back({.kind = EventKind::run_end, .subject = id});
    }
    trace.events.push_back({.kind = EventKind::loop_stop});
    trace.events.push_back({.kind = EventKind::program_end});
    return trace;
}

// The same handle queued `count` times.
inline Trace same_handle_queued(size_t count) {
    Trace trace = titled("one handle, queued again and again");
    trace.objects.push_back({1, ObjectKind::handle, "h"});
    for (size_t i = 0; i < count; ++i) trace.events.push_back({.kind = EventKind::call_soon, .subject = 1});
    return trace;
}

// A long timer heap: `count` timers due in reverse order of scheduling (each goes to the front).
inline Trace long_timer_heap(size_t count) {
    Trace trace = titled("long timer heap");
    for (ObjectId id = 1; id <= count; ++id) {
        trace.objects.push_back({id, ObjectKind::timer, "t" + std::to_string(id)});
        trace.events.push_back({.kind = EventKind::call_later, .subject = id, .number = double(count - id)});
    }
    return trace;
}

// 5. One event with a number JSON cannot write (NaN, infinity), or text that is not UTF-8.
inline std::string print_with_time(TraceEncoding encoding, double time) {
    HandMade trace(encoding);
    trace.head(6);
    trace->text("events"), trace->array(1);
    trace->array(2), trace->text("print"), trace->number(time);
    return trace.bytes();
}
inline std::string print_with_bytes(TraceEncoding encoding, const std::string& text) {
    HandMade trace(encoding);
    trace.head(6);
    trace->text("events"), trace->array(1);
    // written by hand: BinaryWriter::text() would mend the text
    trace->array(7), trace->text("print"), trace->number(0), trace->integer(0), trace->integer(0), trace->null(),
        trace->number(0);
    auto& bytes = trace->bytes();
    if (encoding == TraceEncoding::cbor) bytes.push_back(static_cast<char>(0x60 | text.size()));
    else bytes.push_back(static_cast<char>(0xa0 | text.size()));
    bytes += text;
    return trace.bytes();
}

// A round number no int holds.
inline Trace huge_round_number() {
    Trace trace = titled("huge round");
    trace.events.push_back({.kind = EventKind::loop_iteration, .number = 1e300});
    return trace;
}

}  // namespace testing_support
