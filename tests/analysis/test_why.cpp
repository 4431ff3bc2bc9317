// Why? checked link by link: each link's step, and what it says happened there, which the trace confirms.
#include <gtest/gtest.h>

#include "analysis/stepping.h"
#include "analysis/why.h"
#include "walkthroughs/registry.h"

using namespace cotrace;

namespace {

struct Link {
    size_t step;
    EventKind kind;      // the event at that step
    std::string phrase;  // what the link says of it
};

void expect_chain(const std::string& walkthrough, size_t step, const std::string& object, const std::string& question,
                  const std::vector<Link>& expected) {
    Trace trace = record(*find_walkthrough(walkthrough));
    ObjectId id = object.empty() ? 0 : *analysis::find_object(trace, object);
    analysis::WhyChain chain = analysis::why(trace, step, id);
    SCOPED_TRACE(walkthrough + " at step " + std::to_string(step));
    EXPECT_EQ(chain.question, question);
    ASSERT_EQ(chain.links.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("link " + std::to_string(i) + ": " + chain.links[i].text);
        EXPECT_EQ(chain.links[i].step, expected[i].step);
        EXPECT_EQ(trace.events[chain.links[i].step - 1].kind, expected[i].kind);
        EXPECT_NE(chain.links[i].text.find(expected[i].phrase), std::string::npos);
    }
}

}  // namespace

// The issue's own example: main_task runs because the loop popped main_task.wakeup; triple_task.set_result(15)
// had scheduled it; that ran because triple returned; and so back to where main_task was made.
TEST(Why, TripleMainMainTaskRunsBecauseTripleReturned) {
    expect_chain("triple_main", 38, "", "Why is main_task main(...) running at step 38?",
                 {{37, EventKind::run, "popped main_task.wakeup"},
                  {32, EventKind::call_soon, "done callback of triple_task"},
                  {31, EventKind::set_result, "triple_task.set_result(15)"},
                  {30, EventKind::frame_return, "triple returned 15"},
                  {26, EventKind::run, "popped triple_task.step"},
                  {14, EventKind::call_soon, "creating a Task schedules its first step"},
                  {13, EventKind::task_created, "main (line 15) created the Task triple_task"},
                  {8, EventKind::run, "popped main_task.step"},
                  {4, EventKind::call_soon, "creating a Task schedules its first step"},
                  {3, EventKind::task_created, "created the Task main_task"}});
}

TEST(Why, TripleMainMainTaskWaitsOnTripleTask) {
    expect_chain("triple_main", 24, "main_task", "Why is main_task main(...) waiting at step 24?",
                 {{22, EventKind::step_yield, "main_task waits on triple_task"},
                  {26, EventKind::run, "triple_task's step waits in the ready queue"},
                  {31, EventKind::set_result, "triple_task's coroutine returns"},
                  {37, EventKind::run, "main_task wakes"},
                  {44, EventKind::set_result, "main_task's coroutine returns"}});
}

TEST(Why, IoGatherPostsWaitsOnATimerDueAtOne) {
    expect_chain("io_gather", 76, "posts", "Why is posts fetch_data(...) waiting at step 76?",
                 {{75, EventKind::step_yield, "posts waits on fut3"},
                  {101, EventKind::set_result, "a timer due at t=1"},
                  {106, EventKind::run, "posts wakes"},
                  {116, EventKind::set_result, "posts's coroutine returns"}});
}

TEST(Why, IoGatherPostsRunsBecauseItsTimerCameDue) {
    expect_chain("io_gather", 110, "posts", "Why is posts fetch_data(...) running at step 110?",
                 {{106, EventKind::run, "popped posts.wakeup"},
                  {102, EventKind::call_soon, "done callback of fut3"},
                  {101, EventKind::set_result, "fut3.set_result(None), called by set_result_unless_cancelled"},
                  {100, EventKind::run, "popped set_result_unless_cancelled"},
                  {99, EventKind::timer_ready, "came due at t=1"},
                  {66, EventKind::call_later, "call_later(1)"},
                  {57, EventKind::run, "popped posts.step"},
                  {18, EventKind::call_soon, "creating a Task"},
                  {17, EventKind::task_created, "created the Task posts"},
                  {9, EventKind::run, "popped main_task.step"},
                  {4, EventKind::call_soon, "creating a Task"},
                  {3, EventKind::task_created, "created the Task main_task"}});
}

TEST(Why, CancelThrowVictimWaitsUntilMainCancelsIt) {
    expect_chain("cancel_throw", 100, "victim", "Why is victim sleeper(...) waiting at step 100?",
                 {{86, EventKind::step_yield, "victim waits on fut2"},
                  {105, EventKind::cancel, "main (line 32) cancels it"},
                  {118, EventKind::run, "victim wakes"},
                  {129, EventKind::cancel, "victim is cancelled"}});
}

TEST(Why, CancelThrowVictimRunsBecauseMainCancelledWhatItAwaited) {
    Trace trace = record(*find_walkthrough("cancel_throw"));
    analysis::WhyChain chain = analysis::why(trace, 127, 0);
    EXPECT_EQ(chain.question, "Why is victim sleeper(...) running at step 127?");
    ASSERT_GE(chain.links.size(), 3u);
    EXPECT_EQ(chain.links[0].step, 118u);
    EXPECT_EQ(chain.links[1].step, 106u);
    EXPECT_EQ(chain.links[2].step, 105u);
    EXPECT_NE(chain.links[2].text.find("fut2.cancel(), called by main (line 32)"), std::string::npos);
    // Each link is earlier than the one before it: a chain of causes never loops.
    for (size_t i = 1; i < chain.links.size(); ++i) EXPECT_LT(chain.links[i].step, chain.links[i - 1].step);
    EXPECT_LE(chain.links.size(), analysis::why_most_links);
}

TEST(Why, WithNoTaskInControlItExplainsTheStepItself) {
    Trace trace = record(*find_walkthrough("rock"));
    analysis::WhyChain chain = analysis::why(trace, 5, 0);
    EXPECT_EQ(chain.question, "Why did step 5 happen?");
    ASSERT_FALSE(chain.links.empty());
    EXPECT_EQ(chain.links[0].step, 5u);
    EXPECT_EQ(analysis::why(trace, 0, 0).question, "Nothing has happened yet.");
}

TEST(Why, AFrameAnswersForItsTask) {
    Trace trace = record(*find_walkthrough("triple_main"));
    auto main_frame = analysis::find_object(trace, "main");
    ASSERT_TRUE(main_frame);
    EXPECT_EQ(analysis::why(trace, 24, *main_frame).question, "Why is main_task main(...) waiting at step 24?");
}
