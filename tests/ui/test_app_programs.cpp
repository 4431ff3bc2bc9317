// A Python program in the window (headless): it records on a thread while the window goes on drawing,
// F5 records it again and returns to the same step (or the nearest), "Run again on save" watches the
// file, and Cancel gives the window back. The recorder here is a stand-in that makes one print event a
// line of the program, so that an edit shows as a longer trace; the real one is tested under Xvfb.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "files.h"
#include "headless.h"
#include "test_directory.h"
#include "trace/atomic_file.h"

using namespace cotrace;
using namespace cotrace::ui;
using namespace testing_support;
namespace fs = std::filesystem;

namespace {

Outcome one_print_a_line(const std::string& path, Progress& progress) {
    Outcome outcome;
    Trace trace;
    trace.meta.title = fs::path(path).filename().string();
    for (const auto& line : lines_of(read_text(path))) {
        if (progress.cancelled) return {std::nullopt, "Cancelled", "cancelled"};
        trace.events.push_back({.kind = EventKind::print, .text = line});
        ++progress.events;
    }
    trace.index();
    outcome.trace = std::move(trace);
    return outcome;
}

class AppPrograms : public TestWithDirectory {
protected:
    AppPrograms() : TestWithDirectory("cotrace-app-programs-") {}

    // Frames until the work in progress is done (a bound, not a wall-clock expectation).
    void settle(HeadlessImGui& imgui, App& app) {
        for (int i = 0; i < 2000 && app.busy(); ++i) {
            imgui.frame(app);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        imgui.frame(app);
    }
    std::string program(const std::string& text) {
        std::ofstream(dir_ / "program.py") << text;
        return (dir_ / "program.py").string();
    }
};

}  // namespace

TEST_F(AppPrograms, AProgramRecordsWhileTheWindowDrawsThenF5ReturnsToTheSameStep) {
    HeadlessImGui imgui;
    App app({}, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.set_program_recorder(one_print_a_line);
    std::string path = program("a\nb\nc\nd\n");
    EXPECT_TRUE(app.open_file(path));
    EXPECT_GT(imgui.frame(app), 0);  // the progress dialog draws meanwhile
    settle(imgui, app);
    ASSERT_FALSE(app.error()) << *app.error();
    ASSERT_EQ(app.trace().size(), 4u);
    app.player().jump(3);
    program("a\nb\nc\nd\ne\nf\n");
    app.key_pressed(GLFW_KEY_F5);
    EXPECT_TRUE(app.busy());
    settle(imgui, app);
    EXPECT_EQ(app.trace().size(), 6u);
    EXPECT_EQ(app.player().position(), 3u);  // the same step
    app.player().jump(6);
    program("a\n");
    EXPECT_TRUE(app.run_again());
    settle(imgui, app);
    EXPECT_EQ(app.player().position(), 1u);  // the nearest one
}

TEST_F(AppPrograms, RunAgainOnSaveWatchesTheFile) {
    HeadlessImGui imgui;
    Settings settings;
    settings.run_again_on_save = true;
    App app({}, settings, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.set_program_recorder(one_print_a_line);
    std::string path = program("a\n");
    app.open_file(path);
    settle(imgui, app);
    imgui.frame(app, 0.6);  // the watch looks twice a second: it notes the file's time
    program("a\nb\n");
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(2));
    imgui.frame(app, 0.6);
    settle(imgui, app);
    EXPECT_EQ(app.trace().size(), 2u);
}

TEST_F(AppPrograms, CancelGivesTheWindowBackWithWhatWasOpen) {
    HeadlessImGui imgui;
    App app({}, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.set_program_recorder([](const std::string&, Progress& progress) {
        while (!progress.cancelled) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return Outcome{std::nullopt, "Cancelled", "cancelled"};
    });
    std::string before = app.trace().meta.title;
    app.open_file(program("a\n"));
    imgui.frame(app);
    ASSERT_TRUE(app.busy());
    app.key_pressed(GLFW_KEY_ESCAPE);  // a recording stops first...
    EXPECT_TRUE(app.busy());
    app.key_pressed(GLFW_KEY_ESCAPE);  // ...and a second Esc cancels it
    EXPECT_FALSE(app.busy());
    imgui.frame(app);
    EXPECT_EQ(app.trace().meta.title, before);
    EXPECT_FALSE(app.error());
}

// Esc on a recording is Ctrl-C for its program (record_in_child sends it SIGINT): what it recorded so far opens.
TEST_F(AppPrograms, StoppingARecordingOpensWhatRanSoFar) {
    HeadlessImGui imgui;
    App app({}, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.set_program_recorder([](const std::string&, Progress& progress) {
        Trace trace;
        trace.meta.title = "spins.py";
        trace.events.push_back({.kind = EventKind::print, .text = "ran so far"});
        while (!progress.stopped && !progress.cancelled) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        trace.index();
        return Outcome{std::move(trace), "", ""};
    });
    app.open_file(program("while True:\n    pass\n"));
    imgui.frame(app);
    ASSERT_TRUE(app.busy());
    app.key_pressed(GLFW_KEY_ESCAPE);
    settle(imgui, app);
    EXPECT_FALSE(app.busy());
    EXPECT_EQ(app.trace().meta.title, "spins.py");
    EXPECT_EQ(app.trace().size(), 1u);
    EXPECT_FALSE(app.error());
}

TEST_F(AppPrograms, WithoutARecorderAProgramIsAnError) {
    HeadlessImGui imgui;
    App app({}, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.open_file(program("a\n"));
    ASSERT_TRUE(app.error());
    EXPECT_NE(app.error()->find("cannot record Python programs"), std::string::npos);
}

// File > Export hands the trace shown to the exporter while the window goes on; the trace stays shown, the
// transport says what was written, and a failure opens the error dialog.
TEST_F(AppPrograms, ExportRunsInTheBackgroundAndLeavesTheTraceShown) {
    HeadlessImGui imgui;
    App app(testing_support::walkthrough_choices(), Settings{}, "");
    imgui.load_fonts(app);
    ASSERT_TRUE(app.open_walkthrough("triple_main"));
    app.player().jump(21);
    std::string asked_format, asked_path;
    size_t events = 0;
    app.set_exporter([&](const Trace& trace, const std::string& format, const std::string& path, Progress&) {
        asked_format = format, asked_path = path, events = trace.size();
        Outcome outcome;
        outcome.done = "Exported " + path;
        return outcome;
    });
    app.request_export("html", (dir_ / "handout.html").string());
    EXPECT_TRUE(app.busy());
    settle(imgui, app);
    EXPECT_EQ(asked_format, "html");
    EXPECT_EQ(asked_path, (dir_ / "handout.html").string());
    EXPECT_EQ(events, app.trace().size());
    EXPECT_EQ(app.go_note(), "Exported " + (dir_ / "handout.html").string());
    EXPECT_EQ(app.player().position(), 21u);
    EXPECT_FALSE(app.error());

    app.set_exporter([](const Trace&, const std::string&, const std::string& path, Progress&) {
        Outcome outcome;
        outcome.error_title = "Could not export the trace";
        outcome.error = path + ": Permission denied";
        return outcome;
    });
    app.request_export("gif", "/proc/film.gif");
    settle(imgui, app);
    ASSERT_TRUE(app.error());
    EXPECT_NE(app.error()->find("/proc/film.gif: Permission denied"), std::string::npos);
    EXPECT_EQ(app.trace().meta.walkthrough, "triple_main");
}

// File > Walkthroughs offers each walkthrough's Python twin: written out from the copy compiled in (a copy
// the learner changed is kept, never overwritten), then recorded as any Python program.
TEST_F(AppPrograms, AWalkthroughsPythonTwinIsWrittenOutOnceAndRecorded) {
    const Walkthrough& triple = *find_walkthrough("triple_main");
    fs::path folder = dir_ / "python-twins";
    fs::path path = write_python_twin(triple, folder);
    EXPECT_EQ(path, folder / "triple_main.py");
    EXPECT_EQ(read_text(path), walkthrough_sources().at(triple.python_path));
    std::ofstream(path, std::ios::app) << "print('mine')\n";
    std::string changed = read_text(path);
    EXPECT_EQ(write_python_twin(triple, folder), path);
    EXPECT_EQ(read_text(path), changed);  // the learner's copy stays theirs
    // An unwritable folder: the OS's reason, and nothing else happens.
    fs::path blocked = dir_ / "a-file";
    std::ofstream(blocked) << "x";
    EXPECT_THROW(write_python_twin(triple, blocked / "python-twins"), FileError);

    HeadlessImGui imgui;
    std::vector<WalkthroughChoice> choices = walkthrough_choices();
    for (auto& choice : choices) choice.python_twin = [path] { return path.string(); };
    App app(choices, Settings{}, (dir_ / "config").string());
    imgui.load_fonts(app);
    app.set_program_recorder(one_print_a_line);
    app.open_python_twin(choices.front());
    settle(imgui, app);
    ASSERT_FALSE(app.error()) << *app.error();
    EXPECT_EQ(app.trace().meta.title, "triple_main.py");
    EXPECT_EQ(app.trace().size(), lines_of(changed).size());
}
