// Slides and video, as a teacher makes them on a machine with no display: cotrace runs itself under
// xvfb-run, draws the real window at each stop, and ffmpeg makes the GIF and the MP4.
#include <gtest/gtest.h>

#include <stb_image.h>

#include "cli_fixture.h"
#include "trace/trace_json.h"
#include "trace/views.h"

using namespace testing_support;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

class Media : public Cli {
protected:
    // No DISPLAY: the export must find its own. (In a sanitized build, Mesa's and GLFW's own allocations
    // that live until exit are not ours to report, as for the window tests.)
    Result export_without_display(const std::string& arguments) {
        return run_env("env -u DISPLAY ASAN_OPTIONS=detect_leaks=0", arguments);
    }

    Result run_env(const std::string& prefix, const std::string& arguments) {
        std::string command = prefix + " '" + std::string(COTRACE_BINARY) + "' " + arguments + " >'" + (dir_ / "out").string() +
                              "' 2>'" + (dir_ / "err").string() + "'";
        int status = std::system(command.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(dir_ / "out"), read_text(dir_ / "err")};
    }

    std::string probe(const std::string& file, const std::string& entries) {
        return run_command("ffprobe -v error -count_frames -show_entries " + entries + " -of default=noprint_wrappers=1:nokey=1 '" +
                           file + "'");
    }
};

}  // namespace

// One numbering everywhere: --from and --to, the file names and the frames' "Step N of M" all count
// transfers of control (or events, with --granularity event).
TEST_F(Media, PngSlidesOnePerStopInTheRangeAtTheSizeAsked) {
    auto result = export_without_display("export triple_main --png '" + (dir_ / "slides").string() + "' --to 8 --frame-size 1024x640");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("cotrace: drew frame 9 of 9"), std::string::npos) << result.err;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_ / "slides")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    ASSERT_EQ(names.size(), 9u);
    for (size_t i = 0; i < names.size(); ++i) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "step-%02zu.png", i);  // triple_main has 22 stops: two digits
        EXPECT_EQ(names[i], expected);
    }
    int width = 0, height = 0, channels = 0;
    ASSERT_TRUE(stbi_info((dir_ / "slides" / names.back()).c_str(), &width, &height, &channels));
    EXPECT_EQ(width, 1024);
    EXPECT_EQ(height, 640);
    // Each slide shows its own step: no two alike.
    EXPECT_NE(read_text(dir_ / "slides" / names[1]), read_text(dir_ / "slides" / names[2]));
}

TEST_F(Media, GifAndMp4OfARangeAtAPace) {
    auto result = export_without_display("export triple_main --gif '" + (dir_ / "film.gif").string() + "' --mp4 '" +
                                         (dir_ / "film.mp4").string() + "' --from 2 --to 8 --pace 0.5 --frame-size 800x600");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    size_t frames = 7;  // steps 2 to 8
    EXPECT_EQ(std::stoul(probe((dir_ / "film.gif").string(), "stream=nb_read_frames")), frames);
    EXPECT_EQ(probe((dir_ / "film.mp4").string(), "stream=codec_name"), "h264\n");
    double seconds = std::stod(probe((dir_ / "film.mp4").string(), "format=duration"));
    EXPECT_NEAR(seconds, 0.5 * static_cast<double>(frames), 0.2);
}

TEST_F(Media, ARangeWithNoStepAndABadSizeAreRefused) {
    auto empty = export_without_display("export triple_main --png '" + (dir_ / "none").string() + "' --from 31 --to 33");
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_NE(empty.err.find("no step to draw between 31 and 33 (the steps go from 0 to 22, one a transfer of control)"),
              std::string::npos) << empty.err;
    auto size = run("export triple_main --png '" + (dir_ / "x").string() + "' --frame-size 12x12");
    EXPECT_EQ(size.exit_code, 2);
    EXPECT_NE(size.err.find("--frame-size 12x12"), std::string::npos) << size.err;
}

// Slides show the teaching panels: no menu bar and no transport unless --chrome asks for them.
TEST_F(Media, SlidesLeaveTheWindowsChromeOutUnlessAsked) {
    for (const char* chrome : {"", "--chrome"}) {
        std::string folder = (dir_ / (std::string("slides") + chrome)).string();
        auto result = export_without_display("export triple_main --png '" + folder + "' --from 3 --to 3 --frame-size 1024x640 " + chrome);
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    std::string plain = read_text(dir_ / "slides" / "step-03.png"), with_chrome = read_text(dir_ / "slides--chrome" / "step-03.png");
    ASSERT_FALSE(plain.empty());
    ASSERT_FALSE(with_chrome.empty());
    EXPECT_NE(plain, with_chrome);
}
