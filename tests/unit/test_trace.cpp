// The trace model: the state after step N, keyframes, JSON round trips, determinism.
#include <gtest/gtest.h>

#include <random>

#include "trace/recorder.h"
#include "trace/trace_json.h"
#include "trace/views.h"
#include "walkthroughs/registry.h"

using namespace cotrace;

namespace {

const Trace& triple_main() {
    static const Trace trace = record(*find_walkthrough("triple_main"));
    return trace;
}

std::vector<std::string> control_labels(const Trace& trace, const State& state) {
    std::vector<std::string> labels;
    for (const auto& entry : state.control) labels.push_back(trace.label(entry));
    return labels;
}

size_t first_event(const Trace& trace, EventKind kind, size_t from = 0) {
    for (size_t i = from; i < trace.events.size(); ++i)
        if (trace.events[i].kind == kind) return i;
    return trace.events.size();
}

int line_of(const std::string& text, const std::string& needle) {
    int line = 1;
    for (size_t at = 0; at < text.find(needle); ++at) line += text[at] == '\n';
    return line;
}

ObjectId object_named(const Trace& trace, const std::string& name) {
    for (const auto& object : trace.objects)
        if (object.name == name) return object.id;
    return 0;
}

}  // namespace

TEST(Trace, StateBeforeAnythingIsEmpty) {
    State state = triple_main().state_after(0);
    EXPECT_TRUE(state.control.empty());
    EXPECT_TRUE(state.ready.empty());
    EXPECT_EQ(state.output_lines, 0u);
}

TEST(Trace, ControlStackAtTheFirstYield) {
    const Trace& trace = triple_main();
    size_t at = first_event(trace, EventKind::yield);
    // Just before the yield: the whole chain holds control.
    EXPECT_EQ(control_labels(trace, trace.state_after(at)),
              (std::vector<std::string>{"program", "event_loop", "main_task.step", "main", "triple_task.__await__"}));
    // After it, control has left __await__.
    EXPECT_EQ(control_labels(trace, trace.state_after(at + 1)),
              (std::vector<std::string>{"program", "event_loop", "main_task.step", "main"}));
}

TEST(Trace, ReadyQueueAndTaskStatesAfterMainTaskYields) {
    const Trace& trace = triple_main();
    size_t at = first_event(trace, EventKind::step_yield);
    State state = trace.state_after(at + 1);
    ObjectId main_task = object_named(trace, "main_task");
    ObjectId triple_task = object_named(trace, "triple_task");
    ASSERT_EQ(state.ready.size(), 1u);
    EXPECT_EQ(trace.name(state.ready[0]), "triple_task.step");
    EXPECT_EQ(state.object(main_task).status, Status::pending);
    EXPECT_EQ(state.object(main_task).waiting_on, triple_task);
    EXPECT_EQ(trace.callbacks(state, triple_task), (std::vector<std::string_view>{"main_task.wakeup"}));
}

TEST(Trace, FinalStateHasResultsAndFrameLines) {
    const Trace& trace = triple_main();
    State state = trace.state_after(trace.size());
    EXPECT_EQ(trace.text(state.object(object_named(trace, "main_task")).result), "17");
    EXPECT_EQ(state.object(object_named(trace, "triple_task")).status, Status::done);
    EXPECT_TRUE(state.control.empty());
    ObjectId main_frame = trace.object(object_named(trace, "main_task")).owner;
    const std::string& cpp = trace.files[trace.python.cpp_file].text;
    EXPECT_EQ(state.object(main_frame).where.line, line_of(cpp, "co_return tripled_val + 2"));
    EXPECT_EQ(state.object(main_frame).status, Status::done);
}

TEST(Trace, TimerHeapIsOrderedByDeadline) {
    // A synthetic trace: three timers scheduled out of order.
    Trace timers;
    timers.meta.title = "timers";
    for (int i = 0; i < 3; ++i) timers.objects.push_back({static_cast<ObjectId>(i + 1), ObjectKind::timer, "t" + std::to_string(i)});
    timers.events.push_back({.kind = EventKind::call_later, .subject = 1, .number = 3});
    timers.events.push_back({.kind = EventKind::call_later, .subject = 2, .number = 1});
    timers.events.push_back({.kind = EventKind::call_later, .subject = 3, .number = 2});
    ASSERT_EQ(timers.index(), "");
    State state = timers.state_after(3);
    EXPECT_EQ(state.timers.ids(), (std::vector<ObjectId>{2, 3, 1}));
    EXPECT_EQ(state.object(1).when, 3.0);
}

