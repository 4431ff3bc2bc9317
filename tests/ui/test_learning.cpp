// The window's teaching modes, headless: asyncio's Task.step and Future.__await__ marked at each of the
// seed's 17 stops, Predict asking and scoring, Why?, stepping by meaning with its keys, and the warnings.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "analysis/questions.h"
#include "headless.h"
#include "imgui_internal.h"
#include "ui/panels.h"
#include "trace/trace_json.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;
namespace fs = std::filesystem;

namespace {

using testing_support::walkthrough_choices;

class Learning : public ::testing::Test {
protected:
    // No config directory: nothing is remembered between tests.
    Learning() : app_(walkthrough_choices(), Settings{}, "") {}
    void open(const std::string& id) {
        imgui_.load_fonts(app_);
        ASSERT_TRUE(app_.open_walkthrough(id));
        imgui_.frame(app_);
    }
    size_t position() { return app_.player().position(); }

    testing_support::HeadlessImGui imgui_;
    App app_;
};

struct Stop {
    size_t position;        // after this many events (the outline's line)
    const char* holder;     // who holds control there
    int seed_stop;          // the seed's stop (1..17), or 0 where asyncio does more than the seed tells
    int step_line;          // Task.step: the seed's line marked (0: none)
    bool step_runs;         //   control is on it (else the step waits there)
    int await_line;         // Future.__await__: the seed's line marked (0: none)
    bool await_runs;
};

// The seed's walkthrough (shared/seeds, "Analyzing an example program's control flow"), stop by stop: the
// lines it names in Task.step (try on 4, send on 5, StopIteration on 6-7, the else on 8, the done callback
// on 11) and in Future.__await__ (5-7 on the way in, 9 and 12 on the way out).
const Stop seed_stops[] = {
    {1, "program", 1, 0, false, 0, false},
    {5, "event_loop", 2, 0, false, 0, false},
    {8, "main_task.step", 3, 4, true, 0, false},
    {11, "main", 4, 5, false, 0, false},
    {17, "triple_task.__await__", 5, 5, false, 5, true},
    {19, "main", 6, 5, false, 7, false},
    {20, "main_task.step", 7, 8, true, 7, false},
    {23, "event_loop", 8, 0, false, 7, false},
    {26, "triple_task.step", 9, 4, true, 0, false},
    {29, "triple", 10, 5, false, 0, false},
    {30, "triple_task.step", 11, 7, true, 0, false},
    {34, "event_loop", 12, 0, false, 0, false},
    {37, "main_task.wakeup", 0, 0, false, 0, false},  // asyncio's wakeup: the narration says the seed calls step itself
    {38, "main_task.step", 13, 5, true, 0, false},
    {40, "main", 0, 5, false, 0, false},              // the resumption passes down through main
    {41, "triple_task.__await__", 14, 5, false, 9, true},
    {42, "main", 15, 5, false, 12, false},
    {43, "main_task.step", 16, 7, true, 0, false},
    {45, "main_task.wakeup", 0, 7, true, 0, false},
    {46, "event_loop", 17, 0, false, 0, false},
    {48, "program", 0, 0, false, 0, false},
};

}  // namespace

TEST_F(Learning, TaskStepAndFutureAwaitAreMarkedAtEachOfTheSeedsSeventeenStops) {
    open("triple_main");
    app_.player().set_granularity(Granularity::control_transfers);
    int seed_stops_seen = 0;
    for (const auto& stop : seed_stops) {
        app_.player().next();
        imgui_.frame(app_);
        SCOPED_TRACE("stop at " + std::to_string(stop.position) + " (" + stop.holder + ")");
        ASSERT_EQ(position(), stop.position);
        State state = app_.trace().state_after(position());
        EXPECT_EQ(app_.trace().label(state.control.back()), stop.holder);
        const auto& marks = app_.asyncio_marks();
        EXPECT_EQ(marks.task_step.line, stop.step_line);
        if (stop.step_line) {
            EXPECT_EQ(marks.task_step.running, stop.step_runs);
        }
        EXPECT_EQ(marks.future_await.line, stop.await_line);
        if (stop.await_line) {
            EXPECT_EQ(marks.future_await.running, stop.await_runs);
        }
        // Control is in asyncio's code exactly when a step or an __await__ holds it.
        bool in_asyncio = std::string(stop.holder).ends_with(".step") || std::string(stop.holder).ends_with(".__await__") ||
                          std::string(stop.holder).ends_with(".wakeup");
        EXPECT_EQ(marks.in_asyncio, in_asyncio);
        if (stop.seed_stop) ++seed_stops_seen;
    }
    EXPECT_EQ(seed_stops_seen, 17);
    app_.player().next();
    EXPECT_EQ(position(), app_.trace().size());
}

