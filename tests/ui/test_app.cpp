// The window's contents in a headless ImGui context: every panel renders for every checked-in trace,
// keys move the player, a bad trace leaves the app running with the error shown, settings persist.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <chrono>
#include <fstream>
#include <thread>

#include "headless.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;
namespace fs = std::filesystem;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

using testing_support::walkthrough_choices;

class AppTest : public ::testing::Test {
protected:
    void SetUp() override {
        config_ = fs::temp_directory_path() /
                  ("cotrace-app-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(config_);
    }
    void TearDown() override { fs::remove_all(config_); }
    fs::path config_;
};

std::vector<fs::path> checked_in_traces() {
    std::vector<fs::path> traces;
    for (const auto& entry : fs::directory_iterator(root / "traces"))
        if (entry.path().extension() == ".json") traces.push_back(entry.path());
    std::sort(traces.begin(), traces.end());
    return traces;
}

}  // namespace

// Every panel, for every trace in traces/, at the first, middle and last step, in both themes.
TEST_F(AppTest, EveryPanelRendersForEveryCheckedInTrace) {
    ASSERT_FALSE(checked_in_traces().empty());
    for (bool presentation : {false, true}) {
        testing_support::HeadlessImGui imgui(presentation ? 1920 : 1280, presentation ? 1080 : 800);
        Settings settings;
        settings.presentation = presentation;
        settings.show_timeline = presentation;  // once with the timeline, once without
        App app(walkthrough_choices(), settings, config_.string());
        imgui.load_fonts(app);
        for (const auto& path : checked_in_traces()) {
            ASSERT_TRUE(app.open_file(path.string())) << path;
            size_t last = app.trace().size();
            for (size_t position : {size_t{0}, last / 2, last}) {
                app.player().jump(position);
                imgui.frame(app);
                EXPECT_GT(imgui.frame(app), 1000) << path << " at " << position;  // something was drawn
            }
        }
    }
}

TEST_F(AppTest, EveryPanelRendersAnEmptyTrace) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    app.show(Trace{}, "empty");
    imgui.frame(app);
    EXPECT_GT(imgui.frame(app), 0);
    EXPECT_EQ(app.player().step_count(), 0u);
    app.player().next();
    EXPECT_EQ(app.player().position(), 0u);
}

TEST_F(AppTest, PanelsCanBeHiddenAndTheRestStillRender) {
    testing_support::HeadlessImGui imgui;
    Settings settings;
    settings.show_source = settings.show_tasks = settings.show_python = false;
    App app(walkthrough_choices(), settings, config_.string());
    imgui.load_fonts(app);
    app.open_walkthrough("triple_main");
    app.player().jump(20);
    imgui.frame(app);
    EXPECT_GT(imgui.frame(app), 500);
}

TEST_F(AppTest, KeysMoveThePlayer) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    app.open_walkthrough("triple_main");
    imgui.frame(app);
    for (int i = 0; i < 3; ++i) imgui.press(app, GLFW_KEY_RIGHT);
    EXPECT_EQ(app.player().position(), 3u);
    imgui.press(app, GLFW_KEY_LEFT);
    EXPECT_EQ(app.player().position(), 2u);
    imgui.press(app, GLFW_KEY_END);
    EXPECT_EQ(app.player().position(), app.trace().size());
    imgui.press(app, GLFW_KEY_HOME);
    EXPECT_EQ(app.player().position(), 0u);
    double speed = app.player().speed();
    imgui.press(app, GLFW_KEY_EQUAL);
    EXPECT_GT(app.player().speed(), speed);
    imgui.press(app, GLFW_KEY_MINUS);
    EXPECT_EQ(app.player().speed(), speed);
    imgui.press(app, GLFW_KEY_SPACE);
    EXPECT_TRUE(app.player().playing());
    imgui.frame(app, 1.0);  // a second at 2 steps/s
    EXPECT_EQ(app.player().position(), 2u);
}

TEST_F(AppTest, ABadTraceShowsItsErrorAndTheOpenTraceStays) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    app.open_walkthrough("rock");
    app.player().jump(5);
    fs::create_directories(config_);
    fs::path bad = config_ / "bad.json";
    std::ofstream(bad) << "{\"format\": \"cotrace-trace\", \"version\": 1, \"meta\": {\"title\": 3}}";
    EXPECT_FALSE(app.open_file(bad.string()));
    ASSERT_TRUE(app.error().has_value());
    EXPECT_NE(app.error()->find(bad.string()), std::string::npos);
    EXPECT_NE(app.error()->find("/meta/title"), std::string::npos);
    EXPECT_NE(app.error()->find("expected a string"), std::string::npos);
    EXPECT_EQ(app.trace().meta.walkthrough, "rock");  // still open
    EXPECT_EQ(app.player().position(), 5u);
    imgui.frame(app);
    EXPECT_GT(imgui.frame(app), 0);  // the dialog draws, the app goes on
    EXPECT_FALSE(app.quit_requested());
}

TEST_F(AppTest, AMissingFileShowsAnErrorToo) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    EXPECT_FALSE(app.open_file("/no/such/trace.json"));
    ASSERT_TRUE(app.error().has_value());
    EXPECT_NE(app.error()->find("/no/such/trace.json"), std::string::npos);
}

