// `cotrace show`: what the window shows at a step, as text and as JSON, from the same functions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "trace/trace_json.h"
#include "trace/views.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
using testing_support::Cli;
const fs::path root = COTRACE_SOURCE_DIR;
}  // namespace

TEST_F(Cli, ShowPrintsTheMarkedLineTheStackTheLoopTheTasksAndTheOutput) {
    auto result = run("show rock --step 16");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Step 16 of 22\nControl passes down the await chain into Rock.__await__"), std::string::npos) << result.out;
    // The Rock's own __await__ runs its own line, in rock.cpp: `yield 7`.
    EXPECT_NE(result.out.find("src/walkthroughs/rock.cpp, line 13 (runs here)\n  13 |         Value value_sent_in = co_await yield_(7);"),
              std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("Future.__await__"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("program > main (line 23) > Rock.__await__ (line 13)"), std::string::npos);
    EXPECT_NE(result.out.find("this program runs no event loop"), std::string::npos);
    EXPECT_NE(result.out.find("  Resuming coroutine and sending in value: 42.\n"), std::string::npos);
}

TEST_F(Cli, ShowAsJsonAgreesWithTheTraceAtEveryStep) {
    cotrace::Trace trace = cotrace::load_trace((root / "traces/triple_main.json").string());
    auto sentences = cotrace::narration(trace);
    for (size_t step : {0, 15, 31, 49}) {
        auto result = run("show '" + (root / "traces/triple_main.json").string() + "' --step " + std::to_string(step) + " --json --predict");
        ASSERT_EQ(result.exit_code, 0) << result.err;
        json view = json::parse(result.out);
        EXPECT_EQ(view["step"], step);
        EXPECT_EQ(view["steps"], trace.size());
        if (step > 0) EXPECT_EQ(view["narration"], sentences[step - 1]);
        cotrace::State state = trace.state_after(step);
        EXPECT_EQ(view["stack"].size(), state.control.size());
        EXPECT_EQ(view["loop"]["ready"].size(), state.ready.size());
        EXPECT_EQ(view["output"].size(), state.output_lines);
        if (step == 15) {
            EXPECT_EQ(view["loop"]["ready"][0], "triple_task.step");
            ASSERT_TRUE(view["question"].is_object());
            EXPECT_LT(view["question"]["answer"].get<size_t>(), view["question"]["options"].size());
        }
    }
    EXPECT_EQ(run("show '" + (root / "traces/triple_main.json").string() + "' --step 50").exit_code, 1);
}

// A coroutine the program makes for a task is first seen as the task is made: its creation is marked on
// the line that calls it, not on the enclosing function's `async def` line.
TEST_F(Cli, CallingACoroutineFunctionMarksTheLineOfTheCall) {
    std::string program = file_with("lost.py",
                                     "import asyncio\n\ncounter = 0\n\nasync def bump(name):\n    global counter\n    seen = counter\n"
                                     "    await asyncio.sleep(0)\n    counter = seen + 1\n\nasync def main():\n"
                                     "    await asyncio.gather(bump('A'), bump('B'))\n\nasyncio.run(main())\n");
    auto narration = run("narrate '" + program + "'");
    ASSERT_EQ(narration.exit_code, 0) << narration.err;
    size_t at = narration.out.find(". Calling bump('A') creates a coroutine object");
    ASSERT_NE(at, std::string::npos) << narration.out;
    size_t start = narration.out.rfind('\n', at);
    std::string step = narration.out.substr(start == std::string::npos ? 0 : start + 1, at - (start == std::string::npos ? 0 : start + 1));
    json view = json::parse(run("show '" + program + "' --step " + step + " --json").out);
    EXPECT_EQ(view["listing"]["line"], 12);
    EXPECT_EQ(view["listing"]["text"], "    await asyncio.gather(bump('A'), bump('B'))");
}
