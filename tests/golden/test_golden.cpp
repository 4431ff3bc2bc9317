// Golden tests: our step logs against CPython's, and the checked-in traces against fresh recordings.
#include <gtest/gtest.h>

#include "files.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "trace/trace_json.h"
#include "trace/views.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using testing_support::lines_of;
using testing_support::run_command;
namespace fs = std::filesystem;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

using testing_support::read_text;



// The walkthroughs on virtual time, with a Python original the oracle runs. The two real-I/O
// walkthroughs vary from run to run; tests/io/test_io_walkthroughs.cpp checks them.
std::vector<std::string> ids() {
    std::vector<std::string> all;
    for (const auto& walkthrough : walkthroughs())
        if (!walkthrough.real_io) all.push_back(walkthrough.id);
    return all;
}

class Golden : public ::testing::TestWithParam<std::string> {};

}  // namespace

// The checked-in copy of the oracle's expected log (tests/golden/expected, from ../shared/oracle).
TEST_P(Golden, StepLogEqualsTheOraclesExpectedLog) {
    fs::path expected = root / "tests/golden/expected" / (GetParam() + ".log");
    ASSERT_TRUE(fs::exists(expected)) << "no expected log for " << GetParam();
    EXPECT_EQ(step_log(record(*find_walkthrough(GetParam()))), lines_of(read_text(expected)));
}

// CPython itself, now: run the walkthrough's Python listing through the oracle on this machine.
TEST_P(Golden, StepLogEqualsCPythonRunNow) {
    const Walkthrough& walkthrough = *find_walkthrough(GetParam());
    std::string command = "cd '" + (root / "tools/oracle").string() + "' && python3 asyncio_oracle.py '" +
                          (root / walkthrough.python_path).string() + "' 2>&1";
    EXPECT_EQ(step_log(record(walkthrough)), lines_of(run_command(command)));
}

// traces/<id>.json is exactly what recording the walkthrough again gives.
TEST_P(Golden, CheckedInTraceEqualsAFreshRecording) {
    fs::path checked_in = root / "traces" / (GetParam() + ".json");
    ASSERT_TRUE(fs::exists(checked_in)) << "run: cotrace record " << GetParam() << " -o " << checked_in;
    EXPECT_EQ(read_text(checked_in), to_json(record(*find_walkthrough(GetParam()))))
        << "regenerate with: cotrace record " << GetParam() << " -o traces/" << GetParam() << ".json";
}

// The checked-in trace loads, and its views equal the live recording's.
TEST_P(Golden, CheckedInTraceLoadsToTheSameViews) {
    Trace loaded = load_trace((root / "traces" / (GetParam() + ".json")).string());
    Trace live = record(*find_walkthrough(GetParam()));
    EXPECT_EQ(step_log(loaded), step_log(live));
    EXPECT_EQ(outline(loaded), outline(live));
    EXPECT_EQ(narration(loaded), narration(live));
}

// The walkthroughs with no loop print exactly what their Python original prints when Python runs it.
TEST(GoldenRun, LoopFreeWalkthroughsPrintWhatPythonPrints) {
    for (std::string id : {"rock", "generator_send", "types_coroutine", "coroutine_object"}) {
        const Walkthrough& walkthrough = *find_walkthrough(id);
        std::ostringstream printed;
        record(walkthrough, &printed);
        std::string python = run_command("python3 '" + (root / walkthrough.python_path).string() + "' 2>&1");
        EXPECT_EQ(printed.str(), python) << id;
    }
}

INSTANTIATE_TEST_SUITE_P(Walkthroughs, Golden, ::testing::ValuesIn(ids()),
                         [](const auto& info) { return info.param; });

// The seed's outline of triple/main, exactly as the foundation issue lists it.
TEST(GoldenOutline, TripleMainReadsLikeTheSeed) {
    EXPECT_EQ(outline(record(*find_walkthrough("triple_main"))),
              lines_of(read_text(root / "tests/golden/triple_main.outline")));
}

TEST(GoldenOutline, RockShowsTheYieldLeavingAndReturning) {
    EXPECT_EQ(outline(record(*find_walkthrough("rock"))),
              (std::vector<std::string>{"program", "  main", "    Rock.__await__", "  main", "program", "  main",
                                        "    Rock.__await__", "  main", "program"}));
}
