// The presentation layout, through ImGui's own geometry (not pixels): at 1280x800 and 1920x1080, for text
// sizes from the default to +4 (Ctrl + four times), on every walkthrough, with Predict asking: the Source
// keeps the line it follows in view with two lines around it; no panel overlaps another or leaves the
// window; every panel keeps its title; and nothing is cut off (what does not fit scrolls).
#include <gtest/gtest.h>

#include <sstream>

#include "analysis/questions.h"
#include "headless.h"
#include "imgui_internal.h"
#include "walkthroughs/registry.h"

using namespace cotrace;
using namespace cotrace::ui;

namespace {

struct Size {
    float width, height;
};

std::string rect_text(const ImRect& r) {
    std::ostringstream out;
    out << "(" << r.Min.x << "," << r.Min.y << ")-(" << r.Max.x << "," << r.Max.y << ")";
    return out.str();
}

// What is wrong with the frame just drawn, in words ("" when nothing).
std::string geometry_problems(const App& app) {
    std::ostringstream problems;
    ImGuiContext& g = *GImGui;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    std::vector<ImGuiWindow*> panels;
    for (ImGuiWindow* window : g.Windows) {
        if (!window->Active || window->Hidden) continue;
        if (window->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) continue;
        std::string name = window->Name;
        if (name.starts_with("Debug##")) continue;
        ImRect rect = window->Rect();
        if (!(window->Flags & ImGuiWindowFlags_ChildWindow)) {
            if (rect.Min.x < -0.5f || rect.Min.y < -0.5f || rect.Max.x > display.x + 0.5f || rect.Max.y > display.y + 0.5f)
                problems << name << " leaves the window: " << rect_text(rect) << "\n";
            if (!(window->Flags & ImGuiWindowFlags_NoTitleBar) && rect.GetHeight() < window->TitleBarHeight() + 0.5f)
                problems << name << " has no room below its title\n";
            if (!(window->Flags & ImGuiWindowFlags_MenuBar) && name != "##MainMenuBar") panels.push_back(window);
        } else {
            // A box inside a panel shows at least its heading and a line.
            if (rect.GetHeight() < ImGui::GetTextLineHeightWithSpacing() * 2)
                problems << name << " is too low to show anything: " << rect.GetHeight() << "\n";
        }
        // Content beyond the window with no scrollbar to reach it is cut off. (ContentSize is the frame's.)
        ImVec2 inner = window->InnerRect.GetSize();
        float padding = window->WindowPadding.y * 2;
        if (!window->ScrollbarY && window->ContentSize.y > inner.y - padding + 1.0f && !(window->Flags & ImGuiWindowFlags_NoScrollbar && window->ContentSize.y <= inner.y + 1.0f))
            problems << name << " cuts off its content: " << window->ContentSize.y << " tall in " << inner.y << "\n";
        // Across, too: text wraps, or the window scrolls (a listing of code does). (The Source's row of file
        // tabs counts all its tabs as content, though it scrolls them itself, with its arrows.)
        if (!name.ends_with("###Source") && !window->ScrollbarX && window->ContentSize.x > inner.x - window->WindowPadding.x * 2 + 2.0f)
            problems << name << " cuts off its content across: " << window->ContentSize.x << " wide in " << inner.x << " (padding " << window->WindowPadding.x << ", ideal " << window->ContentSizeIdeal.x << ")\n";
    }
    for (size_t i = 0; i < panels.size(); ++i)
        for (size_t j = i + 1; j < panels.size(); ++j) {
            ImRect a = panels[i]->Rect(), b = panels[j]->Rect();
            float overlap_x = std::min(a.Max.x, b.Max.x) - std::max(a.Min.x, b.Min.x);
            float overlap_y = std::min(a.Max.y, b.Max.y) - std::max(a.Min.y, b.Min.y);
            if (overlap_x > 0.5f && overlap_y > 0.5f)
                problems << panels[i]->Name << " overlaps " << panels[j]->Name << "\n";
        }
    if (!app.source_panel().kept_lines_in_view()) problems << "the Source does not show its line and two around it\n";
    return problems.str();
}

class Layout : public ::testing::TestWithParam<std::string> {};

std::vector<std::string> walkthrough_ids() {
    std::vector<std::string> ids;
    for (const auto& walkthrough : walkthroughs()) ids.push_back(walkthrough.id);
    return ids;
}

}  // namespace

TEST_P(Layout, PresentationAtEveryTextSizeKeepsTheLineInViewAndCutsNothingOff) {
    Trace trace = record(*find_walkthrough(GetParam()));
    // Steps to look at: where Predict asks (the tallest layout), and a spread of the others.
    std::vector<size_t> steps;
    for (const auto& q : analysis::questions(trace)) steps.push_back(q.event);
    for (size_t step = 1; step < trace.size(); step += std::max<size_t>(trace.size() / 12, 1)) steps.push_back(step);
    for (Size size : {Size{1280, 800}, Size{1920, 1080}}) {
        for (int text_size = 0; text_size <= 4; ++text_size) {
            testing_support::HeadlessImGui imgui(size.width, size.height);
            Settings settings;
            settings.presentation = true;
            settings.presentation_scale += 0.2f * static_cast<float>(text_size);
            App app(testing_support::walkthrough_choices(), settings, "");
            imgui.load_fonts(app);
            ASSERT_TRUE(app.open_walkthrough(GetParam()));
            app.predict().set_on(true);
            for (size_t step : steps) {
                app.player().jump(step);
                app.predict().ask_here(app.trace(), app.player());
                for (int frame = 0; frame < 4; ++frame) imgui.frame(app);  // scrolling and sizes settle
                std::string problems = geometry_problems(app);
                EXPECT_EQ(problems, "") << GetParam() << " at " << size.width << "x" << size.height << ", text +" << text_size
                                        << ", step " << step << (app.predict().asking() ? " (Predict asks)" : "");
                if (!problems.empty()) return;  // one configuration's report is enough
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Walkthroughs, Layout, ::testing::ValuesIn(walkthrough_ids()),
                         [](const auto& info) { return info.param; });
