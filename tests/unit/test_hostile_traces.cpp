// Issue 10's classes of hostile trace, each on a small generated input: the loader refuses it with the
// file, the place and the problem, or loads it and stays within the documented bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "hostile_traces.h"
#include "trace/cbor_scan.h"
#include "trace/views.h"

using namespace cotrace;
using namespace testing_support;

namespace {

const TraceEncoding binary_encodings[] = {TraceEncoding::cbor, TraceEncoding::messagepack};

// The error loading `bytes` gives: its place and problem ("" and "" when it loads).
std::pair<std::string, std::string> refusal(const std::string& bytes) {
    try {
        from_bytes(bytes, "hostile");
        return {};
    } catch (const TraceError& error) {
        EXPECT_EQ(error.file, "hostile");
        return {error.place, error.problem};
    }
}

Trace reloaded(const Trace& trace, TraceEncoding encoding) { return from_bytes(encoded(trace, encoding), "t"); }

}  // namespace

// Strings nested in strings: nlohmann's CBOR reader reads an indefinite-length string's chunks by
// calling itself, so four million nested ones (4 MB) overflowed the stack (found by the fuzzer).
TEST(HostileTraces, NestedIndefiniteLengthStringsAreRefusedBeforeTheyReachTheParser) {
    std::string bytes = "\xa1\x60" + std::string(4'000'000, '\x7f');  // {"": (_ (_ (_ ...
    auto [place, problem] = refusal(bytes);
    EXPECT_EQ(place, "byte 3");
    EXPECT_EQ(problem, "malformed CBOR: an indefinite-length string inside another (CBOR does not allow it)");
    // Also after a chunk, and in a byte string.
    EXPECT_EQ(nested_indefinite_string("\x7f\x61" "a" "\x5f\x41" "b\xff\xff"), 3u);
    // One level is CBOR, and what a string holds is not read as items.
    EXPECT_EQ(nested_indefinite_string("\xa1\x60\x7f\x62\x7f\x7f\x61" "a\xff"), std::nullopt);
    EXPECT_EQ(nested_indefinite_string("\x42\x7f\x7f"), std::nullopt);
    EXPECT_EQ(nested_indefinite_string("\x7f\x7b\xff\xff\xff\xff\xff\xff\xff\xff"), std::nullopt);  // truncated
    // Every checked-in trace, as CBOR, passes.
    for (const auto& entry : std::filesystem::directory_iterator(COTRACE_SOURCE_DIR "/traces"))
        EXPECT_EQ(nested_indefinite_string(to_binary(load_trace(entry.path().string()), TraceEncoding::cbor)), std::nullopt)
            << entry.path();
}

// 1. A section given twice, after the indexing thread started appending events: refused every time,
// never a race (this ran under ThreadSanitizer without reports; here it is repeated many times).
TEST(HostileTraces, ASectionGivenTwiceIsRefusedAndNeverRaces) {
    for (TraceEncoding encoding : binary_encodings)
        for (const char* section : {"events", "objects", "files"}) {
            std::string bytes = section_twice(encoding, section);
            for (int repeat = 0; repeat < 20; ++repeat) {
                auto [place, problem] = refusal(bytes);
                EXPECT_EQ(place, std::string("/") + section) << section;
                EXPECT_EQ(problem, "the trace has this section twice") << section;
            }
        }
    // JSON too: the second "meta" would otherwise replace the first.
    auto [place, problem] = refusal(R"({"format": "cotrace-trace", "format": "cotrace-trace"})");
    EXPECT_EQ(place, "/format");
}

// 2. Nesting: 200,000 levels (the size that overflowed the stack) stop at the limit, with the place.
TEST(HostileTraces, DeepNestingStopsAtTheLimitWithItsPlace) {
    for (TraceEncoding encoding : {TraceEncoding::json, TraceEncoding::cbor, TraceEncoding::messagepack}) {
        auto [place, problem] = refusal(deeply_nested(encoding, 200000));
        EXPECT_EQ(problem, "nested deeper than " + std::to_string(max_trace_nesting) + " levels");
        EXPECT_EQ(place.substr(0, 8), "/meta/0/");
    }
    // What a trace really nests (an event's place, the Python line map) is far inside the limit.
    EXPECT_EQ(refusal(deeply_nested(TraceEncoding::cbor, 5)).second, "missing field");
}

// 3. Structure checked before it is built: a program inside a program, a handle queued twice.
TEST(HostileTraces, AProgramStartedInsideAProgramIsRefused) {
    auto [place, problem] = refusal(to_json(nested_program_starts(100000)));
    EXPECT_EQ(place, "/events/1");
    EXPECT_EQ(problem, "event 1 (program_start): the program starts again while control is in program");
}

TEST(HostileTraces, AHandleQueuedTwiceIsRefused) {
    auto [place, problem] = refusal(to_json(same_handle_queued(1000000)));
    EXPECT_EQ(place, "/events/1");
    EXPECT_NE(problem.find("call_soon h, which is already in the ready queue"), std::string::npos);
}

TEST(HostileTraces, APopThatDoesNotMatchIsRefused) {
    Trace trace = titled("bad pop");
    trace.objects.push_back({1, ObjectKind::handle, "h1"});
    trace.objects.push_back({2, ObjectKind::handle, "h2"});
    trace.events.push_back({.kind = EventKind::call_soon, .subject = 1});
    trace.events.push_back({.kind = EventKind::call_soon, .subject = 2});
    trace.events.push_back({.kind = EventKind::run, .subject = 2});  // h1 is ahead, and not cancelled
    auto [place, problem] = refusal(to_json(trace));
    EXPECT_EQ(place, "/events/2");
    EXPECT_NE(problem.find("h1 is ahead of it in the ready queue and not cancelled"), std::string::npos);
    // A frame cannot run twice at once either.
    Trace twice = titled("frame twice");
    twice.objects.push_back({1, ObjectKind::frame, "f"});
    twice.events.push_back({.kind = EventKind::frame_enter, .subject = 1});
    twice.events.push_back({.kind = EventKind::frame_enter, .subject = 1});
    EXPECT_EQ(refusal(to_json(twice)).second, "event 1 (frame_enter): f is already running");
}

