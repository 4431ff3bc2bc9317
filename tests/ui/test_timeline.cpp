// The timeline's model: lanes, spans and the arrows that say what woke whom.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include "headless.h"
#include "analysis/timeline.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;
using cotrace::analysis::build_timeline;

namespace {

size_t lane_named(const TimelineModel& model, const std::string& name) {
    for (size_t i = 0; i < model.lanes.size(); ++i)
        if (model.lanes[i].name == name || model.lanes[i].name.starts_with(name + " ")) return i;  // "main_task main(...)"
    return model.lanes.size();
}

}  // namespace

TEST(Timeline, OneLanePerTaskAfterTheLoop) {
    TimelineModel model = build_timeline(record(*find_walkthrough("triple_main")));
    ASSERT_EQ(model.lanes.size(), 3u);
    EXPECT_EQ(model.lanes[0].name, "event loop");
    EXPECT_EQ(model.lanes[1].name, "main_task main(...)");  // a task as asyncio names it: its coroutine too
    EXPECT_EQ(model.lanes[2].name, "triple_task triple(...)");
}

TEST(Timeline, EachStepIsARunningSpanAndTheGapsAreWaits) {
    Trace trace = record(*find_walkthrough("triple_main"));
    TimelineModel model = build_timeline(trace);
    const auto& main_task = model.lanes[1].spans;
    // main_task: waits for its first step, runs, waits on triple_task, runs again.
    ASSERT_EQ(main_task.size(), 4u);
    EXPECT_EQ(main_task[0].kind, TimelineSpan::Kind::waiting);
    EXPECT_EQ(main_task[1].kind, TimelineSpan::Kind::running);
    EXPECT_EQ(main_task[2].kind, TimelineSpan::Kind::waiting);
    EXPECT_EQ(trace.name(main_task[2].on), "triple_task");
    EXPECT_EQ(main_task[3].kind, TimelineSpan::Kind::running);
    for (size_t i = 1; i < main_task.size(); ++i) EXPECT_GT(main_task[i].begin, main_task[i - 1].end);
}

TEST(Timeline, ArrowsShowWhatWokeWhom) {
    // triple/main: triple_task's set_result schedules main_task.wakeup.
    TimelineModel model = build_timeline(record(*find_walkthrough("triple_main")));
    ASSERT_EQ(model.arrows.size(), 1u);
    EXPECT_EQ(model.arrows[0].from_lane, 2u);
    EXPECT_EQ(model.arrows[0].to_lane, 1u);
    EXPECT_LT(model.arrows[0].from_event, model.arrows[0].to_event);
    // io_gather: the loop's timers wake each fetcher.
    model = build_timeline(record(*find_walkthrough("io_gather")));
    size_t woken_by_timers = 0;
    for (const auto& arrow : model.arrows)
        if (arrow.from_lane == 0 && arrow.to_lane != lane_named(model, "main_task")) ++woken_by_timers;
    EXPECT_EQ(woken_by_timers, 3u);
}

TEST(Timeline, RendersForEveryWalkthroughAndZoomsWithKeys) {
    testing_support::HeadlessImGui imgui;
    Settings settings;
    settings.show_timeline = true;
    std::vector<WalkthroughChoice> none;
    App app(none, settings, "");
    imgui.load_fonts(app);
    for (const auto& walkthrough : walkthroughs()) {
        if (walkthrough.real_io) continue;
        app.show(record(walkthrough), walkthrough.id);
        app.player().jump(app.trace().size() / 2);
        imgui.frame(app);
        EXPECT_GT(imgui.frame(app), 1000) << walkthrough.id;
    }
    double width = app.timeline().last() - app.timeline().first();
    imgui.press(app, GLFW_KEY_LEFT_BRACKET);
    EXPECT_LT(app.timeline().last() - app.timeline().first(), width);
    double first = app.timeline().first();
    imgui.press(app, GLFW_KEY_PERIOD);
    EXPECT_GT(app.timeline().first(), first);
    imgui.press(app, GLFW_KEY_T);
    EXPECT_FALSE(app.settings().show_timeline);
}
