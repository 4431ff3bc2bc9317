#include "panels.h"

#include <algorithm>

#include "analysis/step_view.h"

namespace cotrace::ui {

namespace {

std::string entry_text(const View& view, const ControlEntry& entry) {
    return analysis::stack_entry_text(view.trace, view.state, entry);
}

}  // namespace

void draw_control_panel(const View& view, Actions& actions, size_t& scrolled_for) {
    // The stack as a breadcrumb, outermost first, the holder of control last and picked out.
    const auto& control = view.state.control;
    if (control.empty()) ImGui::TextDisabled(view.position == 0 ? "Nothing has run yet." : "The program has ended.");
    float right = ImGui::GetContentRegionAvail().x;
    float x = 0;
    for (size_t depth = 0; depth < control.size(); ++depth) {
        bool top = depth + 1 == control.size();
        std::string text = entry_text(view, control[depth]) + (top ? "" : "  >");
        if (top) ImGui::PushFont(view.fonts.bold);
        float width = ImGui::CalcTextSize(text.c_str()).x;
        if (depth > 0) {
            float space = ImGui::GetStyle().ItemSpacing.x;
            if (x + space + width > right) x = 0;
            else {
                ImGui::SameLine();
                x += space;
            }
        }
        if (top) ImGui::TextColored(palette().accent, "%s", text.c_str());
        else ImGui::TextUnformatted(text.c_str());
        if (top) ImGui::PopFont();
        x += width;
    }

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