TEST(Trace, StateAtNIsTheSameHoweverYouGetThere) {
    // Keyframed access must equal replaying from the start, at every step, in any order.
    Trace trace;
    trace.meta.title = "many";
    for (ObjectId id = 1; id <= 2000; ++id) trace.objects.push_back({id, ObjectKind::handle, "h" + std::to_string(id)});
    for (int i = 0; i < 2000; ++i) {
        // A handle is queued once (asyncio makes a new one for each call_soon).
        trace.events.push_back({.kind = EventKind::call_soon, .subject = static_cast<ObjectId>(i + 1)});
        trace.events.push_back({.kind = EventKind::print, .text = std::to_string(i)});
    }
    ASSERT_EQ(trace.index(), "");
    std::mt19937 random(42);
    for (int probe = 0; probe < 200; ++probe) {
        size_t n = random() % (trace.size() + 1);
        State replayed = initial_state(trace);
        for (size_t i = 0; i < n; ++i) apply(replayed, trace, trace.events[i]);
        EXPECT_EQ(trace.state_after(n), replayed) << "at step " << n;
    }
}

TEST(Trace, JsonRoundTripGivesTheSameTrace) {
    const Trace& trace = triple_main();
    Trace loaded = from_json(to_json(trace), "round-trip");
    EXPECT_EQ(loaded, trace);
    EXPECT_EQ(to_json(loaded), to_json(trace));
}

// A Python trace names a file it does not embed (outside the program's folder): the flag survives every
// encoding, is written only when false (so other traces stay byte for byte), and a text beside it is refused.
TEST(Trace, AFileThatIsNotEmbeddedKeepsItsNameOnly) {
    Trace trace = triple_main();
    trace.files.push_back({"/elsewhere/secrets.py", "", false});
    Trace loaded = from_json(to_json(trace), "round-trip");
    ASSERT_EQ(loaded.files.size(), trace.files.size());
    EXPECT_FALSE(loaded.files.back().embedded);
    EXPECT_TRUE(loaded.files.front().embedded);
    EXPECT_EQ(loaded, trace);
    for (auto encoding : {TraceEncoding::cbor, TraceEncoding::messagepack})
        EXPECT_EQ(from_bytes(to_binary(trace, encoding), "round-trip"), trace);
    EXPECT_EQ(to_json(triple_main()).find("embedded"), std::string::npos);
    std::string text = to_json(trace);
    size_t at = text.find("\"embedded\":false");
    ASSERT_NE(at, std::string::npos);
    std::string with_text = text;
    size_t empty_text = text.find("\"text\":\"\"", at);
    ASSERT_NE(empty_text, std::string::npos);
    with_text.replace(empty_text, 9, "\"text\":\"x\"");
    try {
        from_json(with_text, "t.json");
        ADD_FAILURE() << "a text beside embedded false was taken";
    } catch (const TraceError& error) {
        EXPECT_NE(std::string(error.what()).find("a file that is not embedded has no text"), std::string::npos) << error.what();
    }
}

TEST(Trace, RecordingIsDeterministic) {
    for (const auto& walkthrough : walkthroughs()) {
        if (walkthrough.real_io) continue;  // real I/O on the real clock varies from run to run
        EXPECT_EQ(to_json(record(walkthrough)), to_json(record(walkthrough))) << walkthrough.id;
    }
}

TEST(Trace, EmbedsTheSourceOfEveryFileItPointsInto) {
    const Trace& trace = triple_main();
    ASSERT_FALSE(trace.files.empty());
    for (const auto& file : trace.files) {
        EXPECT_FALSE(file.text.empty()) << file.path;
        EXPECT_EQ(file.path.front() == '/', false) << "paths are project-relative: " << file.path;
    }
    for (const auto& event : trace.events) {
        if (event.where.valid()) {
            EXPECT_LT(static_cast<size_t>(event.where.file), trace.files.size());
        }
    }
}

TEST(Trace, CarriesThePythonListingAndLineMap) {
    const Trace& trace = triple_main();
    EXPECT_NE(trace.python.text.find("async def triple"), std::string::npos);
    ASSERT_GE(trace.python.cpp_file, 0);
    EXPECT_EQ(trace.files[trace.python.cpp_file].path, "src/walkthroughs/triple_main.cpp");
    std::map<int, int> map(trace.python.line_map.begin(), trace.python.line_map.end());
    const std::string& cpp = trace.files[trace.python.cpp_file].text;
    // The line that awaits triple_task maps to Python's `tripled_val = await triple_task` (line 9).
    EXPECT_EQ(map[line_of(cpp, "co_await triple_task")], 9);
}

