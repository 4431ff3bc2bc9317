// Values (trace format version 3): each variable's changes, found at any step by the variable's own
// list; written and read in all three encodings; and refused, with the place, when they do not fit.
#include <gtest/gtest.h>

#include "trace/trace_json.h"

using namespace cotrace;

namespace {

// A trace of one frame, four line events, and values the test gives.
std::string with_values(const std::string& values_json, int version = 3) {
    return R"({"format": "cotrace-trace", "version": )" + std::to_string(version) + R"(,
      "meta": {"title": "t", "clock": "virtual", "recorder": "cpython"},
      "files": [{"path": "p.py", "text": "a = 1\nb = [a]\na = 2\ndel a\n"}],
      "objects": [{"id": 1, "kind": "frame", "name": "main"}, {"id": 2, "kind": "future", "name": "fut1"}],
      "events": [{"kind": "program_start", "time": 0}, {"kind": "line", "time": 0, "where": [0, 1, 1]},
                 {"kind": "line", "time": 0, "where": [0, 2, 1]}, {"kind": "line", "time": 0, "where": [0, 3, 1]},
                 {"kind": "line", "time": 0, "where": [0, 4, 1]}, {"kind": "program_end", "time": 0}],
      "values": )" + values_json + "}";
}

const std::string some_values =
    R"([[2, 0, "a", "1"], [3, 0, "b", "[1]", 1], [3, 1, "f", "<Future pending>", 0, 2], [4, 0, "a", "2"], [5, 0, "a", null]])";

std::string described(const std::vector<Variable>& variables) {
    std::string text;
    for (const auto& v : variables) {
        text += (text.empty() ? "" : ", ") + std::string(v.name) + "=" + std::string(v.text);
        if (v.changed) text += v.was_bound ? " (was " + std::string(v.before) + ")" : " (new)";
    }
    return text;
}

void expect_refused(const std::string& values_json, const std::string& place, const std::string& problem) {
    try {
        from_json(with_values(values_json), "t.json");
        ADD_FAILURE() << "loaded " << values_json;
    } catch (const TraceError& e) {
        EXPECT_EQ(e.place, place) << e.what();
        EXPECT_NE(e.problem.find(problem), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(Values, EachStepShowsTheLastChangeBeforeItAndMarksWhatItsEventChanged) {
    Trace trace = from_json(with_values(some_values), "t.json");
    ASSERT_EQ(trace.values.size(), 5u);
    EXPECT_EQ(described(trace.values.at(0, 2)), "");  // the change at event 2 shows from step 3 on
    EXPECT_EQ(described(trace.values.at(0, 3)), "a=1 (new)");
    EXPECT_EQ(described(trace.values.at(0, 4)), "a=1, b=[1] (new)");
    EXPECT_EQ(described(trace.values.at(0, 5)), "a=2 (was 1), b=[1]");
    EXPECT_EQ(described(trace.values.at(0, 6)), "b=[1]");  // a deleted
    EXPECT_EQ(described(trace.values.at(1, 6)), "f=<Future pending>");
    EXPECT_EQ(trace.values.at(0, 6)[0].shared, 1u);
    EXPECT_EQ(trace.values.at(1, 6)[0].object, 2u);
    EXPECT_EQ(trace.values.frames(), (std::vector<ObjectId>{0, 1}));
}

TEST(Values, RoundTripInAllThreeEncodingsAsVersion3) {
    Trace trace = from_json(with_values(some_values), "t.json");
    std::string json = to_json(trace);
    EXPECT_NE(json.find("\"version\": 3"), std::string::npos);
    EXPECT_NE(json.find(R"([5,0,"a",null])"), std::string::npos) << json;
    EXPECT_EQ(from_json(json, "again.json"), trace);
    for (TraceEncoding encoding : {TraceEncoding::cbor, TraceEncoding::messagepack})
        EXPECT_EQ(from_bytes(to_binary(trace, encoding), "t.bin"), trace);
}

TEST(Values, ATraceWithoutLinesOrValuesIsStillWrittenAsVersion2) {
    Trace trace = from_json(with_values("[]"), "t.json");
    EXPECT_EQ(trace.format_version(), 3);  // its line events
    Trace plain;
    plain.meta.title = "t";
    EXPECT_EQ(plain.format_version(), 2);
    EXPECT_NE(to_json(plain).find("\"version\": 2"), std::string::npos);
    EXPECT_EQ(to_json(plain).find("values"), std::string::npos);
}

TEST(Values, ThoseThatDoNotFitAreRefusedWithTheirPlace) {
    expect_refused(R"([[9, 0, "a", "1"]])", "/values/0/0", "names event 9, but the trace has 6");
    expect_refused(R"([[3, 0, "a", "1"], [2, 0, "b", "1"]])", "/values/1/0", "in the order of their events");
    expect_refused(R"([[3, 2, "a", "1"]])", "/values/0/1", "not a frame");
    expect_refused(R"([[3, 7, "a", "1"]])", "/values/0/1", "not a frame");
    expect_refused(R"([[3, 0, "", "1"]])", "/values/0/2", "expected a name");
    expect_refused(R"([[3, 0, "a", 1]])", "/values/0/3", "expected the value's text");
    expect_refused(R"([[3, 0, "a", "1", 0, 1]])", "/values/0/5", "not a task or future");
    expect_refused(R"([[3, 0, "a", "1", -1]])", "/values/0/4", "expected 0 to");
    expect_refused(R"([[3, 0, "a"]])", "/values/0", "expected [event, frame, name, value");
    expect_refused(R"({"a": 1})", "/values", "");
}
