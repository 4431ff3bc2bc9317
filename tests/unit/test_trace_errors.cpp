// Bad trace files: every problem is reported with the file, the place and what is wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;

namespace {

std::string valid_json() {
    static const std::string text = to_json(record(*find_walkthrough("triple_main")));
    return text;
}

// Parses `text` and returns the error, failing the test if there was none.
TraceError error_for(const std::string& text) {
    try {
        from_json(text, "bad.json");
    } catch (const TraceError& error) {
        return error;
    }
    ADD_FAILURE() << "no error for: " << text.substr(0, 200);
    return TraceError("", "", "");
}

std::string edited(const std::function<void(nlohmann::json&)>& edit) {
    auto json = nlohmann::json::parse(valid_json());
    edit(json);
    return json.dump();
}

}  // namespace

TEST(TraceErrors, MissingFile) {
    try {
        load_trace("/nonexistent/trace.json");
        FAIL();
    } catch (const TraceError& error) {
        EXPECT_EQ(error.file, "/nonexistent/trace.json");
        EXPECT_NE(error.problem.find("cannot open"), std::string::npos);
    }
}

TEST(TraceErrors, EmptyFile) {
    auto error = error_for("");
    EXPECT_EQ(error.file, "bad.json");
    EXPECT_EQ(error.problem, "the file is empty");
}

TEST(TraceErrors, TruncatedJsonNamesTheLineAndColumn) {
    std::string text = valid_json().substr(0, 500);
    auto error = error_for(text);
    EXPECT_NE(error.place.find("line "), std::string::npos);
    EXPECT_NE(error.problem.find("truncated"), std::string::npos);
}

TEST(TraceErrors, MalformedJson) {
    auto error = error_for("{\"format\": cotrace}");
    EXPECT_EQ(error.place, "line 1, column 12");
    EXPECT_NE(error.problem.find("malformed JSON"), std::string::npos);
}

TEST(TraceErrors, ValidJsonThatIsNotATrace) {
    auto error = error_for("[1, 2, 3]");
    EXPECT_NE(error.problem.find("not a cotrace trace"), std::string::npos);
    error = error_for("{\"hello\": 1}");
    EXPECT_EQ(error.place, "/format");
}

TEST(TraceErrors, WrongVersion) {
    auto error = error_for(edited([](auto& j) { j["version"] = 99; }));
    EXPECT_EQ(error.place, "/version");
    EXPECT_NE(error.problem.find("unsupported version 99"), std::string::npos);
}

TEST(TraceErrors, EventNamingAnUnknownTask) {
    auto error = error_for(edited([](auto& j) {
        for (auto& event : j["events"])
            if (event["kind"] == "step_begin") {
                event["subject"] = 9999;
                break;
            }
    }));
    EXPECT_NE(error.place.find("/events/"), std::string::npos);
    EXPECT_NE(error.place.find("/subject"), std::string::npos);
    EXPECT_NE(error.problem.find("unknown object 9999"), std::string::npos);
}

TEST(TraceErrors, EventNamingAnObjectOfTheWrongKind) {
    auto error = error_for(edited([](auto& j) {
        for (auto& event : j["events"])
            if (event["kind"] == "step_begin") {
                event["subject"] = 1;  // the first object is a frame, not a task
                break;
            }
    }));
    EXPECT_NE(error.problem.find("which is not a task"), std::string::npos);
}

TEST(TraceErrors, WrongFieldType) {
    auto error = error_for(edited([](auto& j) { j["events"][3]["time"] = "soon"; }));
    EXPECT_EQ(error.place, "/events/3/time");
    EXPECT_EQ(error.problem, "expected a number, got a string");
}

TEST(TraceErrors, UnknownEventKind) {
    auto error = error_for(edited([](auto& j) { j["events"][2]["kind"] = "teleport"; }));
    EXPECT_EQ(error.place, "/events/2/kind");
}

TEST(TraceErrors, InconsistentEventSequence) {
    // Dropping a push leaves a later pop with nothing to pop: named by event index.
    auto error = error_for(edited([](auto& j) {
        auto& events = j["events"];
        for (size_t i = 0; i < events.size(); ++i)
            if (events[i]["kind"] == "loop_start") {
                events.erase(i);
                break;
            }
    }));
    EXPECT_EQ(error.place.rfind("/events/", 0), 0u);
    EXPECT_NE(error.problem.find("control is in"), std::string::npos);
}

TEST(TraceErrors, SaveIsAtomicAndLeavesNoTemporaryFile) {
    auto dir = std::filesystem::temp_directory_path() / "cotrace-save-test";
    std::filesystem::create_directories(dir);
    auto path = (dir / "t.json").string();
    Trace trace = from_json(valid_json(), "valid");
    save_trace(trace, path);
    EXPECT_EQ(load_trace(path), trace);
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(entry.path().filename(), "t.json");
    std::filesystem::remove_all(dir);
}

