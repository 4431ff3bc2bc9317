// The player's logic, with no window: next, previous, jump, play at a speed, granularity, and the
// state at N being the same whichever way you arrived.
#include <gtest/gtest.h>

#include "trace/views.h"
#include "ui/panels.h"
#include "ui/player.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;

namespace {

Player player_for(const Trace& trace) {
    std::vector<size_t> stops;
    for (const auto& line : outline_lines(trace)) stops.push_back(line.event + 1);
    return Player(trace.size(), stops);
}

const Trace& triple_main() {
    static const Trace trace = record(*find_walkthrough("triple_main"));
    return trace;
}

}  // namespace

TEST(Player, StartsBeforeTheFirstEvent) {
    Player player(10, {});
    EXPECT_EQ(player.position(), 0u);
    EXPECT_EQ(player.step_count(), 10u);
}

TEST(Player, NextAndPreviousMoveOneEventAndStopAtTheEnds) {
    Player player(3, {});
    player.previous();
    EXPECT_EQ(player.position(), 0u);
    player.next();
    player.next();
    EXPECT_EQ(player.position(), 2u);
    player.next();
    player.next();
    EXPECT_EQ(player.position(), 3u);
    player.previous();
    EXPECT_EQ(player.position(), 2u);
}

TEST(Player, FirstLastAndJump) {
    Player player(50, {});
    player.last();
    EXPECT_EQ(player.position(), 50u);
    player.first();
    EXPECT_EQ(player.position(), 0u);
    player.jump(17);
    EXPECT_EQ(player.position(), 17u);
    player.jump(999);
    EXPECT_EQ(player.position(), 50u);
}

TEST(Player, PlayTicksAtItsSpeed) {
    Player player(100, {});
    player.set_speed(4);
    player.play();
    EXPECT_FALSE(player.tick(0.2));  // less than 1/4 s: nothing yet
    EXPECT_TRUE(player.tick(0.05));  // 0.25 s in all: one step
    EXPECT_EQ(player.position(), 1u);
    player.tick(1.0);  // four more
    EXPECT_EQ(player.position(), 5u);
    player.pause();
    player.tick(10);
    EXPECT_EQ(player.position(), 5u);
}

TEST(Player, PlayStopsAtTheEndAndRestartsFromTheStart) {
    Player player(3, {});
    player.set_speed(10);
    player.play();
    player.tick(5);
    EXPECT_EQ(player.position(), 3u);
    EXPECT_FALSE(player.playing());
    player.play();
    EXPECT_EQ(player.position(), 0u);
}

TEST(Player, SpeedStaysBetweenAQuarterAndTen) {
    Player player(1, {});
    player.set_speed(100);
    EXPECT_EQ(player.speed(), 10);
    player.set_speed(0.01);
    EXPECT_EQ(player.speed(), 0.25);
    player.faster();
    EXPECT_EQ(player.speed(), 0.5);
    for (int i = 0; i < 20; ++i) player.faster();
    EXPECT_EQ(player.speed(), 10);
    player.slower();
    EXPECT_EQ(player.speed(), 5);
}

TEST(Player, ControlGranularityStopsOnlyWhereControlChangesHands) {
    const Trace& trace = triple_main();
    Player player = player_for(trace);
    player.set_granularity(Granularity::control_transfers);
    // One stop per outline line (21 for triple/main), plus the end.
    EXPECT_EQ(player.step_count(), outline(trace).size() + 1);
    auto lines = outline_lines(trace);
    player.next();
    EXPECT_EQ(player.position(), lines[0].event + 1);
    player.next();
    EXPECT_EQ(player.position(), lines[1].event + 1);
    player.previous();
    EXPECT_EQ(player.position(), lines[0].event + 1);
}

TEST(Player, ScrubSliderMapsStepsToPositions) {
    Player player(10, {3, 7});
    player.set_granularity(Granularity::control_transfers);
    EXPECT_EQ(player.step_count(), 3u);  // 0, 3, 7, 10
    EXPECT_EQ(player.position_of_step(2), 7u);
    player.jump(5);                      // between stops
    EXPECT_EQ(player.step_number(), 1u);
    player.next();
    EXPECT_EQ(player.position(), 7u);
}

TEST(Player, LinesGranularityStopsAtItsOwnStopsAndOnlyATraceWithLinesHasThem) {
    Player player(12, {3, 7}, {2, 4, 5, 9});
    EXPECT_TRUE(player.has_lines());
    player.set_granularity(Granularity::lines);
    EXPECT_EQ(player.step_count(), 5u);  // 0, 2, 4, 5, 9, 12
    player.next();
    EXPECT_EQ(player.position(), 2u);
    player.jump(6);
    EXPECT_EQ(player.step_number(), 3u);  // past 5
    // Any position by the same numbering: an event between two stops is in the step already passed.
    EXPECT_EQ(player.step_number_at(4), 2u);
    EXPECT_EQ(player.step_number_at(8), 3u);
    EXPECT_EQ(player.step_number_at(12), 5u);
    EXPECT_EQ(step_label(&player, 8), "step 3");
    EXPECT_EQ(step_label(nullptr, 8), "step 8");  // by event, as the CLI numbers them
    player.set_granularity(Granularity::every_event);
    EXPECT_EQ(player.step_number_at(8), 8u);
    player.set_granularity(Granularity::lines);
    player.next();
    EXPECT_EQ(player.position(), 9u);
    player.previous();
    EXPECT_EQ(player.position(), 5u);
    player.set_granularity(Granularity::control_transfers);
    EXPECT_EQ(player.step_count(), 3u);  // 0, 3, 7, 12
    EXPECT_FALSE(Player(12, {3, 7}).has_lines());
}

// A fold (asyncio's own steps between two of the program's) is one stop until it is expanded.
TEST(Player, AFoldIsOneStopUntilExpanded) {
    Player player(20, {}, {2, 4, 15}, {{5, 14}, {16, 20}});
    player.set_granularity(Granularity::lines);
    EXPECT_EQ(player.step_count(), 5u);  // 0, 2, 4, 14, 15, 20
    player.jump(4);
    player.next();
    EXPECT_EQ(player.position(), 14u);
    EXPECT_FALSE(player.expanded(5));
    player.expand(5, 14);
    EXPECT_TRUE(player.expanded(5));
    EXPECT_EQ(player.step_count(), 14u);  // and 5..13 too
    player.jump(5);
    player.next();
    EXPECT_EQ(player.position(), 6u);
    player.expand(5, 14);  // twice is once
    EXPECT_EQ(player.step_count(), 14u);
}

TEST(Player, StateAtNIsTheSameWhicheverWayYouArrive) {
    const Trace& trace = triple_main();
    Player player = player_for(trace);
    for (size_t n = 0; n <= trace.size(); ++n) {
        player.first();
        for (size_t i = 0; i < n; ++i) player.next();
        State forwards = trace.state_after(player.position());
        player.last();
        while (player.position() > n) player.previous();
        State backwards = trace.state_after(player.position());
        player.jump(n);
        State jumped = trace.state_after(player.position());
        EXPECT_EQ(forwards, backwards) << "at " << n;
        EXPECT_EQ(forwards, jumped) << "at " << n;
    }
}
