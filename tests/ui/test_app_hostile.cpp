// Issue 10's hostile inputs in the window (headless): for each, the error dialog names the file, the place
// and the problem, the trace that was open stays open at its step, and the app goes on drawing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "headless.h"
#include "hostile_traces.h"
#include "test_directory.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;
using namespace testing_support;
namespace fs = std::filesystem;

namespace {

class AppHostile : public TestWithDirectory {
protected:
    AppHostile() : TestWithDirectory("cotrace-app-hostile-") {}
    void SetUp() override {
        TestWithDirectory::SetUp();
        for (const auto& walkthrough : walkthroughs()) {
            const Walkthrough* w = &walkthrough;
            choices_.push_back({w->id, w->title, [w] { return record(*w); }});
        }
    }
    std::string file_with(const std::string& name, const std::string& bytes) {
        std::ofstream(dir_ / name, std::ios::binary) << bytes;
        return (dir_ / name).string();
    }

    // Opens `path` over triple_main at step 7: the error names the file and says `problem`; nothing else moves.
    void expect_refused(const std::string& path, const std::string& problem) {
        HeadlessImGui imgui;
        App app(choices_, Settings{}, (dir_ / "config").string());
        imgui.load_fonts(app);
        app.open_walkthrough("triple_main");
        app.player().jump(7);
        EXPECT_FALSE(app.open_file(path)) << path;
        ASSERT_TRUE(app.error().has_value()) << path;
        EXPECT_NE(app.error()->find("File: " + path), std::string::npos) << *app.error();
        EXPECT_NE(app.error()->find(problem), std::string::npos) << *app.error();
        EXPECT_NE(app.error()->find("The trace that was open stays open."), std::string::npos);
        EXPECT_EQ(app.trace().meta.walkthrough, "triple_main");
        EXPECT_EQ(app.player().position(), 7u);
        imgui.frame(app);
        EXPECT_GT(imgui.frame(app), 0);
        EXPECT_FALSE(app.quit_requested());
    }

    std::vector<WalkthroughChoice> choices_;
};

}  // namespace

TEST_F(AppHostile, EachClassOfBadTraceShowsItsErrorAndKeepsTheOpenTrace) {
    expect_refused(file_with("twice.cbor", section_twice(TraceEncoding::cbor, "events", 20000)),
                   "Where: /events\nProblem: the trace has this section twice");
    expect_refused(file_with("deep.msgpack", deeply_nested(TraceEncoding::messagepack, 200000)),
                   "Problem: nested deeper than 16 levels");
    expect_refused(file_with("programs.json", to_json(nested_program_starts(1000))),
                   "Where: /events/1\nProblem: event 1 (program_start): the program starts again");
    expect_refused(file_with("queued.json", to_json(same_handle_queued(1000))), "which is already in the ready queue");
    expect_refused(file_with("nan.cbor", print_with_time(TraceEncoding::cbor, std::nan(""))),
                   "Where: /events/0/1\nProblem: expected a finite number, got nan");
    expect_refused(file_with("utf8.msgpack", print_with_bytes(TraceEncoding::messagepack, "\xff")),
                   "text that is not valid UTF-8");
    expect_refused(file_with("round.json", to_json(huge_round_number())), "the round number must be a whole number");
}

TEST_F(AppHostile, FilesThatAreNotRegularOrReadableShowTheOsReason) {
    std::string fifo = (dir_ / "fifo.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expect_refused(fifo, "is a pipe (FIFO), not a trace file");
    expect_refused("/dev/null", "is a character device, not a trace file");
    expect_refused("/proc/self/status", "malformed JSON");
    expect_refused((dir_ / "missing.json").string(), "cannot open it: No such file or directory");
}

TEST_F(AppHostile, ASaveThatFailsSaysWhyAndChangesNothing) {
    HeadlessImGui imgui;
    App app(choices_, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.open_walkthrough("rock");
    fs::create_directories(dir_ / "sub");
    EXPECT_FALSE(app.save_as((dir_ / "sub").string()));
    ASSERT_TRUE(app.error().has_value());
    EXPECT_NE(app.error()->find((dir_ / "sub").string() + ": is a directory"), std::string::npos) << *app.error();
    EXPECT_FALSE(app.save_as((dir_ / "none" / "t.json").string()));
    EXPECT_NE(app.error()->find("cannot create a temporary file in " + (dir_ / "none").string() + ": No such file or directory"),
              std::string::npos) << *app.error();
    EXPECT_EQ(app.trace().meta.walkthrough, "rock");
    EXPECT_GT(imgui.frame(app), 0);
}
