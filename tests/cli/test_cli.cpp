// The `cotrace` command, run as a learner would run it: exit codes, output and error messages.
#include <gtest/gtest.h>

#include "cli_fixture.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using testing_support::read_text;
using testing_support::Cli;
const fs::path root = COTRACE_SOURCE_DIR;
const std::string cotrace = COTRACE_BINARY;

int count_lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_F(Cli, ListShowsEachWalkthroughOnOneLine) {
    auto result = run("list");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("triple_main "), std::string::npos);
    EXPECT_NE(result.out.find("rock "), std::string::npos);
}

TEST_F(Cli, RunRockPrintsWhatPythonPrints) {
    auto result = run("run rock");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out,
              "Beginning coroutine main().\nAwaiting rock...\nCoroutine paused and returned intermediate value: 7.\n"
              "Resuming coroutine and sending in value: 42.\nRock.__await__ resuming with value: 42.\n"
              "Coroutine received value: 42 from rock.\nCoroutine main() finished and provided value: 23.\n");
}

TEST_F(Cli, LogOfTripleMainEqualsTheOracle) {
    auto result = run("log triple_main");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out, read_text(root / "tests/golden/expected/triple_main.log"));
}

TEST_F(Cli, OutlineOfTripleMainReadsLikeTheSeed) {
    auto result = run("outline triple_main");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out, read_text(root / "tests/golden/triple_main.outline"));
}

TEST_F(Cli, NarrateNumbersOneSentencePerStep) {
    auto result = run("narrate triple_main");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out.rfind("1. ", 0), 0u);
    EXPECT_NE(result.out.find("Control is now in main_task.step: it starts main() with send(None)."), std::string::npos);
}

TEST_F(Cli, RecordWritesATraceThatEveryVerbReads) {
    std::string path = (dir_ / "t.json").string();
    EXPECT_EQ(run("record triple_main -o '" + path + "'").exit_code, 0);
    EXPECT_EQ(read_text(path), read_text(root / "traces/triple_main.json"));
    EXPECT_EQ(run("log '" + path + "'").out, run("log triple_main").out);
    EXPECT_EQ(run("outline '" + path + "'").out, run("outline triple_main").out);
    EXPECT_EQ(run("run '" + (root / "traces/rock.json").string() + "'").out, run("run rock").out);
}

TEST_F(Cli, VersionAndHelpOnEveryVerb) {
    auto version = run("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("cotrace "), std::string::npos);
    for (std::string verb : {"list", "run", "record", "log", "outline", "narrate"}) {
        auto help = run(verb + " --help");
        EXPECT_EQ(help.exit_code, 0) << verb;
        EXPECT_NE(help.out.find("Usage"), std::string::npos) << verb;
    }
}

TEST_F(Cli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run("log").exit_code, 2);           // missing SOURCE
    EXPECT_EQ(run("--size big rock").exit_code, 2);
    EXPECT_EQ(run("--step many rock").exit_code, 2);
    EXPECT_EQ(run("list extra").exit_code, 2);
    EXPECT_EQ(run("record rock").exit_code, 2);   // missing -o
    EXPECT_EQ(run("--frobnicate").exit_code, 2);
}

TEST_F(Cli, MissingFileExitsWithOneAndNamesIt) {
    auto result = run("log nowhere.json");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("nowhere.json"), std::string::npos);
    EXPECT_NE(result.err.find("no such file"), std::string::npos);
}

TEST_F(Cli, EmptyFileExitsWithOne) {
    auto result = run("log '" + file_with("empty.json", "") + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("empty.json: the file is empty"), std::string::npos) << result.err;
}

TEST_F(Cli, TruncatedFileExitsWithOneAndNamesTheLine) {
    std::string text = read_text(root / "traces/triple_main.json");
    auto result = run("outline '" + file_with("cut.json", text.substr(0, text.size() / 2)) + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("cut.json: line "), std::string::npos);
    EXPECT_NE(result.err.find("truncated"), std::string::npos);
}

TEST_F(Cli, NotATraceExitsWithOne) {
    auto result = run("narrate '" + file_with("other.json", "{\"name\": \"package\"}") + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("/format: not a cotrace trace"), std::string::npos);
}

// --text-size is Ctrl + pressed 0 to 8 times; anything else is refused before a window opens.
TEST_F(Cli, ATextSizeOutOfRangeIsRefused) {
    auto result = run("--text-size 9 --screenshot '" + (dir_ / "x.png").string() + "' triple_main");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("--text-size"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir_ / "x.png"));
}

TEST_F(Cli, WrongVersionExitsWithOne) {
    std::string text = read_text(root / "traces/rock.json");
    text.replace(text.find("\"version\": 2"), 12, "\"version\": 7");
    auto result = run("log '" + file_with("v7.json", text) + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("/version: unsupported version 7"), std::string::npos);
}

TEST_F(Cli, ABadTraceIsNeverChanged) {
    std::string bad = "{\"format\": \"cotrace-trace\", \"version\": 1, \"meta\": 5}";
    std::string path = file_with("bad.json", bad);
    EXPECT_EQ(run("record '" + path + "' -o '" + path + "'").exit_code, 1);
    EXPECT_EQ(read_text(path), bad);
}

TEST_F(Cli, RecordToAnUnwritablePlaceExitsWithOne) {
    auto result = run("record rock -o /nonexistent-dir/rock.json");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("/nonexistent-dir/rock.json"), std::string::npos);
}

TEST_F(Cli, WithoutADisplayTheWindowSaysSoInOneLine) {
    for (std::string arguments : {"", "rock", "--screenshot x.png triple_main"}) {
        std::string command = "env -u DISPLAY -u WAYLAND_DISPLAY '" + cotrace + "' " + arguments + " >'" +
                              (dir_ / "out").string() + "' 2>'" + (dir_ / "err").string() + "'";
        int status = std::system(command.c_str());
        EXPECT_EQ(WEXITSTATUS(status), 1) << arguments;
        std::string err = read_text(dir_ / "err");
        EXPECT_EQ(count_lines(err), 1) << err;
        EXPECT_NE(err.find("DISPLAY"), std::string::npos);
        EXPECT_NE(err.find("cotrace outline"), std::string::npos);
    }
}

TEST_F(Cli, HelpListsTheWindowOptions) {
    auto result = run("--help");
    EXPECT_EQ(result.exit_code, 0);
    for (std::string option : {"--screenshot", "--step", "--size", "--presentation", "--verbose"})
        EXPECT_NE(result.out.find(option), std::string::npos) << option;
}

TEST_F(Cli, RecordsAndReadsBinaryTraces) {
    std::string path = (dir_ / "t.cbor").string();
    EXPECT_EQ(run("record io_gather -o '" + path + "'").exit_code, 0);
    EXPECT_LT(fs::file_size(path), fs::file_size(root / "traces/io_gather.json"));
    EXPECT_EQ(run("log '" + path + "'").out, run("log io_gather").out);
}
