// The example in examples/ is a learner's program: built with cotrace_add_program(), traced with
// --trace, and its step log is what CPython gives for its Python twin.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "files.h"
#include "trace/trace_json.h"
#include "trace/views.h"

namespace fs = std::filesystem;
using namespace cotrace;
using testing_support::lines_of;
using testing_support::run_command;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;



}  // namespace

TEST(Examples, HelloTasksRunsAndPrintsWhatItsPythonTwinPrints) {
    int code = -1;
    std::string printed = run_command("'" + std::string(HELLO_TASKS_BINARY) + "'", &code);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(printed, run_command("python3 '" + (root / "examples/hello_tasks/hello_tasks.py").string() + "'"));
}

TEST(Examples, HelloTasksTraceMatchesCPythonOnItsTwin) {
    fs::path trace_file = fs::temp_directory_path() / "cotrace-hello-tasks.json";
    int code = -1;
    run_command("'" + std::string(HELLO_TASKS_BINARY) + "' --trace '" + trace_file.string() + "'", &code);
    ASSERT_EQ(code, 0);
    Trace trace = load_trace(trace_file.string());
    std::string oracle = run_command("cd '" + (root / "tools/oracle").string() + "' && python3 asyncio_oracle.py '" +
                                     (root / "examples/hello_tasks/hello_tasks.py").string() + "'");
    EXPECT_EQ(step_log(trace), lines_of(oracle));
    // It carries its sources and its Python twin, so it opens anywhere.
    ASSERT_GE(trace.python.cpp_file, 0);
    EXPECT_EQ(trace.files[trace.python.cpp_file].path, "examples/hello_tasks/hello_tasks.cpp");
    EXPECT_NE(trace.python.text.find("async def worker"), std::string::npos);
    EXPECT_FALSE(trace.python.line_map.empty());
    EXPECT_EQ(trace.meta.title, "hello_tasks: two workers, one main");
    fs::remove(trace_file);
}

TEST(Examples, UsageErrorsAndHelp) {
    int code = -1;
    run_command("'" + std::string(HELLO_TASKS_BINARY) + "' --frobnicate 2>&1", &code);
    EXPECT_EQ(code, 2);
    std::string help = run_command("'" + std::string(HELLO_TASKS_BINARY) + "' --help", &code);
    EXPECT_EQ(code, 0);
    EXPECT_NE(help.find("--trace"), std::string::npos);
}

TEST(Examples, AnUnwritableTraceIsAnErrorAndNothingElseIsTouched) {
    int code = -1;
    std::string err = run_command("'" + std::string(HELLO_TASKS_BINARY) + "' --trace /nonexistent-dir/t.json 2>&1 >/dev/null", &code);
    EXPECT_EQ(code, 1);
    EXPECT_NE(err.find("/nonexistent-dir/t.json"), std::string::npos);
}
