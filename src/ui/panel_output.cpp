#include "panels.h"

namespace cotrace::ui {

void draw_output_panel(const View& view, size_t& scrolled_for) {
    size_t printed = 0;
    while (printed < view.print_events.size() && view.print_events[printed] < view.position) ++printed;
    bool this_step_printed = view.event && view.event->kind == EventKind::print;
    ImGui::PushFont(view.fonts.mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(printed));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::string& text = view.trace.events[view.print_events[static_cast<size_t>(i)]].text;
            if (this_step_printed && static_cast<size_t>(i) + 1 == printed)
                ImGui::TextColored(palette().value, "> %s", text.c_str());
            else
                ImGui::Text("  %s", text.c_str());
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
