// Variables (issue 30): at every line of the program's own files, the values a Python recording holds
// equal what CPython shows a plain sys.settrace line tracer (tests/analysis/values_oracle.py), for every
// program the tests record: the oracle's, the walkthroughs' twins and the tests' own.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "files.h"
#include "python_programs.h"
#include "test_directory.h"
#include "trace/trace_json.h"

using namespace testing_support;
namespace fs = std::filesystem;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

std::vector<std::string> programs() {
    std::vector<std::string> all = python_programs();
    for (const auto& entry : fs::directory_iterator(root / "tests/python/programs"))
        if (entry.path().extension() == ".py") all.push_back(fs::relative(entry.path(), root).string());
    // Values read from the clock differ from run to run: this one computes until the real clock moves. And
    // the two twins on real I/O do it another way under the oracle's loop (as in the step-log goldens).
    std::erase_if(all, [](const std::string& path) {
        return path.ends_with("slow_step_real_clock.py") || path.ends_with("file_chunks.py") || path.ends_with("network_io.py");
    });
    return all;
}

std::string described(const std::vector<cotrace::Variable>& variables) {
    std::string text;
    for (const auto& v : variables) text += (text.empty() ? "" : ", ") + std::string(v.name) + "=" + std::string(v.text);
    return text;
}

// The recording's line steps, written as the oracle writes its own.
std::vector<std::string> recorded_lines(const cotrace::Trace& trace) {
    std::vector<std::string> lines;
    for (size_t i = 0; i < trace.events.size(); ++i) {
        cotrace::Event e = trace.events[i];
        if (e.kind != cotrace::EventKind::line) continue;
        lines.push_back("line " + fs::path(trace.files[static_cast<size_t>(e.where.file)].path).filename().string() + ":" +
                        std::to_string(e.where.line));
        lines.push_back("  globals: " + described(trace.values.at(0, i + 1)));
        if (e.subject) lines.push_back("  locals: " + described(trace.values.at(e.subject, i + 1)));
    }
    return lines;
}

class ValuesEqualCPythons : public TestWithDirectory, public ::testing::WithParamInterface<std::string> {
protected:
    ValuesEqualCPythons() : TestWithDirectory("cotrace-values-") {}
};

}  // namespace

TEST_P(ValuesEqualCPythons, AtEveryLine) {
    std::string trace_path = (dir_ / "trace.json").string(), oracle_path = (dir_ / "oracle.txt").string();
    std::string program = (root / GetParam()).string();
    // Both run from the test's own directory, with the oracle's helpers importable (homemade_sleep uses them).
    std::string environment = "cd '" + dir_.string() + "' && PYTHONPATH='" + (root / "tools/oracle").string() + "' ";
    run_command(environment + "'" + std::string(COTRACE_PYTHON) + "' '" + (root / "tests/analysis/values_oracle.py").string() +
                "' '" + program + "' '" + (root / "src/python/cotrace_values.py").string() + "' '" + oracle_path +
                "' >/dev/null 2>&1");
    std::vector<std::string> expected = lines_of(read_text(oracle_path));
    std::erase_if(expected, [](const std::string& line) { return line.starts_with("ended "); });
    ASSERT_FALSE(expected.empty()) << "the values oracle wrote nothing for " << GetParam();
    run_command("cd '" + dir_.string() + "' && '" + std::string(COTRACE_BINARY) + "' record '" + program + "' -o '" +
                trace_path + "' >/dev/null 2>&1");
    ASSERT_TRUE(fs::exists(trace_path)) << GetParam();
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_EQ(recorded_lines(trace), expected) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Programs, ValuesEqualCPythons, ::testing::ValuesIn(programs()),
                         [](const auto& info) { return test_name_of(info.param); });

