// Traces at scale, from a generated program of many tasks (bench/workload.h): keyframes give the same
// state as replaying from step 0, every encoding loads to the same model, and the compact storage gives
// back exactly what was put in.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <cstring>
#include <limits>

#include "trace/binary_writer.h"
#include "trace/recorder.h"
#include "trace/trace_json.h"
#include "workload.h"

using namespace cotrace;

namespace {

// About 400,000 events, 60,000 objects: well past the keyframe spacing, many keyframes.
const Trace& big_trace() {
    static const Trace trace = workload::record(300, workload::rounds_for(400000, 300));
    return trace;
}

std::vector<size_t> random_steps(size_t n, int count, unsigned seed) {
    std::mt19937_64 random(seed);
    std::vector<size_t> steps{0, n};
    for (int i = 0; i < count; ++i) steps.push_back(random() % (n + 1));
    std::sort(steps.begin(), steps.end());
    return steps;
}

}  // namespace

TEST(Scale, TheGeneratedTraceIsBigAndHasEveryKindOfWait) {
    const Trace& trace = big_trace();
    EXPECT_GT(trace.size(), 300000u);
    EXPECT_GT(trace.keyframe_count(), 20u);
    size_t timers = 0, results = 0, callbacks = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        timers += trace.events.kind(i) == EventKind::call_later;
        results += trace.events.kind(i) == EventKind::set_result;
        callbacks += trace.events.kind(i) == EventKind::add_done_callback;
    }
    EXPECT_GT(timers, 1000u);
    EXPECT_GT(results, 1000u);
    EXPECT_GT(callbacks, 1000u);
}

TEST(Scale, KeyframedStateEqualsReplayFromStepZeroAtRandomSteps) {
    const Trace& trace = big_trace();
    State replayed = initial_state(trace);
    size_t applied = 0;
    for (size_t step : random_steps(trace.size(), 400, 11)) {
        for (; applied < step; ++applied) ASSERT_EQ(apply(replayed, trace, trace.events[applied]), "");
        State jumped = trace.state_after(step);
        ASSERT_EQ(jumped, replayed) << "at step " << step;
        // What the panels read most, compared on its own so that a failure says where.
        EXPECT_EQ(jumped.control, replayed.control) << step;
        EXPECT_EQ(jumped.ready, replayed.ready) << step;
        EXPECT_EQ(jumped.timers, replayed.timers) << step;
    }
}