TEST_F(AppTest, SaveAsWritesATraceThatOpensAgain) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    app.open_walkthrough("triple_main");
    fs::create_directories(config_);
    fs::path path = config_ / "saved.json";
    ASSERT_TRUE(app.save_as(path.string()));
    EXPECT_EQ(load_trace(path.string()), app.trace());
    EXPECT_FALSE(app.save_as((config_ / "missing-dir" / "x.json").string()));
    EXPECT_TRUE(app.error().has_value());
}

TEST_F(AppTest, SettingsAndRecentFilesPersistInTheConfigDirectory) {
    {
        testing_support::HeadlessImGui imgui;
        App app(walkthrough_choices(), Settings{}, config_.string());
        imgui.load_fonts(app);
        app.open_file((root / "traces/rock.json").string());
        app.set_presentation(true);
        app.settings().show_tasks = false;
        app.player().set_speed(5);
        app.save_settings_now();
    }
    Settings loaded = load_settings(config_.string());
    EXPECT_TRUE(loaded.presentation);
    EXPECT_FALSE(loaded.show_tasks);
    EXPECT_EQ(loaded.speed, 5);
    ASSERT_FALSE(loaded.recent_files.empty());
    EXPECT_EQ(fs::path(loaded.recent_files[0]).filename(), "rock.json");
}

TEST(Settings, ConfigDirectoryFollowsXdgConfigHome) {
    setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(config_directory(), "/tmp/xdg-test/cotrace");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/tmp/home-test", 1);
    EXPECT_EQ(config_directory(), "/tmp/home-test/.config/cotrace");
}

TEST(Settings, ACorruptFileGivesTheDefaults) {
    fs::path dir = fs::temp_directory_path() / "cotrace-corrupt-settings";
    fs::create_directories(dir);
    std::ofstream(dir / "settings.json") << "{not json";
    Settings settings = load_settings(dir.string());
    EXPECT_FALSE(settings.presentation);
    EXPECT_EQ(settings.window_width, 1280);
    fs::remove_all(dir);
}

TEST(Syntax, HighlightsCppAndPython) {
    bool in_comment = false;
    auto tokens = tokenize("    co_return val * 3;  // done", Language::cpp, in_comment);
    ASSERT_GE(tokens.size(), 4u);
    EXPECT_EQ(tokens[1].kind, Token::Kind::keyword);
    EXPECT_EQ(tokens[1].text, "co_return");
    EXPECT_EQ(tokens.back().kind, Token::Kind::comment);
    tokens = tokenize("async def main(): print(f\"x {y}\")  # hi", Language::python, in_comment);
    EXPECT_EQ(tokens[0].kind, Token::Kind::keyword);
    bool has_fstring = false;
    for (const auto& t : tokens) has_fstring |= t.kind == Token::Kind::string && t.text == "f\"x {y}\"";
    EXPECT_TRUE(has_fstring);
    tokenize("int a; /* starts", Language::cpp, in_comment);
    EXPECT_TRUE(in_comment);
    tokens = tokenize("still */ int b;", Language::cpp, in_comment);
    EXPECT_FALSE(in_comment);
    EXPECT_EQ(tokens[0].kind, Token::Kind::comment);
}

// File > Open: the browser inside the window lists folders and .json traces only, folders first.
TEST_F(AppTest, FileBrowserListsFoldersAndTracesOnly) {
    fs::create_directories(config_ / "browse" / "sub");
    std::ofstream(config_ / "browse" / "b.json") << "{}";
    std::ofstream(config_ / "browse" / "a.json") << "{}";
    std::ofstream(config_ / "browse" / "notes.txt") << "not a trace";
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    app.settings().browse_directory = (config_ / "browse").string();
    imgui.frame(app);
    app.key_pressed(GLFW_KEY_O, true);  // Ctrl+O
    imgui.frame(app);
    imgui.frame(app);
    FileBrowser browser;
    browser.open(FileBrowser::Mode::open, (config_ / "browse").string());
    EXPECT_EQ(browser.entry_names(), (std::vector<std::string>{"sub/", "a.json", "b.json"}));
    // While the browser is open, the arrow keys belong to it, not to the player.
    size_t before = app.player().position();
    app.key_pressed(GLFW_KEY_RIGHT);
    EXPECT_EQ(app.player().position(), before);
}

// Opening from the menu or by dropping a file shows "Opening ..." while it loads, then opens it.
TEST_F(AppTest, ARequestedFileOpensAfterAFrameThatSaysSo) {
    testing_support::HeadlessImGui imgui;
    App app(walkthrough_choices(), Settings{}, config_.string());
    imgui.load_fonts(app);
    ASSERT_TRUE(app.open_walkthrough("rock"));
    auto path = (root / "traces" / "triple_main.json").string();
    app.request_open(path);
    imgui.frame(app);
    EXPECT_EQ(app.trace().meta.walkthrough, "rock");  // not yet: it loads on a thread while this frame says so
    for (int i = 0; i < 2000 && app.busy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5)), imgui.frame(app);
    imgui.frame(app);
    EXPECT_EQ(app.trace().meta.walkthrough, "triple_main");
    EXPECT_FALSE(app.error());
}