// --control-only records what it always did (the same step log), without the data.
TEST(ControlOnly, RecordsNoLinesValuesReadsOrWritesAndTheSameStepLog) {
    const fs::path dir = fs::temp_directory_path() / "cotrace-control-only";
    fs::create_directories(dir);
    std::string program = (root / "tests/analysis/programs/lost_update.py").string();
    std::string binary = COTRACE_BINARY;
    run_command("'" + binary + "' record --control-only '" + program + "' -o '" + (dir / "control.json").string() + "' 2>/dev/null");
    run_command("'" + binary + "' record '" + program + "' -o '" + (dir / "data.json").string() + "' 2>/dev/null");
    cotrace::Trace control = cotrace::load_trace((dir / "control.json").string());
    cotrace::Trace data = cotrace::load_trace((dir / "data.json").string());
    EXPECT_TRUE(control.values.empty());
    EXPECT_EQ(control.format_version(), 2);
    for (size_t i = 0; i < control.size(); ++i) {
        cotrace::EventKind kind = control.events.kind(i);
        EXPECT_TRUE(kind != cotrace::EventKind::line && kind != cotrace::EventKind::read && kind != cotrace::EventKind::write);
    }
    EXPECT_FALSE(data.values.empty());
    EXPECT_EQ(read_text(dir / "control.json").find("\"version\": 2"), read_text(dir / "control.json").find("\"version\""));
    EXPECT_EQ(run_command("'" + binary + "' log '" + (dir / "control.json").string() + "'"),
              run_command("'" + binary + "' log '" + (dir / "data.json").string() + "'"));
    fs::remove_all(dir);
}

TEST(ShowStep, PrintsTheFramesAndVariablesAsTextAndJson) {
    std::string program = (root / "tests/analysis/programs/lost_update.py").string();
    std::string binary = COTRACE_BINARY;
    std::string text = run_command("'" + binary + "' show '" + program + "' --step 60 2>&1");
    EXPECT_NE(text.find("Frames and variables\n  Globals\n    counter = 0\n"), std::string::npos) << text;
    EXPECT_NE(text.find("    name = 'A'\n    seen = 0\n"), std::string::npos) << text;
    std::string json = run_command("'" + binary + "' show '" + program + "' --step 60 --json 2>&1");
    // Each line of the Output with the task that printed it; the narration names a frame by its call.
    std::string end = run_command("'" + binary + "' show '" + program + "' --step 130 2>&1");
    EXPECT_NE(end.find("  A wrote 1    (Task-2 bump('A'))\n  B wrote 1    (Task-3 bump('B'))\n"), std::string::npos) << end;
    std::string told = run_command("'" + binary + "' narrate '" + program + "' 2>&1");
    EXPECT_NE(told.find("bump('A') reads counter: 0."), std::string::npos);
    EXPECT_NE(told.find("bump('B') writes counter = 1."), std::string::npos);
    // The handout's margin says which bump waits.
    fs::path html = fs::temp_directory_path() / "cotrace-show-step-handout.html";
    run_command("'" + binary + "' export '" + program + "' --html '" + html.string() + "' >/dev/null 2>&1");
    EXPECT_NE(read_text(html).find("bump('A') suspended"), std::string::npos);
    fs::remove(html);
    auto shown = nlohmann::json::parse(json).at("variables");
    ASSERT_GE(shown.size(), 2u) << json;
    EXPECT_EQ(shown[0], nlohmann::json::parse(R"({"kind":"globals","title":"Globals",
                                                  "variables":[{"changed":false,"name":"counter","value":"0"}]})"));
    EXPECT_EQ(shown[1].at("variables").size(), 2u) << json;
}

