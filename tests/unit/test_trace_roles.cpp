// Objects' roles: what the recorder knew a frame's code or a handle's callback to be. The window decides
// from them, never from names; version 1 traces (without them) still load, with them filled in.
#include <gtest/gtest.h>

#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;

namespace {

const std::string version1 = std::string(COTRACE_SOURCE_DIR) + "/tests/unit/version1/";

struct RoleAndOwner {
    ObjectRole role;
    ObjectId owner;
    bool operator==(const RoleAndOwner&) const = default;
};

std::vector<RoleAndOwner> roles_of(const Trace& trace) {
    std::vector<RoleAndOwner> roles;
    for (const TraceObject& object : trace.objects) roles.push_back({object.role, object.owner});
    return roles;
}

ObjectId named(const Trace& trace, std::string_view name) {
    for (const TraceObject& object : trace.objects)
        if (object.name == name) return object.id;
    return 0;
}

std::string with_object(const std::string& object_json) {
    return R"({"format": "cotrace-trace", "version": 2,
      "meta": {"title": "t", "clock": "virtual", "recorder": "runtime"}, "files": [],
      "objects": [{"id": 1, "kind": "frame", "name": "main"}, {"id": 2, "kind": "task", "name": "main_task", "owner": 1},
                  {"id": 3, "kind": "future", "name": "fut1"}, )" + object_json + R"(],
      "events": []})";
}

}  // namespace

TEST(TraceRoles, TheRuntimeRecordsEachHandlesTaskAndEachFramesCode) {
    Trace trace = record(*find_walkthrough("triple_main"));
    EXPECT_EQ(trace.meta.recorder, "runtime");
    ObjectId main_task = named(trace, "main_task");
    size_t steps = 0, wakeups = 0;
    for (const TraceObject& object : trace.objects) {
        if (object.role == ObjectRole::task_step || object.role == ObjectRole::task_wakeup) {
            EXPECT_EQ(trace.kind(object.owner), ObjectKind::task) << object.name;
            (object.role == ObjectRole::task_step ? steps : wakeups) += object.owner == main_task;
        }
    }
    EXPECT_GT(steps, 0u);
    EXPECT_EQ(wakeups, 1u);  // main waits once, on triple_task
    EXPECT_EQ(trace.role(named(trace, "triple_task.__await__")), ObjectRole::future_await);
    EXPECT_EQ(trace.role(named(trace, "main")), ObjectRole::none);  // the program's own
}

TEST(TraceRoles, ARocksOwnAwaitIsTheProgramsCodeAndSleepIsTheRuntimes) {
    Trace rock = record(*find_walkthrough("rock"));
    EXPECT_EQ(rock.role(named(rock, "Rock.__await__")), ObjectRole::none);
    Trace sleeping = record(*find_walkthrough("asyncio_sleep"));
    ObjectId sleep = named(sleeping, "sleep");
    ASSERT_NE(sleep, 0u);
    EXPECT_EQ(sleeping.role(sleep), ObjectRole::asyncio);
}

TEST(TraceRoles, AVersion1TraceLoadsWithTheRolesARecordingGivesToday) {
    for (const char* id : {"triple_main", "io_gather", "rock"}) {
        Trace old = load_trace(version1 + id + ".json");
        Trace now = record(*find_walkthrough(id));
        EXPECT_EQ(old.meta.recorder, "runtime") << id;
        ASSERT_EQ(old.objects.size(), now.objects.size()) << id;
        EXPECT_EQ(roles_of(old), roles_of(now)) << id;
    }
}

TEST(TraceRoles, RolesSurviveEveryEncoding) {
    Trace trace = record(*find_walkthrough("io_gather"));
    EXPECT_EQ(from_json(to_json(trace), "t.json"), trace);
    EXPECT_EQ(from_bytes(to_binary(trace, TraceEncoding::cbor), "t.cbor"), trace);
    EXPECT_EQ(from_bytes(to_binary(trace, TraceEncoding::messagepack), "t.msgpack"), trace);
}

TEST(TraceRoles, TheReaderRefusesARoleThatDoesNotFit) {
    auto problem = [](const std::string& object) {
        try {
            from_json(with_object(object), "t.json");
        } catch (const TraceError& error) {
            return std::string(error.what());
        }
        return std::string("loaded");
    };
    EXPECT_EQ(problem(R"({"id": 4, "kind": "handle", "name": "main_task.step", "owner": 2, "role": "step"})"), "loaded");
    EXPECT_NE(problem(R"({"id": 4, "kind": "frame", "name": "x", "role": "step", "owner": 2})").find("/objects/3/role"),
              std::string::npos);
    EXPECT_NE(problem(R"({"id": 4, "kind": "handle", "name": "x", "role": "wakeup", "owner": 3})").find("its owner is not a task"),
              std::string::npos);
    EXPECT_NE(problem(R"({"id": 4, "kind": "handle", "name": "x", "role": "stepping"})").find("unknown role \"stepping\""),
              std::string::npos);
    EXPECT_EQ(problem(R"({"id": 4, "kind": "frame", "name": "x", "role": "future_await", "owner": 2})"),
              "loaded");  // a task is a future
    EXPECT_NE(problem(R"({"id": 4, "kind": "frame", "name": "x", "role": "future_await", "owner": 1})").find("not a future"),
              std::string::npos);
    EXPECT_NE(problem(R"({"id": 4, "kind": "task", "name": "x", "role": "asyncio"})").find("only a frame"), std::string::npos);
}

