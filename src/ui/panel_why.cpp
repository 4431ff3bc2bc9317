// The Why? panel: the causal chain behind the step, each link a step to go to.
#include "panels.h"

namespace cotrace::ui {

namespace {

// A link of a chain: "step N" and its sentence, which wraps; the whole row goes there when clicked.
void draw_link(const View& view, const analysis::WhyLink& link, Actions& actions, float indent = 0) {
    if (indent > 0) ImGui::Indent(indent);
    ImGui::TextColored(link.step == view.position ? palette().accent : palette().dim, "%s", step_label(view.player, link.step).c_str());
    ImGui::SameLine(indent + ImGui::CalcTextSize("step 00000  ").x);
    ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(link.text.c_str());
    ImGui::PopTextWrapPos();
    if (indent > 0) ImGui::Unindent(indent);
    ImVec2 end(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, ImGui::GetItemRectMax().y);
    ImVec2 left(ImGui::GetWindowPos().x, start.y);
    if (ImGui::IsMouseHoveringRect(left, end) && ImGui::IsWindowHovered()) {
        ImGui::GetWindowDrawList()->AddRect(left, end, ImGui::GetColorU32(palette().accent), 3);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsMouseClicked(0)) actions.jump_to = link.step;
    }
}

}  // namespace

void draw_why_panel(const View& view, const analysis::WhyChain& chain, Actions& actions) {
    ImGui::PushFont(view.fonts.bold);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(chain.question.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::TextDisabled(view.selected ? "Pick another task in Tasks and futures, or Esc for the one in control."
                                      : "Click a task in Tasks and futures to ask about it.");
    ImGui::Separator();
    if (chain.links.empty()) ImGui::TextDisabled("Nothing to explain here.");
    ImGui::BeginChild("links");
    for (size_t i = 0; i < chain.links.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        draw_link(view, chain.links[i], actions);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void draw_warnings_panel(const View& view, const std::vector<analysis::Warning>& warnings, Actions& actions) {
    if (warnings.empty()) {
        ImGui::TextDisabled("No warnings: nothing here that asyncio would warn about.");
        return;
    }
    for (size_t i = 0; i < warnings.size(); ++i) {
        const auto& warning = warnings[i];
        ImGui::PushID(static_cast<int>(i));
        bool here = warning.step == view.position;
        ImGui::TextColored(here ? palette().accent : palette().dim, "%s", step_label(view.player, warning.step).c_str());
        ImGui::SameLine();
        ImGui::PushFont(view.fonts.bold);
        ImGui::TextColored(palette().warn, "%s", std::string(analysis::to_string(warning.kind)).c_str());
        ImGui::PopFont();
        ImVec2 start = ImGui::GetItemRectMin();
        // A race's chain says it step by step (each one to go to) rather than in one long sentence.
        if (warning.links.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(warning.text.c_str());
            ImGui::PopTextWrapPos();
        }
        ImVec2 end(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, ImGui::GetItemRectMax().y);
        ImVec2 left(ImGui::GetWindowPos().x, start.y);
        if (here) ImGui::GetWindowDrawList()->AddRect(left, end, ImGui::GetColorU32(palette().warn), 3);
        if (ImGui::IsMouseHoveringRect(left, end) && ImGui::IsWindowHovered()) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (ImGui::IsMouseClicked(0)) actions.jump_to = warning.step;
        }
        for (size_t k = 0; k < warning.links.size(); ++k) {
            ImGui::PushID(static_cast<int>(k));
            draw_link(view, warning.links[k], actions, ImGui::GetFontSize());
            ImGui::PopID();
        }
        ImGui::Spacing();
        ImGui::PopID();
    }
}

}  // namespace cotrace::ui