// A Queue shows its items and the tasks waiting to get (or put), as the Tasks panel names them.
TEST(ShowStep, AQueueShowsItsItemsAndTheTasksWaitingOnIt) {
    std::string program = (root / "tests/python/programs/queue_getter.py").string();
    std::string binary = COTRACE_BINARY;
    fs::path trace = fs::temp_directory_path() / "cotrace-queue-getter.json";
    run_command("'" + binary + "' record '" + program + "' -o '" + trace.string() + "' 2>&1");
    size_t steps = cotrace::load_trace(trace.string()).size();
    bool waiting = false, items = false;
    for (size_t step = 1; step <= steps; step += 2) {
        std::string text = run_command("'" + binary + "' show '" + trace.string() + "' --step " + std::to_string(step) + " 2>&1");
        waiting |= text.find("q = Queue([], getters: Task-2)") != std::string::npos;
        items |= text.find("q = Queue([1, 2])") != std::string::npos;
    }
    EXPECT_TRUE(waiting);
    EXPECT_TRUE(items);
    fs::remove(trace);
}

// Plain functions' calls (issue 30): their locals show while they run, innermost first, inside the frame
// that holds control, and Who holds control names them ("main > total_of (line 12) > double (line 6)").
TEST(ShowStep, PlainFunctionsShowTheirLocalsWhileTheyRun) {
    std::string program = (root / "tests/python/programs/plain_calls.py").string();
    std::string binary = COTRACE_BINARY;
    fs::path trace_path = fs::temp_directory_path() / "cotrace-plain-calls.json";
    run_command("'" + binary + "' record '" + program + "' -o '" + trace_path.string() + "' 2>&1");
    cotrace::Trace trace = cotrace::load_trace(trace_path.string());
    // The first line of double's, the deepest factorial, and announce's line (it has no variables at all).
    size_t in_double = 0, deepest = 0, in_announce = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        cotrace::Event e = trace.events[i];
        if (e.kind != cotrace::EventKind::line || !e.subject) continue;
        if (!in_double && trace.name(e.subject) == "double") in_double = i + 1;
        if (!in_announce && trace.name(e.subject) == "announce") in_announce = i + 1;
        if (trace.name(e.subject) == "factorial") deepest = i + 1;
        EXPECT_EQ(trace.kind(e.subject), cotrace::ObjectKind::frame);  // a coroutine's, or a plain function's call
    }
    ASSERT_NE(in_double, 0u);
    std::string shown = run_command("'" + binary + "' show '" + trace_path.string() + "' --step " + std::to_string(in_double) + " 2>&1");
    EXPECT_NE(shown.find("main > total_of (line 12) > double (line 6)"), std::string::npos) << shown;
    EXPECT_NE(shown.find("  double, line 6\n    n = 0  (new)\n  total_of, line 12\n    k = 3\n    total = 0\n    i = 0\n"
                         "  Task-1 main(), calling total_of\n"), std::string::npos) << shown;
    // Four factorials deep at once; once returned, a call is gone.
    shown = run_command("'" + binary + "' show '" + trace_path.string() + "' --step " + std::to_string(deepest) + " 2>&1");
    EXPECT_NE(shown.find("main > factorial (line 17) > factorial (line 17) > factorial (line 17) > factorial (line 17)"),
              std::string::npos) << shown;
    shown = run_command("'" + binary + "' show '" + trace_path.string() + "' --step " + std::to_string(trace.size()) + " 2>&1");
    EXPECT_EQ(shown.find("factorial"), std::string::npos) << shown;
    // A call with no variables runs too: its line is its own, not its caller's; main's next line ends it.
    ASSERT_NE(in_announce, 0u);
    shown = run_command("'" + binary + "' show '" + trace_path.string() + "' --step " + std::to_string(in_announce) + " 2>&1");
    EXPECT_NE(shown.find("main > announce (line 21)"), std::string::npos) << shown;
    EXPECT_NE(shown.find("  announce, line 21\n    (no variables)\n  Task-1 main(), calling announce\n"), std::string::npos) << shown;
    shown = run_command("'" + binary + "' show '" + trace_path.string() + "' --step " + std::to_string(in_announce + 2) + " 2>&1");
    EXPECT_EQ(shown.find("announce"), std::string::npos) << shown;  // main's next line, 26, runs
    fs::remove(trace_path);
}