TEST(TraceErrors, SaveIntoAMissingDirectoryFailsWithoutTouchingAnything) {
    Trace trace = from_json(valid_json(), "valid");
    EXPECT_THROW(save_trace(trace, "/nonexistent-dir/t.json"), TraceError);
}

// Binary encodings: the same document as the JSON, told apart by content, not by name.
TEST(TraceEncodings, JsonCborAndMessagePackLoadToTheSameTrace) {
    for (const auto& walkthrough : walkthroughs()) {
        if (walkthrough.real_io) continue;
        Trace trace = record(walkthrough);
        Trace from_text = from_bytes(to_json(trace), "t.json");
        Trace from_cbor = from_bytes(to_binary(trace, TraceEncoding::cbor), "t.json");  // the name does not matter
        Trace from_msgpack = from_bytes(to_binary(trace, TraceEncoding::messagepack), "t.trace");
        EXPECT_EQ(from_text, trace) << walkthrough.id;
        EXPECT_EQ(from_cbor, trace) << walkthrough.id;
        EXPECT_EQ(from_msgpack, trace) << walkthrough.id;
        EXPECT_LT(to_binary(trace, TraceEncoding::cbor).size(), to_json(trace).size()) << walkthrough.id;
    }
}

TEST(TraceEncodings, SaveChoosesTheEncodingByExtensionAndLoadFindsItByContent) {
    auto dir = std::filesystem::temp_directory_path() / "cotrace-encodings";
    std::filesystem::create_directories(dir);
    Trace trace = from_json(valid_json(), "valid");
    save_trace(trace, (dir / "t.cbor").string());
    save_trace(trace, (dir / "t.msgpack").string());
    EXPECT_EQ(encoding_for("x.cbor"), TraceEncoding::cbor);
    EXPECT_EQ(encoding_for("x.json"), TraceEncoding::json);
    std::filesystem::rename(dir / "t.cbor", dir / "renamed.json");
    EXPECT_EQ(load_trace((dir / "renamed.json").string()), trace);
    EXPECT_EQ(load_trace((dir / "t.msgpack").string()), trace);
    std::filesystem::remove_all(dir);
}

TEST(TraceEncodings, TruncatedOrCorruptBinaryIsAClearError) {
    std::string cbor = to_binary(from_json(valid_json(), "valid"), TraceEncoding::cbor);
    try {
        from_bytes(cbor.substr(0, cbor.size() / 2), "cut.cbor");
        FAIL();
    } catch (const TraceError& error) {
        EXPECT_EQ(error.file, "cut.cbor");
        EXPECT_EQ(error.place.rfind("byte ", 0), 0u);
        EXPECT_NE(error.problem.find("truncated CBOR"), std::string::npos);
    }
    // A binary document that is not a trace is refused like a JSON one.
    auto not_a_trace = nlohmann::json::to_cbor(nlohmann::json{{"hello", 1}});
    try {
        from_bytes(std::string(not_a_trace.begin(), not_a_trace.end()), "other.cbor");
        FAIL();
    } catch (const TraceError& error) {
        EXPECT_EQ(error.place, "/format");
    }
}

// A document with its sections in another order (here alphabetical: events before objects, as a JSON
// tool that sorts keys writes it) is read whole, then checked: the same trace, and the same errors.
TEST(TraceEncodings, SectionsInAnyOrderLoadTheSame) {
    Trace trace = from_json(valid_json(), "valid");
    std::string sorted = nlohmann::json::parse(to_json(trace)).dump();
    ASSERT_LT(sorted.find("\"events\""), sorted.find("\"objects\""));
    EXPECT_EQ(from_json(sorted, "sorted.json"), trace);
    EXPECT_EQ(from_bytes(to_binary(from_json(sorted, "sorted.json"), TraceEncoding::cbor), "t.cbor"), trace);

    auto document = nlohmann::json::parse(sorted);
    document["events"][3]["subject"] = 9999;
    try {
        from_json(document.dump(), "sorted.json");
        FAIL() << "expected a TraceError";
    } catch (const TraceError& error) {
        EXPECT_EQ(error.place, "/events/3/subject");
        EXPECT_NE(error.problem.find("unknown object 9999"), std::string::npos);
    }
}

// Events written as arrays (as binary traces write them) read the same in JSON, and a wrong type in one is
// named by its position.
TEST(TraceEncodings, EventsAsArraysAreReadAndChecked) {
    Trace trace = from_json(valid_json(), "valid");
    auto document = nlohmann::json::parse(to_json(trace));
    document["events"][0] = nlohmann::json::array({document["events"][0]["kind"], document["events"][0]["time"]});
    EXPECT_EQ(from_json(document.dump(), "arrays.json"), trace);
    document["events"][0][1] = "soon";
    try {
        from_json(document.dump(), "arrays.json");
        FAIL() << "expected a TraceError";
    } catch (const TraceError& error) {
        EXPECT_EQ(error.place, "/events/0/1");
        EXPECT_EQ(error.problem, "expected a number, got a string");
    }
}