TEST(Scale, AJumpBackwardsAfterAJumpForwardsGivesTheSameStateAsBefore) {
    const Trace& trace = big_trace();
    std::vector<size_t> steps = random_steps(trace.size(), 60, 5);
    std::vector<State> first;
    for (size_t step : steps) first.push_back(trace.state_after(step));
    std::reverse(steps.begin(), steps.end());
    std::reverse(first.begin(), first.end());
    for (size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(trace.state_after(steps[i]), first[i]) << steps[i];
}

TEST(Scale, JsonCborAndMessagePackLoadToIdenticalModels) {
    const Trace& trace = big_trace();
    Trace from_json_text = from_bytes(to_json(trace), "big.json");
    Trace from_cbor = from_bytes(to_binary(trace, TraceEncoding::cbor), "big.cbor");
    Trace from_msgpack = from_bytes(to_binary(trace, TraceEncoding::messagepack), "big.msgpack");
    EXPECT_TRUE(from_json_text == trace);
    EXPECT_TRUE(from_cbor == trace);
    EXPECT_TRUE(from_msgpack == trace);
    for (size_t step : random_steps(trace.size(), 50, 3)) {
        State expected = trace.state_after(step);
        EXPECT_EQ(from_json_text.state_after(step), expected) << step;
        EXPECT_EQ(from_cbor.state_after(step), expected) << step;
        EXPECT_EQ(from_msgpack.state_after(step), expected) << step;
    }
}

TEST(Scale, CompactStorageFitsTheBudgetOfBytesPerEvent) {
    // The events themselves are 24 bytes; everything else (objects, strings, keyframes) fits in the
    // rest of the 64 the trace may use. Memory, not time: this does not depend on the machine's speed.
    const Trace& trace = big_trace();
    EXPECT_LE(static_cast<double>(trace.memory_bytes()) / static_cast<double>(trace.size()), 64.0);
}

TEST(Storage, EventsComeBackAsTheyWentIn) {
    EventList events;
    std::vector<Event> originals;
    std::mt19937 random(2);
    for (int i = 0; i < 5000; ++i) {
        std::string text = i % 3 ? "" : "text " + std::to_string(random() % 50);
        Event e{.kind = static_cast<EventKind>(random() % event_kind_count),
                .subject = static_cast<ObjectId>(random() % 100),
                .other = static_cast<ObjectId>(random() % 100),
                .where = random() % 2 ? Location{} : Location{static_cast<int>(random() % 3), static_cast<int>(random() % 90 + 1), 5},
                .time = static_cast<double>(i / 100) * 0.001,
                .number = static_cast<double>(random() % 4) / 4,
                .text = text};
        events.push_back(e);
        originals.push_back(e);
        originals.back().text = events.back().text;  // the pool's copy outlives `text`
    }
    ASSERT_EQ(events.size(), originals.size());
    for (size_t i = 0; i < originals.size(); ++i) EXPECT_EQ(events[i], originals[i]) << i;
    std::vector<std::string> texts;
    for (const Event& e : originals) texts.emplace_back(e.text);
    EventList copy = events;  // a copy has its own strings: it outlives the original
    events = EventList();
    for (size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(copy[i].text, texts[i]) << i;
}

TEST(Storage, StringsStayPutAsThePoolGrows) {
    StringPool pool;
    InternId first = pool.intern("first");
    std::string_view kept = pool[first];
    for (int i = 0; i < 100000; ++i) pool.intern("string number " + std::to_string(i));
    pool.intern(std::string(100000, 'x'));  // a long one gets its own block
    EXPECT_EQ(kept, "first");
    EXPECT_EQ(kept.data(), pool[first].data());
    EXPECT_EQ(pool.intern("first"), first);
    EXPECT_EQ(pool.intern(""), 0u);
}

TEST(Storage, RecentTextsMatchOnlyEqualTexts) {
    // add() answers from a table of recent texts, compared inline a word at a time for lengths 8 to 16:
    // texts that differ in one letter, anywhere, at every length around those words, must stay apart.
    StringPool pool;
    for (size_t length = 1; length <= 40; ++length) {
        std::string base(length, 'a');
        InternId kept = pool.add(base);
        EXPECT_EQ(pool.add(base), kept) << length;
        // recent() (the recorder's common path) knows it too, up to 32 letters; longer, it leaves it to add().
        InternId recent = 0;
        EXPECT_EQ(pool.recent(base, recent), length <= 32) << length;
        if (length <= 32) {
            EXPECT_EQ(recent, kept) << length;
        }
        for (size_t at = 0; at < length; ++at) {
            std::string other = base;
            other[at] = 'b';
            EXPECT_FALSE(pool.recent(other, recent)) << length << " " << at;
            InternId other_id = pool.add(other);
            EXPECT_NE(other_id, kept) << length << " " << at;
            EXPECT_EQ(pool[other_id], other);
        }
    }
}

TEST(Storage, RecentPlacesMatchOnlyEqualPlaces) {
    // The place table's recent entries hold the places themselves: places that share a slot replace
    // each other there, and each keeps its own id.
    Interner<Location, LocationHash> places;
    std::vector<InternId> ids;
    for (int round = 0; round < 2; ++round)
        for (std::int32_t line = 1; line <= 3000; ++line) {
            InternId id = places.intern({.file = line % 3, .line = line, .column = line % 7});
            if (round == 0) ids.push_back(id);
            else EXPECT_EQ(id, ids[static_cast<size_t>(line - 1)]) << line;
        }
    EXPECT_EQ(places.size(), 3001u);  // and Location{}, id 0
    EXPECT_EQ(places.intern(Location{}), 0u);
    EXPECT_EQ(places[ids[41]], (Location{.file = 42 % 3, .line = 42, .column = 42 % 7}));
}

TEST(Storage, ACopiedTableSharesUntilEdited) {
    SharedTable<ObjectState> table;
    table.resize(10000);
    table.edit(5).status = Status::running;
    SharedTable<ObjectState> copy = table;
    size_t copied_before = copy.copied_bytes();
    copy.edit(5).status = Status::done;
    copy.edit(9000).status = Status::pending;  // never touched before: allocated, not copied
    EXPECT_EQ(table[5].status, Status::running);
    EXPECT_EQ(copy[5].status, Status::done);
    EXPECT_EQ(table[9000].status, Status::created);
    EXPECT_EQ(copy[9000].status, Status::pending);
    EXPECT_GT(copy.copied_bytes(), copied_before);
    EXPECT_LT(copy.copied_bytes() - copied_before, 4096u);  // one chunk and one node, not the table
    EXPECT_FALSE(copy == table);
    copy.edit(5).status = Status::running;
    copy.edit(9000).status = Status::created;
    EXPECT_TRUE(copy == table);
}

// The binary writer's items read back through nlohmann_json as the values they were, in both encodings,
// at every size of length and integer.
TEST(Storage, BinaryWriterItemsReadBackThroughNlohmannJson) {
    for (auto encoding : {BinaryWriter::Encoding::cbor, BinaryWriter::Encoding::messagepack}) {
        BinaryWriter writer(encoding);
        std::vector<std::int64_t> integers{0, 1, 23, 24, 127, 128, 255, 256, 65535, 65536, 4294967295LL, 4294967296LL,
                                           -1, -24, -25, -32, -33, -128, -129, -32768, -32769, -2147483648LL, -2147483649LL};
        std::vector<std::string> texts{"", "x", std::string(31, 'a'), std::string(32, 'b'), std::string(255, 'c'),
                                       std::string(256, 'd'), std::string(70000, 'e')};
        std::vector<double> numbers{0.0, -0.0, 0.5, 0.1, 1e300, -3.25};
        writer.array(integers.size() + texts.size() + numbers.size() + 1);
        for (auto i : integers) writer.integer(i);
        for (const auto& t : texts) writer.text(t);
        for (double d : numbers) writer.number(d);
        writer.null();
        const std::string& bytes = writer.bytes();
        nlohmann::json read = encoding == BinaryWriter::Encoding::cbor ? nlohmann::json::from_cbor(bytes)
                                                                        : nlohmann::json::from_msgpack(bytes);
        size_t at = 0;
        for (auto i : integers) EXPECT_EQ(read[at++].get<std::int64_t>(), i);
        for (const auto& t : texts) EXPECT_EQ(read[at++].get<std::string>(), t);
        for (double d : numbers) {
            double back = read[at++].get<double>();
            EXPECT_EQ(back, d);
            EXPECT_EQ(std::signbit(back), std::signbit(d));
        }
        EXPECT_TRUE(read[at].is_null());
    }
}

TEST(Storage, RecordedTextsAreKeptOnceAfterDeduplication) {
    // The recorder's way (record) shares a text only with a recent equal one; deduplicate_texts then
    // gives each text one id, as push_back would have.
    EventList recorded, pushed;
    std::vector<std::string> texts;
    for (int i = 0; i < 20000; ++i) texts.push_back("<Task pending name='Task-" + std::to_string(i % 3000) + "'>");
    for (const std::string& text : texts) {
        recorded.record({.kind = EventKind::step_yield, .subject = 1, .text = text}, 0);
        pushed.push_back({.kind = EventKind::step_yield, .subject = 1, .text = text});
    }
    EventList copy = recorded;  // a copy keeps the duplicates, id for id
    recorded.deduplicate_texts();
    for (size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(recorded[i].text, texts[i]) << i;
        EXPECT_EQ(copy[i].text, texts[i]) << i;
        EXPECT_EQ(recorded[i].text_id, pushed[i].text_id) << i;
    }
    EXPECT_LT(recorded.memory_bytes(), copy.memory_bytes());
}

TEST(Storage, RecordedNamesAreKeptOnceAfterDeduplication) {
    ObjectList recorded;
    for (ObjectId id = 1; id <= 3000; ++id)
        recorded.record(ObjectKind::task, recorded.add_name(id % 2 ? "worker" : "Task-" + std::to_string(id % 700)), 0, {});
    ObjectList copy = recorded;
    recorded.deduplicate_names();
    EXPECT_TRUE(recorded == copy);
    EXPECT_EQ(recorded[2].name, "worker");
    EXPECT_EQ(recorded[1].name, "Task-2");
}

TEST(Storage, WholeNumbersStandForThemselvesAndOthersAreInterned) {
    const double numbers[] = {0.0, -0.0, 1.0, 7.0, 2147483647.0, 2147483648.0, 4294967296.0, 0.5, -3.0,
                              1e300, std::nan(""), std::numeric_limits<double>::infinity()};
    EventList events;
    for (double n : numbers) events.push_back({.kind = EventKind::loop_iteration, .number = n});
    // The recorder's way too, twice, so that the second time every text and place is a recent one
    // (EventList::record_at_hand).
    Recorder recorder({"numbers"});
    for (int round = 0; round < 2; ++round)
        for (double n : numbers) recorder.emit({.kind = EventKind::loop_iteration, .number = n});
    const EventList& recorded = recorder.trace().events;
    ASSERT_EQ(recorded.size(), 2 * std::size(numbers));
    for (size_t i = 0; i < recorded.size(); ++i) {
        size_t n = i % std::size(numbers);
        for (double back : {recorded[i].number, events[n].number}) {
            if (std::isnan(numbers[n])) EXPECT_TRUE(std::isnan(back)) << i;
            else EXPECT_EQ(std::memcmp(&back, &numbers[n], sizeof(double)), 0) << i << ": " << numbers[n] << " came back " << back;
        }
    }
}