TEST_F(Learning, WhereAsyncioDiffersFromTheSeedTheNoteSaysSo) {
    open("triple_main");
    app_.player().jump(37);  // the loop runs main_task.wakeup
    imgui_.frame(app_);
    EXPECT_NE(app_.asyncio_marks().note.find("main_task.wakeup, not step itself"), std::string::npos);
    app_.player().jump(38);
    imgui_.frame(app_);
    EXPECT_EQ(app_.asyncio_marks().note, "");
}

TEST_F(Learning, PredictAsksBeforeEachDecisionAndKeepsTheScore) {
    for (bool presentation : {false, true}) {
        SCOPED_TRACE(presentation ? "presentation" : "normal");
        open("triple_main");
        if (presentation) app_.set_presentation(true), imgui_.load_fonts(app_);
        imgui_.press(app_, GLFW_KEY_P);
        ASSERT_TRUE(app_.predict().on());
        auto expected = analysis::questions(app_.trace());
        ASSERT_GE(expected.size(), 5u);
        int right = 0, asked = 0;
        for (size_t n = 0; n < expected.size(); ++n) {
            const auto& q = expected[n];
            // Right goes on until the next decision, and stops just before it.
            for (int presses = 0; !app_.predict().asking() && presses < 100; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
            ASSERT_TRUE(app_.predict().asking());
            EXPECT_EQ(position(), q.event);
            EXPECT_EQ(app_.predict().asking()->prompt, q.prompt);
            // Right again does not reveal it: an answer first.
            imgui_.press(app_, GLFW_KEY_RIGHT);
            EXPECT_EQ(position(), q.event);
            // Every other question right, the others wrong.
            size_t pick = n % 2 == 0 ? q.answer : (q.answer + 1) % q.options.size();
            imgui_.press(app_, GLFW_KEY_1 + static_cast<int>(pick));
            ++asked;
            if (pick == q.answer) ++right;
            EXPECT_EQ(position(), q.event + 1);
            ASSERT_TRUE(app_.predict().revealed());
            EXPECT_EQ(app_.predict().chosen(), pick);
            EXPECT_EQ(app_.predict().asked(), asked);
            EXPECT_EQ(app_.predict().right(), right);
            imgui_.frame(app_);
        }
        // No decision left: Right walks to the end.
        for (int presses = 0; position() < app_.trace().size() && presses < 100; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
        EXPECT_EQ(position(), app_.trace().size());
        EXPECT_FALSE(app_.predict().asking());
        imgui_.press(app_, GLFW_KEY_P);
        EXPECT_FALSE(app_.predict().on());
    }
}

TEST_F(Learning, PredictIsAnsweredByClickingAReadyQueueEntryOrATask) {
    open("io_gather");
    imgui_.press(app_, GLFW_KEY_P);
    // The first question about which callback runs next, with the ready queue to click in.
    std::optional<analysis::Question> next_handle;
    for (const auto& q : analysis::questions(app_.trace()))
        if (!next_handle && q.kind == analysis::Question::Kind::next_handle) next_handle = q;
    ASSERT_TRUE(next_handle);
    app_.player().jump(next_handle->event);
    app_.predict().ask_here(app_.trace(), app_.player());
    ASSERT_TRUE(app_.predict().asking());
    // Clicking the handle that runs answers rightly.
    app_.picked(next_handle->objects[next_handle->answer]);
    EXPECT_EQ(position(), next_handle->event + 1);
    EXPECT_EQ(app_.predict().right(), 1);
    EXPECT_EQ(app_.selected(), 0u);  // an answer, not a selection
    // Outside Predict's options, a click on a task selects it, and a second click lets it go.
    ObjectId main_task = *analysis::find_object(app_.trace(), "main_task");
    app_.picked(main_task);
    EXPECT_EQ(app_.selected(), main_task);
    app_.picked(main_task);
    EXPECT_EQ(app_.selected(), 0u);
}

TEST_F(Learning, PredictKeysOutsideTheOptionsAreIgnored) {
    open("rock");
    imgui_.press(app_, GLFW_KEY_P);
    for (int presses = 0; !app_.predict().asking() && presses < 100; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
    ASSERT_TRUE(app_.predict().asking());
    size_t options = app_.predict().asking()->options.size();
    size_t at = position();
    if (options < 4) {
        imgui_.press(app_, GLFW_KEY_4);
        EXPECT_TRUE(app_.predict().asking());
        EXPECT_EQ(position(), at);
    }
    // Going back leaves the question unanswered and unscored.
    imgui_.press(app_, GLFW_KEY_LEFT);
    EXPECT_FALSE(app_.predict().asking());
    EXPECT_EQ(app_.predict().asked(), 0);
}

TEST_F(Learning, WhyFollowsTheStepAndTheSelectedTask) {
    open("triple_main");
    imgui_.press(app_, GLFW_KEY_W);
    EXPECT_TRUE(app_.settings().show_why);
    app_.player().jump(38);
    imgui_.frame(app_);
    EXPECT_EQ(app_.why_chain().question, "Why is main_task main(...) running at step 38?");
    EXPECT_EQ(app_.why_chain().links.front().step, 37u);
    app_.select(*analysis::find_object(app_.trace(), "triple_task"));
    imgui_.frame(app_);
    EXPECT_EQ(app_.why_chain().question, "Why is triple_task triple(...) done at step 38?");
    EXPECT_EQ(app_.why_chain().links.front().step, 31u);
    imgui_.press(app_, GLFW_KEY_ESCAPE);
    EXPECT_EQ(app_.selected(), 0u);
    imgui_.press(app_, GLFW_KEY_W);
    EXPECT_FALSE(app_.settings().show_why);
}

TEST_F(Learning, SteppingByMeaningWithItsKeysForwardsAndBack) {
    open("io_gather");
    const Trace& trace = app_.trace();
    analysis::Landmarks marks = analysis::landmarks_of(trace);
    struct Key {
        int key;
        analysis::Meaning meaning;
    };
    for (Key key : {Key{GLFW_KEY_C, analysis::Meaning::control_transfer}, Key{GLFW_KEY_R, analysis::Meaning::loop_round},
                    Key{GLFW_KEY_O, analysis::Meaning::print}}) {
        app_.player().first();
        std::vector<size_t> forward, back;
        for (int presses = 0; presses < 1000; ++presses) {
            size_t before = position();
            imgui_.press(app_, key.key);
            if (position() == before) break;
            forward.push_back(position());
        }
        EXPECT_FALSE(app_.go_note().empty());  // "No later ..." when it ran out
        for (int presses = 0; presses < 1000; ++presses) {
            size_t before = position();
            imgui_.press(app_, key.key, false, true);
            if (position() == before) break;
            back.push_back(position());
        }
        std::vector<size_t> expected;
        for (size_t at = 0; auto next = analysis::next_of(trace, marks, key.meaning, at);) expected.push_back(at = *next);
        EXPECT_EQ(forward, expected);
        // Back from the last one visits the others in reverse, down to the first.
        std::vector<size_t> reversed(expected.rbegin() + 1, expected.rend());
        EXPECT_EQ(back, reversed);
    }
    // S: the steps of the selected task only.
    ObjectId posts = *analysis::find_object(trace, "posts");
    app_.select(posts);
    app_.player().first();
    std::vector<size_t> steps;
    for (int presses = 0; presses < 100; ++presses) {
        size_t before = position();
        imgui_.press(app_, GLFW_KEY_S);
        if (position() == before) break;
        steps.push_back(position());
        EXPECT_EQ(trace.events[position() - 1].kind, EventKind::step_begin);
        EXPECT_EQ(trace.events[position() - 1].subject, posts);
    }
    EXPECT_EQ(steps.size(), 2u);  // its first step, and its wake-up after the sleep
    imgui_.press(app_, GLFW_KEY_S, false, true);
    EXPECT_EQ(position(), steps.front());
    // U: run until posts is done.
    app_.player().first();
    imgui_.press(app_, GLFW_KEY_U);
    EXPECT_EQ(trace.events[position() - 1].kind, EventKind::set_result);
    EXPECT_EQ(trace.events[position() - 1].subject, posts);
    imgui_.press(app_, GLFW_KEY_U);
    EXPECT_NE(app_.go_note().find("already done"), std::string::npos);
}

TEST_F(Learning, WarningsShowInTheirPanelAndOnTheTimeline) {
    open("homemade_sleep");
    app_.settings().show_warnings = true;
    app_.settings().show_timeline = true;
    EXPECT_GT(imgui_.frame(app_), 0);
    ASSERT_EQ(app_.warnings().size(), 1u);
    EXPECT_EQ(app_.warnings()[0].kind, analysis::Warning::Kind::blocks_the_loop);
    app_.player().jump(app_.warnings()[0].step);
    EXPECT_GT(imgui_.frame(app_), 0);
    ASSERT_TRUE(app_.open_walkthrough("triple_main"));
    imgui_.frame(app_);
    EXPECT_TRUE(app_.warnings().empty());
}

TEST_F(Learning, EveryTeachingPanelRendersOnEveryWalkthrough) {
    imgui_.load_fonts(app_);
    app_.settings().show_why = app_.settings().show_warnings = app_.settings().show_timeline = true;
    for (const auto& walkthrough : walkthroughs()) {
        ASSERT_TRUE(app_.open_walkthrough(walkthrough.id));
        app_.predict().set_on(true);
        for (size_t at : {size_t{0}, app_.trace().size() / 3, app_.trace().size() / 2, app_.trace().size()}) {
            app_.player().jump(at);
            EXPECT_GT(imgui_.frame(app_), 0) << walkthrough.id << " at " << at;
        }
        app_.player().first();
        for (int presses = 0; !app_.predict().asking() && presses < 200; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
        EXPECT_TRUE(app_.predict().asking()) << walkthrough.id;
        EXPECT_GT(imgui_.frame(app_), 0);
    }
}

// The teacher goes on without a vote: V reveals the answer and the step, K skips past the question; the
// score says how many of each, and neither counts as answered.
TEST_F(Learning, ATeacherCanRevealOrSkipAQuestion) {
    open("triple_main");
    imgui_.press(app_, GLFW_KEY_P);
    for (int presses = 0; !app_.predict().asking() && presses < 100; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
    ASSERT_TRUE(app_.predict().asking());
    size_t event = app_.predict().asking()->event;
    size_t answer = app_.predict().asking()->answer;
    imgui_.press(app_, GLFW_KEY_V);
    EXPECT_FALSE(app_.predict().asking());
    ASSERT_TRUE(app_.predict().revealed());
    EXPECT_EQ(app_.predict().revealed()->answer, answer);
    EXPECT_FALSE(app_.predict().chosen());
    EXPECT_EQ(position(), event + 1);
    EXPECT_EQ(app_.predict().revealed_count(), 1);
    EXPECT_EQ(app_.predict().asked(), 0);
    for (int presses = 0; !app_.predict().asking() && presses < 100; ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
    ASSERT_TRUE(app_.predict().asking());
    event = app_.predict().asking()->event;
    imgui_.press(app_, GLFW_KEY_K);
    EXPECT_FALSE(app_.predict().asking());
    EXPECT_FALSE(app_.predict().revealed());
    EXPECT_EQ(position(), event + 1);
    EXPECT_EQ(app_.predict().skipped(), 1);
    EXPECT_EQ(app_.predict().asked(), 0);
    // Without a question open, V and K do nothing.
    size_t at = position();
    imgui_.press(app_, GLFW_KEY_K);
    EXPECT_EQ(position(), at);
}

// View > C++ listing off: a walkthrough's Source shows its Python original alone; Python listing off, the
// C++ alone (ImGui's own windows: the listings are child windows of the Source panel).
TEST_F(Learning, TheViewMenuHidesEitherListing) {
    auto listings = [&] {
        imgui_.frame(app_);
        imgui_.frame(app_);
        std::set<std::string> shown;
        for (ImGuiWindow* window : GImGui->Windows) {
            std::string name = window->Name;
            if (!window->Active || name.find("###Source/") == std::string::npos) continue;
            shown.insert(name.substr(name.find("###Source/") + 10, name.find('_', name.find("###Source/") + 10) - name.find("###Source/") - 10));
        }
        return shown;
    };
    open("triple_main");
    app_.player().jump(16);
    EXPECT_EQ(listings(), (std::set<std::string>{"cpp", "python"}));
    app_.settings().show_cpp = false;
    EXPECT_EQ(listings(), (std::set<std::string>{"python"}));
    app_.settings().show_cpp = true;
    app_.settings().show_python = false;
    EXPECT_EQ(listings(), (std::set<std::string>{"cpp"}));
}

// An empty Warnings panel takes its title and one line, not a third of the window; one with warnings
// keeps its band (ImGui's own geometry, not pixels).
TEST_F(Learning, AnEmptyWarningsPanelTakesOneLine) {
    auto warnings_height = [&] {
        imgui_.frame(app_);
        ImGuiWindow* window = ImGui::FindWindowByName("###warnings");
        return window ? window->Size.y : -1.0f;
    };
    open("triple_main");  // nothing to warn about
    app_.settings().show_warnings = true;
    ASSERT_TRUE(app_.warnings().empty());
    float empty = warnings_height();
    ASSERT_GT(empty, 0);
    EXPECT_LE(empty, ImGui::GetFrameHeight() + ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2 + 1);
    open("homemade_sleep");  // a blocking sleep: warnings
    app_.settings().show_warnings = true;
    ASSERT_FALSE(app_.warnings().empty());
    EXPECT_GT(warnings_height(), empty * 2);
}

// While a question is open nothing on screen gives its answer: the ready queue keeps its order but marks
// no "next", and a "which task does it wake" question hides the done callbacks.
TEST_F(Learning, WhilePredictAsksTheReadyQueueMarksNoNextAndWakesHidesCallbacks) {
    open("triple_main");
    State state = app_.trace().state_after(25);
    ASSERT_FALSE(state.ready.empty());
    EXPECT_TRUE(ready_entry_text(app_.trace(), state, 0, false).starts_with("next > "));
    std::string asking = ready_entry_text(app_.trace(), state, 0, true);
    EXPECT_FALSE(asking.starts_with("next"));
    EXPECT_NE(asking.find(app_.trace().name(state.ready[0])), std::string::npos);
    analysis::Question wakes{analysis::Question::Kind::wakes, 0, "", {}, 0, {}};
    analysis::Question next{analysis::Question::Kind::next_handle, 0, "", {}, 0, {}};
    EXPECT_TRUE(hides_done_callbacks(&wakes));
    EXPECT_FALSE(hides_done_callbacks(&next));
    EXPECT_FALSE(hides_done_callbacks(nullptr));
}

// Frames and variables (issue 30), headless: a Python trace opens at the lines granularity with the
// panel beside the Output, the panel's gist names what changed at the step, and a C++ walkthrough has no
// such panel (its menu item says why).
TEST_F(Learning, APythonTraceShowsFramesAndVariablesAndStepsByLines) {
    fs::path dir = fs::temp_directory_path() / "cotrace-learning-variables";
    fs::create_directories(dir);
    std::string trace_path = (dir / "lost_update.json").string();
    std::string command = "'" + std::string(COTRACE_BINARY) + "' record '" + COTRACE_SOURCE_DIR +
                          "/tests/analysis/programs/lost_update.py' -o '" + trace_path + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    imgui_.load_fonts(app_);
    app_.show(load_trace(trace_path), trace_path);
    EXPECT_EQ(app_.player().granularity(), Granularity::lines);
    app_.player().jump(89);  // Task-2 bump('A') writes counter = 1
    imgui_.frame(app_);
    imgui_.frame(app_);
    ImGuiWindow* variables = ImGui::FindWindowByName("###Frames and variables");
    ASSERT_NE(variables, nullptr);
    EXPECT_TRUE(variables->Active);
    EXPECT_GT(variables->Size.y, ImGui::GetFrameHeight() * 3);
    // The gist (a title with no room under it would say it) names what changed here.
    State after = app_.trace().state_after(89), before = app_.trace().state_after(88);
    std::vector<OutlineLine> outline;
    TraceFacts facts;
    Fonts fonts;
    View view{app_.trace(), after, before, 89, nullptr, outline, facts, app_.settings(), fonts};
    EXPECT_EQ(variables_title_line(view), "Frames and variables     changed: counter = 1");
    // Why? and the warnings number the steps as the transport does ("Step 14 of 29"), not by event.
    size_t number = app_.player().step_number();
    ASSERT_LT(number, 89u);
    EXPECT_NE(app_.why_chain().question.find(" at step " + std::to_string(number) + "?"), std::string::npos)
        << app_.why_chain().question;
    ASSERT_FALSE(app_.warnings().empty());
    const auto& race = app_.warnings().front();
    ASSERT_FALSE(race.links.empty());
    for (const auto& link : race.links) {
        EXPECT_EQ(step_label(&app_.player(), link.step), "step " + std::to_string(app_.player().step_number_at(link.step)));
        EXPECT_LT(app_.player().step_number_at(link.step), link.step);  // a step of the 29, not event 107
    }
    EXPECT_LE(app_.player().step_number_at(race.step), app_.player().step_count());
    // Next goes to the next line of the program's own (or its task's step), not the next event.
    for (int i = 0; i < 3; ++i) {
        size_t was = app_.player().position();
        app_.player().next();
        size_t now = app_.player().position();
        EventKind kind = app_.trace().events.kind(now - 1);
        EXPECT_TRUE(kind == EventKind::line || kind == EventKind::step_begin || kind == EventKind::step_yield ||
                    kind == EventKind::step_return) << now << ": " << to_string(kind);
        for (size_t p = was + 1; p < now; ++p) EXPECT_NE(app_.trace().events.kind(p - 1), EventKind::line) << p;
    }
    // asyncio.run's teardown is one step, whose narration says what it did; its button makes each a stop.
    app_.player().last();
    size_t steps = app_.player().step_count();
    imgui_.frame(app_);
    ImGuiWindow* narration = ImGui::FindWindowByName("##narration");
    ASSERT_NE(narration, nullptr);
    imgui_.click(app_, ImVec2(narration->ContentRegionRect.Min.x + 8, narration->ContentRegionRect.Min.y + 8));
    EXPECT_GT(app_.player().step_count(), steps + 40);
    EXPECT_LT(app_.player().position(), app_.trace().size() - 40);  // at the fold's first step
    fs::remove_all(dir);

    open("triple_main");
    imgui_.frame(app_);
    ImGuiWindow* none = ImGui::FindWindowByName("###Frames and variables");
    EXPECT_TRUE(none == nullptr || !none->Active);
}
