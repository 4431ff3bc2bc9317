// The real window under Xvfb: screenshots of it, and real key presses sent with xdotool.
#include <gtest/gtest.h>
#include <cstdio>
#include <sys/stat.h>

#include "files.h"
#include <stb_image.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;
const std::string cotrace = COTRACE_BINARY;

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

Image load_png(const fs::path& path) {
    Image image;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 4);
    if (data) {
        image.rgba.assign(data, data + static_cast<size_t>(image.width) * image.height * 4);
        stbi_image_free(data);
    }
    return image;
}

size_t distinct_colours(const Image& image) {
    std::set<unsigned> colours;
    for (size_t i = 0; i + 3 < image.rgba.size(); i += 4 * 7)  // a sample is plenty
        colours.insert(image.rgba[i] << 16 | image.rgba[i + 1] << 8 | image.rgba[i + 2]);
    return colours.size();
}

size_t differing_pixels(const Image& a, const Image& b) {
    size_t count = 0;
    for (size_t i = 0; i + 3 < std::min(a.rgba.size(), b.rgba.size()); i += 4)
        count += a.rgba[i] != b.rgba[i] || a.rgba[i + 1] != b.rgba[i + 1] || a.rgba[i + 2] != b.rgba[i + 2];
    return count;
}

using testing_support::read_text;

class Window : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("cotrace-window-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "config");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Runs cotrace under its own Xvfb screen; the learner's config is never touched. Under the
    // sanitizers, leak checking is off for the window process only: Mesa's llvmpipe allocates from its
    // JIT-compiled code and never frees it. The same UI code is leak-checked in the headless tests.
    int run_under_xvfb(const std::string& arguments, const std::string& screen = "1280x800x24") {
        std::string command = "ASAN_OPTIONS=detect_leaks=0 XDG_CONFIG_HOME='" + (dir_ / "config").string() +
                              "' xvfb-run -a -s '-screen 0 " +
                              screen + "' " + arguments + " >'" + (dir_ / "out").string() + "' 2>'" +
                              (dir_ / "err").string() + "'";
        int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    Image screenshot(const std::string& name, const std::string& options) {
        fs::path png = dir_ / name;
        EXPECT_EQ(run_under_xvfb("'" + cotrace + "' --screenshot '" + png.string() + "' " + options), 0)
            << read_text(dir_ / "err");
        return load_png(png);
    }

    fs::path dir_;
};

}  // namespace

TEST_F(Window, ScreenshotsOfTripleMainHaveTheWindowSizeAndShowEachStep) {
    Image first = screenshot("s1.png", "--step 1 triple_main");
    Image middle = screenshot("s20.png", "--step 20 triple_main");
    Image late = screenshot("s41.png", "--step 41 triple_main");
    for (const Image* image : {&first, &middle, &late}) {
        EXPECT_EQ(image->width, 1280);
        EXPECT_EQ(image->height, 800);
        EXPECT_GT(distinct_colours(*image), 20u) << "a blank or nearly blank window";
    }
    EXPECT_GT(differing_pixels(first, middle), 2000u) << "steps 1 and 20 look the same";
    EXPECT_GT(differing_pixels(middle, late), 2000u) << "steps 20 and 41 look the same";
}

TEST_F(Window, PresentationScreenshotAtProjectorSize) {
    Image image = screenshot("p.png", "--size 1920x1080 --presentation --step 21 triple_main");
    EXPECT_EQ(image.width, 1920);
    EXPECT_EQ(image.height, 1080);
    EXPECT_GT(distinct_colours(image), 20u);
    // The light theme: most of the window is white.
    size_t white = 0;
    for (size_t i = 0; i + 3 < image.rgba.size(); i += 4)
        white += image.rgba[i] == 255 && image.rgba[i + 1] == 255 && image.rgba[i + 2] == 255;
    EXPECT_GT(white, image.rgba.size() / 4 / 3);
}

TEST_F(Window, ABadTraceOpensTheWindowWithTheErrorShown) {
    fs::path bad = dir_ / "bad.json";
    std::ofstream(bad) << "{\"format\": \"cotrace-trace\", \"version\": 9}";
    Image image = screenshot("bad.png", "'" + bad.string() + "'");
    EXPECT_EQ(image.width, 1280);
    std::string err = read_text(dir_ / "err");
    EXPECT_NE(err.find(bad.string()), std::string::npos);
    EXPECT_NE(err.find("unsupported version 9"), std::string::npos);
    // The same window without the dialog looks different.
    Image plain = screenshot("plain.png", "triple_main");
    EXPECT_GT(differing_pixels(image, plain), 2000u);
}

TEST_F(Window, AFifoOpensTheWindowWithTheErrorShownNotAHang) {
    fs::path fifo = dir_ / "fifo.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    Image image = screenshot("fifo.png", "'" + fifo.string() + "'");
    EXPECT_EQ(image.width, 1280);
    std::string err = read_text(dir_ / "err");
    EXPECT_NE(err.find("File: " + fifo.string()), std::string::npos) << err;
    EXPECT_NE(err.find("Problem: is a pipe (FIFO), not a trace file"), std::string::npos) << err;
    Image plain = screenshot("plain.png", "triple_main");
    EXPECT_GT(differing_pixels(image, plain), 2000u) << "no error dialog";
}

