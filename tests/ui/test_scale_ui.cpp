// The whole window's contents at ten million events, headless: every panel and the timeline render at the
// first, middle, last and random steps, zoomed out and zoomed in, without an ImGui assertion (the Debian
// ImGui library keeps its asserts) and with something drawn.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <random>

#include "headless.h"
#include "workload.h"

using namespace cotrace;
using namespace cotrace::ui;

TEST(ScaleUi, EveryPanelAndTheTimelineRenderAtTenMillionEvents) {
    const int tasks = 1000;
    Trace trace = workload::record(tasks, workload::rounds_for(10000000, tasks));
    size_t n = trace.size();
    ASSERT_GE(n, 10000000u);

    testing_support::HeadlessImGui imgui(1920, 1080);
    Settings settings;
    settings.show_timeline = true;
    App app({}, settings, "");
    imgui.load_fonts(app);
    app.show(std::move(trace), "generated");
    ASSERT_EQ(app.trace().size(), n);

    std::mt19937_64 random(3);
    std::vector<size_t> positions{0, 1, n / 3, n / 2, n - 1, n};
    for (int i = 0; i < 10; ++i) positions.push_back(random() % (n + 1));
    for (size_t position : positions) {
        app.player().jump(position);
        imgui.frame(app);
        EXPECT_GT(imgui.frame(app), 1000) << "at " << position;
        EXPECT_FALSE(app.error()) << *app.error();
    }
    // Zoomed in on the current step, and panned: the timeline unfolds its spans.
    for (int i = 0; i < 30; ++i) imgui.press(app, GLFW_KEY_RIGHT_BRACKET);
    imgui.press(app, GLFW_KEY_COMMA);
    EXPECT_GT(imgui.frame(app), 1000);
    // And through the keys a learner uses, at this size.
    for (int key : {GLFW_KEY_RIGHT, GLFW_KEY_LEFT, GLFW_KEY_END, GLFW_KEY_HOME, GLFW_KEY_RIGHT}) imgui.press(app, key);
    EXPECT_EQ(app.player().position(), 1u);
    EXPECT_GT(imgui.frame(app), 1000);
}