TEST(Trace, EveryEventHasALoopTime) {
    Trace trace = record(*find_walkthrough("rock"));
    for (const auto& event : trace.events) EXPECT_EQ(event.time, 0.0);
    EXPECT_EQ(trace.meta.clock, "virtual");
}

TEST(Trace, PythonLineMapReadsMarkers) {
    auto map = python_line_map("int a;  // py 3\nint b;\nint c; // py 12\n");
    EXPECT_EQ(map, (std::vector<std::pair<int, int>>{{1, 3}, {3, 12}}));
}

TEST(Narration, SaysWhatReallyHappensWhereTheSeedsSimplify) {
    auto sentences = narration(triple_main());
    auto has = [&](const std::string& text) {
        return std::any_of(sentences.begin(), sentences.end(),
                           [&](const std::string& s) { return s.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("Control is now in main_task.step: it starts main() with send(None)."));
    EXPECT_TRUE(has("wakeup reads the awaited future's result and then calls step"));
    EXPECT_TRUE(has("a future never calls them directly"));
    EXPECT_TRUE(has("yields triple_task itself"));
}

// "Seed" is the project's word for its teaching material, never a learner's; and where there is no loop,
// the narration does not speak of a trip through it.
TEST(Narration, SaysNothingALearnerDoesNotKnow) {
    for (const auto& walkthrough : walkthroughs()) {
        Trace trace = record(walkthrough);
        std::string intro = trace.meta.intro + trace.meta.title;
        std::transform(intro.begin(), intro.end(), intro.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_EQ(intro.find("seed"), std::string::npos) << walkthrough.id;
        bool has_loop = false;
        for (size_t i = 0; i < trace.size(); ++i) has_loop |= trace.events.kind(i) == EventKind::loop_start;
        for (std::string sentence : narration(trace)) {
            std::transform(sentence.begin(), sentence.end(), sentence.begin(), [](unsigned char c) { return std::tolower(c); });
            EXPECT_EQ(sentence.find("seed"), std::string::npos) << walkthrough.id << ": " << sentence;
            if (!has_loop) EXPECT_EQ(sentence.find("event loop"), std::string::npos) << walkthrough.id << ": " << sentence;
        }
    }
}

TEST(Narration, GeneratorsAreDrivenByNextAndSend) {
    auto sentences = narration(record(*find_walkthrough("generator_send")));
    EXPECT_NE(std::find(sentences.begin(), sentences.end(),
                        "Calling gen() creates a generator object; none of its body runs yet."),
              sentences.end());
    EXPECT_NE(std::find(sentences.begin(), sentences.end(),
                        "The program calls next() on the generator gen(), which is send(None): it runs to its next yield."),
              sentences.end());
    EXPECT_NE(std::find(sentences.begin(), sentences.end(),
                        "gen returns None: StopIteration() comes out of the program's send()."),
              sentences.end());
}

TEST(Narration, ABareYieldIsNamed) {
    auto sentences = narration(record(*find_walkthrough("asyncio_sleep")));
    EXPECT_NE(std::find(sentences.begin(), sentences.end(),
                        "sleep0 yields None (a bare yield): control leaves it and passes up to sleep."),
              sentences.end());
}

TEST(Trace, KeyframesOfABigStateAreSpacedOutAndStillExact) {
    // 5,000 objects: keyframes are spaced by the state's size, not every 256 events.
    Trace trace;
    trace.meta.title = "big";
    const ObjectId futures = 5000;
    for (ObjectId id = 1; id <= futures; ++id) trace.objects.push_back({id, ObjectKind::future, "f" + std::to_string(id)});
    std::mt19937 random(3);
    for (int i = 0; i < 40000; ++i) {
        ObjectId future = 1 + random() % futures;
        trace.events.push_back({.kind = EventKind::future_created, .subject = future});
        trace.events.push_back({.kind = EventKind::cancel, .subject = future});
    }
    ASSERT_EQ(trace.index(), "");
    for (int probe = 0; probe < 60; ++probe) {
        size_t n = random() % (trace.size() + 1);
        State replayed = initial_state(trace);
        for (size_t i = 0; i < n; ++i) apply(replayed, trace, trace.events[i]);
        EXPECT_EQ(trace.state_after(n), replayed) << "at step " << n;
    }
    EXPECT_EQ(trace.state_after(trace.size() + 10).events_applied, trace.size());
}

TEST(Recorder, ShortensLongValuesLikeReprlibButNotPrintedLines) {
    Recorder recorder({"long"});
    ObjectId future = recorder.add_object(ObjectKind::future, "fut1");
    std::string long_repr = "'" + std::string(500, 'x') + "'";
    recorder.emit({.kind = EventKind::set_result, .subject = future, .text = long_repr});
    recorder.emit({.kind = EventKind::print, .text = std::string(500, 'y')});
    Trace trace = recorder.finish();
    std::string shortened(trace.events[0].text);
    EXPECT_LT(shortened.size(), 120u);
    EXPECT_EQ(shortened.substr(0, 10), long_repr.substr(0, 10));
    EXPECT_NE(shortened.find("..."), std::string::npos);
    EXPECT_EQ(shortened.back(), '\'');
    EXPECT_EQ(trace.events[1].text.size(), 500u);  // what the program printed is kept whole
}

TEST(Recorder, FramesOfAKeptFunctionShareItsNameKindAndPlace) {
    Recorder recorder({"kept"});
    Location at{.file = 0, .line = 7, .column = 3};
    static const char main_function[] = "int main()", kind[] = "coroutine";
    EXPECT_EQ(recorder.kept_function(main_function, kind), nullptr);
    Recorder::KeptFunction main = recorder.keep_function(main_function, kind, "main", at);
    ASSERT_NE(recorder.kept_function(main_function, kind), nullptr);
    EXPECT_EQ(recorder.kept_function(main_function, "async generator"), nullptr);  // another kind: not this one
    ObjectId first = recorder.add_frame(main), second = recorder.add_frame(main);
    recorder.emit_inlined_at({.kind = EventKind::frame_enter, .subject = second, .other = first}, main.event_place);
    recorder.emit_inlined_at({.kind = EventKind::frame_return, .subject = second, .text = "1"}, 0);
    const Trace& trace = recorder.trace();
    for (ObjectId frame : {first, second}) {
        EXPECT_EQ(recorder.object(frame).name, "main");
        EXPECT_EQ(recorder.object(frame).kind, ObjectKind::frame);
        EXPECT_EQ(recorder.object(frame).where, at);
    }
    ASSERT_EQ(trace.events.size(), 4u);
    EXPECT_EQ(trace.events[0].kind, EventKind::coroutine_created);
    EXPECT_EQ(trace.events[1].subject, second);
    EXPECT_EQ(trace.events[1].text, "coroutine");
    EXPECT_EQ(trace.events[2].where, at);  // at the kept place, though the event named none
    EXPECT_EQ(trace.events[2].other, first);
    EXPECT_FALSE(trace.events[3].where.valid());
    EXPECT_EQ(trace.events[3].text, "1");
    // Without a place, a kept function's frames have none.
    static const char lambda[] = "<lambda()>";
    Recorder::KeptFunction nowhere = recorder.keep_function(lambda, kind, "<lambda>", {});
    EXPECT_FALSE(recorder.object(recorder.add_frame(nowhere)).where.valid());
    // What a recorder kept named its trace: after finish(), nothing is kept.
    recorder.finish();
    EXPECT_EQ(recorder.kept_function(main_function, kind), nullptr);
}

TEST(Recorder, NamesGivenAtFinishAreKnownBeforeIt) {
    // A Task's step handle is named "<task>.step" only when recording ends; name() knows it before.
    Recorder recorder({"named later"});
    ObjectId task = recorder.add_object(ObjectKind::task, "Task-1");
    ObjectId step = recorder.add_object(ObjectKind::handle);
    ObjectId named = recorder.add_object(ObjectKind::handle, "main.wakeup");
    ObjectId again = recorder.add_object(ObjectKind::handle);
    ObjectId chosen = recorder.add_object(ObjectKind::handle);
    recorder.name_at_finish(step, task, ".step");
    recorder.name_at_finish(again, step, ".again");  // after a name that is itself given at finish
    recorder.name_at_finish(chosen, task, ".step");
    recorder.set_name(chosen, "chosen");  // a name set later is the name
    EXPECT_EQ(recorder.name(chosen), "chosen");
    EXPECT_EQ(recorder.object(step).name, "");  // not spelled yet, and with no owner
    EXPECT_EQ(recorder.object(step).owner, 0u);
    EXPECT_THROW(recorder.name_at_finish(task, step, ".before"), std::invalid_argument);  // only after an earlier one
    EXPECT_EQ(recorder.name(step), "Task-1.step");
    EXPECT_EQ(recorder.name(again), "Task-1.step.again");
    EXPECT_EQ(recorder.name(named), "main.wakeup");
    recorder.emit({.kind = EventKind::call_soon, .subject = step});
    recorder.emit({.kind = EventKind::call_soon, .subject = again});
    Trace trace = recorder.finish();
    EXPECT_EQ(trace.name(step), "Task-1.step");
    EXPECT_EQ(trace.name(again), "Task-1.step.again");
    EXPECT_EQ(trace.name(named), "main.wakeup");
    EXPECT_EQ(trace.name(chosen), "chosen");
    for (ObjectId id : {step, again, chosen}) EXPECT_EQ(trace.object(id).owner, 0u) << id;
}

TEST(Recorder, NumberedNamesAreSpelledAtFinishAndKnownBeforeIt) {
    // A Task named by its number is "Task-7" only when recording ends; its owner is its own meanwhile,
    // and a name given after it ("Task-7.step") spells it too.
    Recorder recorder({"numbered later"});
    ObjectId coroutine = recorder.add_object(ObjectKind::frame, "leaf");
    ObjectId task = recorder.add_object(ObjectKind::task);
    ObjectId other = recorder.add_object(ObjectKind::task);
    ObjectId renamed = recorder.add_object(ObjectKind::task);
    ObjectId step = recorder.add_object(ObjectKind::handle);
    recorder.number_at_finish(task, "Task-", 7);
    recorder.set_owner(task, coroutine);
    recorder.number_at_finish(other, "Task-", 4294967295u);  // past what a record holds: named at once
    EXPECT_EQ(recorder.object(other).name, "Task-4294967295");
    ObjectId job = recorder.add_object(ObjectKind::task);
    recorder.number_at_finish(job, "Job-", 3);  // a second prefix: named at once
    EXPECT_EQ(recorder.object(job).name, "Job-3");
    recorder.number_at_finish(renamed, "Task-", 9);
    recorder.set_name(renamed, "chosen");  // a name set later is the name
    recorder.name_at_finish(step, task, ".step");
    EXPECT_EQ(recorder.object(task).name, "");  // not spelled yet
    EXPECT_EQ(recorder.object(task).owner, coroutine);
    EXPECT_EQ(recorder.name(task), "Task-7");
    EXPECT_EQ(recorder.name(step), "Task-7.step");
    EXPECT_EQ(recorder.name(renamed), "chosen");
    recorder.emit({.kind = EventKind::call_soon, .subject = step});
    Trace trace = recorder.finish();
    EXPECT_EQ(trace.name(task), "Task-7");
    EXPECT_EQ(trace.object(task).owner, coroutine);
    EXPECT_EQ(trace.name(other), "Task-4294967295");
    EXPECT_EQ(trace.name(job), "Job-3");
    EXPECT_EQ(trace.name(renamed), "chosen");
    EXPECT_EQ(trace.name(step), "Task-7.step");
    EXPECT_EQ(trace.object(step).owner, 0u);
}

TEST(Recorder, FuturesAreNamedInTheOrderTheStepLogMentionsThem) {
    // set_result names its subject; step_yield the future waited on (other), not the task stepping.
    Recorder recorder({"mentions"});
    ObjectId task = recorder.add_object(ObjectKind::task, "main_task");
    ObjectId first = recorder.add_object(ObjectKind::future);
    ObjectId second = recorder.add_object(ObjectKind::future);
    recorder.emit({.kind = EventKind::step_yield, .subject = task, .other = second, .text = "<Future pending>"});
    EXPECT_EQ(recorder.name(second), "fut1");  // named as it is mentioned
    EXPECT_EQ(recorder.name(first), "");
    recorder.emit({.kind = EventKind::set_result, .subject = first, .text = "1"});
    EXPECT_EQ(recorder.name(first), "fut2");
    EXPECT_EQ(recorder.name(task), "main_task");
}

// How a Python program ended is a fact of its last event (its exit status), and a call_soon says which
// method queued it when that was not call_soon itself; the narration says both, and the step log keeps to
// what the oracle logs.
TEST(Narration, SaysTheExitStatusAndWhichMethodQueuedAHandle) {
    Trace trace;
    trace.objects.push_back({1, ObjectKind::handle, "set_state"});
    trace.events.push_back({.kind = EventKind::program_start});
    trace.events.push_back({.kind = EventKind::loop_start});
    trace.events.push_back({.kind = EventKind::call_soon, .subject = 1, .text = "call_soon_threadsafe from another thread"});
    trace.events.push_back({.kind = EventKind::loop_stop});
    trace.events.push_back({.kind = EventKind::program_end, .number = 3});
    ASSERT_EQ(trace.index(), "");
    auto sentences = narration(trace);
    EXPECT_EQ(sentences[2], "call_soon_threadsafe from another thread puts set_state at the back of the ready queue (position 1).");
    EXPECT_EQ(sentences[4], "The program ends, with exit status 3 (sys.exit).");
    EXPECT_TRUE(step_log(trace).empty());
}