TEST_F(Window, APythonProgramOpensRecordedAndF5RecordsItAgainAfterAnEdit) {
    fs::path program = dir_ / "hello_async.py";
    std::ofstream(program) << "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print('hello')\n\n"
                              "asyncio.run(main())\n";
    Image before = screenshot("before.png", "--step 30 '" + program.string() + "'");
    EXPECT_EQ(before.width, 1280);
    Image triple_main = screenshot("triple.png", "--step 30 triple_main");
    EXPECT_GT(differing_pixels(before, triple_main), 2000u) << "the program was not shown";

    std::string script = (root / "tests/gui/edit_and_run_again.sh").string();
    int code = run_under_xvfb("'" + script + "' '" + cotrace + "' '" + program.string() + "' '" + (dir_ / "report").string() + "'");
    std::string report = read_text(dir_ / "out");
    ASSERT_EQ(code, 0) << report;
    // The program's trace at its last step (N/N), then after F5 the same step of a longer trace (N/M).
    size_t last = report.rfind("cotrace: step ");
    ASSERT_NE(last, std::string::npos) << report;
    std::string final_line = report.substr(last, report.find('\n', last) - last);
    unsigned position = 0, total = 0;
    ASSERT_EQ(std::sscanf(final_line.c_str(), "cotrace: step %u/%u", &position, &total), 2) << report;
    EXPECT_LT(position, total) << "F5 did not record the edited program: " << report;
    EXPECT_NE(report.find("cotrace: step " + std::to_string(position) + "/" + std::to_string(position) + " "), std::string::npos)
        << report;
    Image after = screenshot("after.png", "--step 30 '" + program.string() + "'");
    EXPECT_GT(differing_pixels(before, after), 100u) << "the edited program looks the same";
}

TEST_F(Window, RealKeyPressesMoveThroughTheTrace) {
    std::string script = (root / "tests/gui/press_keys.sh").string();
    int code = run_under_xvfb("'" + script + "' '" + cotrace + "' '" + (dir_ / "report").string() +
                              "' Right Right Right End");
    std::string report = read_text(dir_ / "out");
    ASSERT_EQ(code, 0) << report;
    // cotrace reported each position it reached: 0, then 1, 2, 3 from Right, then the last from End.
    EXPECT_NE(report.find("cotrace: step 0/"), std::string::npos) << report;
    EXPECT_NE(report.find("cotrace: step 1/"), std::string::npos) << report;
    EXPECT_NE(report.find("cotrace: step 2/"), std::string::npos) << report;
    EXPECT_NE(report.find("cotrace: step 3/"), std::string::npos) << report;
    std::string last = report.substr(report.rfind("cotrace: step "));
    size_t slash = last.find('/');
    std::string position = last.substr(14, slash - 14);
    std::string total = last.substr(slash + 1, last.find_first_of(" \n", slash) - slash - 1);
    EXPECT_EQ(position, total) << "End did not reach the last step: " << last;
    // Stopped with SIGTERM, it still saved its settings where they belong.
    std::string settings = read_text(dir_ / "config/cotrace/settings.json");
    EXPECT_NE(settings.find("\"window_width\": 1280"), std::string::npos) << settings;
}

TEST_F(Window, PredictAsksAndScoresWithRealKeys) {
    std::string script = (root / "tests/gui/press_keys.sh").string();
    // Right to step 1; Right again asks about the call main() (event 1); 1 answers and reveals step 2.
    int code = run_under_xvfb("env COTRACE_ARGS=--predict '" + script + "' '" + cotrace + "' '" + (dir_ / "report").string() +
                              "' Right Right 1");
    std::string report = read_text(dir_ / "out");
    ASSERT_EQ(code, 0) << report;
    EXPECT_NE(report.find("cotrace: step 1/49 program_start | Predict asks: main() has just been called."), std::string::npos)
        << report;
    EXPECT_NE(report.find("cotrace: step 2/49 coroutine_created | Predict: "), std::string::npos) << report;
    EXPECT_NE(report.find(" of 1 right"), std::string::npos) << report;
}

TEST_F(Window, LoopRoundKeysGoForwardAndBackWithRealKeys) {
    std::string script = (root / "tests/gui/press_keys.sh").string();
    // triple_main's rounds begin after events 6, 24 and 35.
    int code = run_under_xvfb("'" + script + "' '" + cotrace + "' '" + (dir_ / "report").string() + "' r r shift+r");
    std::string report = read_text(dir_ / "out");
    ASSERT_EQ(code, 0) << report;
    std::vector<std::string> steps;
    for (const auto& line : testing_support::lines_of(report))
        if (line.starts_with("cotrace: step ")) steps.push_back(line.substr(14, line.find('/') - 14));
    EXPECT_EQ(steps, (std::vector<std::string>{"0", "6", "24", "6"})) << report;
}

TEST_F(Window, WhyAndWarningsFlagsShowTheirBand) {
    Image plain = screenshot("plain.png", "--step 42 homemade_sleep");
    Image with_band = screenshot("band.png", "--why --warnings --step 42 homemade_sleep");
    EXPECT_EQ(with_band.width, 1280);
    EXPECT_GT(differing_pixels(plain, with_band), 20000u);
}

TEST_F(Window, TimelineFlagShowsTheTimeline) {
    Image plain = screenshot("plain.png", "--step 100 io_gather");
    Image with_timeline = screenshot("timeline.png", "--timeline --step 100 io_gather");
    EXPECT_EQ(with_timeline.width, 1280);
    EXPECT_GT(differing_pixels(plain, with_timeline), 20000u);
}