// Legal but large states: keyframes count the stack and queues they copy, so memory stays within a
// constant times the events; the queues' operations do not slow with their length.
TEST(HostileTraces, ADeepStackCostsKeyframesNoMoreThanAConstantAnEvent) {
    Trace trace = deep_frames(50000, 300000);
    ASSERT_EQ(trace.index(), "");
    size_t events = trace.size();
    // Without counting the stack, 86 keyframes would each copy 400 KB: 34 MB for 400,000 events.
    EXPECT_LT(trace.memory_bytes(), events * 100) << trace.keyframe_count() << " keyframes";
    EXPECT_EQ(trace.state_after(50001).control.size(), 50001u);
    EXPECT_EQ(trace.state_after(events).control.size(), 0u);
    // The outline says the depth rather than printing 100,000 spaces a line.
    auto lines = outline(trace);
    ASSERT_EQ(lines.size(), 100001u);  // the program, 50,000 frames entering, 50,000 returning
    EXPECT_EQ(lines[50000], std::string(2 * outline_deepest_indent, ' ') + "[depth 50000] f50000");
    EXPECT_EQ(reloaded(trace, TraceEncoding::cbor), trace);
}

TEST(HostileTraces, LongQueuesReplayInOrder) {
    Trace queue = long_ready_queue(200000);
    ASSERT_EQ(queue.index(), "");
    State middle = queue.state_after(2 + 200000 + 2 * 1000);  // 1,000 handles have run
    ASSERT_EQ(middle.ready.size(), 199000u);
    EXPECT_EQ(queue.name(middle.ready[0]), "h1001");
    EXPECT_EQ(queue.name(middle.ready[198999]), "h200000");
    EXPECT_TRUE(queue.state_after(queue.size()).ready.empty());

    Trace timers = long_timer_heap(200000);
    ASSERT_EQ(timers.index(), "");
    State all = timers.state_after(timers.size());
    ASSERT_EQ(all.timers.size(), 200000u);
    EXPECT_EQ(timers.name(*all.timers.begin()), "t200000");  // due first: it was pushed with delay 0
}

// 5. Values that could not be saved again are refused where they are.
TEST(HostileTraces, NumbersJsonCannotWriteAreRefused) {
    for (TraceEncoding encoding : binary_encodings)
        for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
            auto [place, problem] = refusal(print_with_time(encoding, bad));
            EXPECT_EQ(place, "/events/0/1");
            EXPECT_EQ(problem.substr(0, 28), "expected a finite number, go");
        }
    // JSON's numbers too large for a double: the parser says so.
    auto [place, problem] = refusal(R"({"format": "cotrace-trace", "version": 1e999})");
    EXPECT_EQ(place, "line 1, column 44");
    EXPECT_NE(problem.find("number overflow"), std::string::npos) << problem;
}

TEST(HostileTraces, TextThatIsNotUtf8IsRefusedWithItsPlace) {
    for (TraceEncoding encoding : binary_encodings) {
        auto [place, problem] = refusal(print_with_bytes(encoding, "ok\xff"));
        EXPECT_EQ(place, "/events/0/6");
        EXPECT_EQ(problem, "text that is not valid UTF-8 (byte 2 of the string)");
        // Overlong forms and surrogates are not UTF-8 either; real multi-byte text is.
        EXPECT_FALSE(refusal(print_with_bytes(encoding, "\xc0\xaf")).first.empty());
        EXPECT_FALSE(refusal(print_with_bytes(encoding, "\xed\xa0\x80")).first.empty());
        EXPECT_EQ(refusal(print_with_bytes(encoding, "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80")).second, "");
    }
}

TEST(HostileTraces, WritersMendTextThatIsNotUtf8SoEveryTraceLoadsAgain) {
    // A C++ program may print any bytes: the trace it records still loads.
    Trace trace = titled("bytes\xff");
    trace.events.push_back({.kind = EventKind::print, .text = "a\xff" "b"});
    for (TraceEncoding encoding : {TraceEncoding::json, TraceEncoding::cbor, TraceEncoding::messagepack}) {
        Trace again = reloaded(trace, encoding);
        EXPECT_EQ(again.events[0].text, "a\xef\xbf\xbd" "b");
        EXPECT_EQ(again.meta.title, "bytes\xef\xbf\xbd");
    }
}

TEST(HostileTraces, ARoundNumberNoIntHoldsIsRefused) {
    auto [place, problem] = refusal(to_json(huge_round_number()));
    EXPECT_EQ(place, "/events/0");
    EXPECT_NE(problem.find("the round number must be a whole number"), std::string::npos);
}

TEST(HostileTraces, ReferencesAreCheckedAgainstTheFinalSections) {
    // An event names file 0, and "files" comes after the events: checked once all sections are read.
    std::string text = R"({"format": "cotrace-trace", "version": 1, "meta": {"title": "t", "clock": "virtual"},
        "objects": [], "events": [{"kind": "print", "time": 0, "text": "x", "where": [0, 1, 1]}], "files": []})";
    auto [place, problem] = refusal(text);
    EXPECT_EQ(place, "/events/0/where/0");
    EXPECT_EQ(problem, "names unknown file 0");
}
