#include "panels.h"

#include <algorithm>

#include "analysis/step_view.h"

namespace cotrace::ui {

namespace {

// The stack as a breadcrumb that wraps between entries: for each entry, its text and whether it starts a
// new row in `right` pixels.
template <typename Each>
void each_stack_entry(const View& view, float right, Each each) {
    std::vector<std::string> entries = analysis::stack_texts(view.trace, view.state, view.position);
    float x = 0;
    for (size_t depth = 0; depth < entries.size(); ++depth) {
        bool top = depth + 1 == entries.size();
        std::string text = entries[depth] + (top ? "" : "  >");
        if (top) ImGui::PushFont(view.fonts.bold);
        float width = ImGui::CalcTextSize(text.c_str()).x;
        if (top) ImGui::PopFont();
        bool new_row = depth == 0;
        if (depth > 0) {
            float space = ImGui::GetStyle().ItemSpacing.x;
            if (x + space + width > right) x = 0, new_row = true;
            else x += space;
        }
        each(text, top, new_row);
        x += width;
    }
}

}  // namespace

std::string control_title_line(const View& view) {
    std::vector<std::string> entries = analysis::stack_texts(view.trace, view.state, view.position);
    return "Who holds control: " + (entries.empty() ? std::string("no one") : entries.back());
}

float control_panel_least(const View& view, float width) {
    int rows = view.state.control.empty() ? 1 : 0;
    each_stack_entry(view, width, [&](const std::string&, bool, bool new_row) { rows += new_row; });
    return static_cast<float>(rows) * ImGui::GetTextLineHeightWithSpacing();
}

void draw_control_panel(const View& view, Actions& actions, size_t& scrolled_for) {
    // The stack as a breadcrumb, outermost first, the holder of control last and picked out.
    const auto& control = view.state.control;
    if (control.empty()) ImGui::TextDisabled(view.position == 0 ? "Nothing has run yet." : "The program has ended.");
    each_stack_entry(view, ImGui::GetContentRegionAvail().x, [&](const std::string& text, bool top, bool new_row) {
        if (!new_row) ImGui::SameLine();
        ImGui::PushTextWrapPos(0);  // an entry wider than the panel wraps
        if (top) {
            ImGui::PushFont(view.fonts.bold);
            ImGui::TextColored(palette().accent, "%s", text.c_str());
            ImGui::PopFont();
        } else {
            ImGui::TextUnformatted(text.c_str());
        }
        ImGui::PopTextWrapPos();
    });

    // The outline, when there is room for its heading and three lines (it gives way first).
    float line = ImGui::GetTextLineHeightWithSpacing();
    if (ImGui::GetContentRegionAvail().y < line * 4 + ImGui::GetStyle().WindowPadding.y * 2 + ImGui::GetStyle().ItemSpacing.y * 2)
        return;
    ImGui::Separator();
    heading(view, "Outline so far (click a line to go there)");
    // The lines that happened before this position; the last of them is where control is now.
    size_t shown = static_cast<size_t>(
        std::partition_point(view.outline.begin(), view.outline.end(),
                             [&](const OutlineLine& line) { return line.event < view.position; }) -
        view.outline.begin());
    ImGui::BeginChild("outline", ImVec2(0, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& line = view.outline[static_cast<size_t>(i)];
            bool current = static_cast<size_t>(i) + 1 == shown;
            ImGui::PushID(i);
            if (current) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
            if (ImGui::Selectable(outline_text(view.trace, line).c_str(), current)) actions.jump_to = line.event + 1;
            if (current) ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    if (shown == 0) ImGui::TextDisabled("Step forward to see control move.");
    if (scrolled_for != view.position) {
        float line_height = ImGui::GetTextLineHeightWithSpacing();
        ImGui::SetScrollY(std::max(0.0f, shown * line_height - ImGui::GetWindowHeight() * 0.6f));
        scrolled_for = view.position;
    }
    ImGui::EndChild();
}

}  // namespace cotrace::ui
