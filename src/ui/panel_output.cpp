#include "analysis/describe.h"
#include "panels.h"

#include <algorithm>

namespace cotrace::ui {

std::string output_title_line(const View& view) {
    const auto& prints = view.facts.print_events;
    size_t printed = static_cast<size_t>(std::lower_bound(prints.begin(), prints.end(), view.position) - prints.begin());
    if (printed == 0) return "Output     nothing printed yet";
    std::string last(view.trace.events[prints[printed - 1]].text);
    while (!last.empty() && last.back() == '\n') last.pop_back();
    return "Output     " + std::to_string(printed) + (printed == 1 ? " line, the last: " : " lines, the last: ") + last;
}

void draw_output_panel(const View& view, size_t& scrolled_for) {
    const auto& prints = view.facts.print_events;
    size_t printed = static_cast<size_t>(std::lower_bound(prints.begin(), prints.end(), view.position) - prints.begin());
    bool this_step_printed = view.event && view.event->kind == EventKind::print;
    ImGui::PushFont(view.fonts.mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(printed));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            std::string text(view.trace.events[prints[static_cast<size_t>(i)]].text);
            if (this_step_printed && static_cast<size_t>(i) + 1 == printed)
                ImGui::TextColored(palette().value, "> %s", text.c_str());
            else
                ImGui::Text("  %s", text.c_str());
            // Who printed it: the task whose step ran (a print at the top level has none), beside the line
            // where it fits (it never makes the panel scroll sideways), and always on hover.
            const auto& tasks = view.facts.print_tasks;
            if (static_cast<size_t>(i) < tasks.size() && tasks[static_cast<size_t>(i)]) {
                std::string who = analysis::task_label(view.trace, tasks[static_cast<size_t>(i)]);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("printed by %s", who.c_str());
                float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX();
                float room = ImGui::GetWindowContentRegionMax().x - used;
                float needs = ImGui::CalcTextSize(("   " + who).c_str()).x + ImGui::GetStyle().ItemSpacing.x;
                if (needs <= room) {
                    ImGui::SameLine();
                    ImGui::TextColored(palette().dim, "   %s", who.c_str());
                }
            }
        }
    }
    ImGui::PopFont();
    if (printed == 0) ImGui::TextDisabled("Nothing printed yet.");
    if (scrolled_for != view.position) {
        ImGui::SetScrollHereY(1.0f);
        scrolled_for = view.position;
    }
}

}  // namespace cotrace::ui
