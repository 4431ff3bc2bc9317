#include <algorithm>

#include "panels.h"

namespace cotrace::ui {

bool begin_panel(const char* title, ImVec2 position, ImVec2 size, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(position);
    ImGui::SetNextWindowSize(size);
    return ImGui::Begin(title, nullptr,
                        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | extra);
}

bool wrapped_selectable(const char* id, const std::string& prefix, const std::string& text, ImVec4 color, bool selected,
                        bool disabled) {
    ImGui::PushID(id);
    ImVec2 start = ImGui::GetCursorScreenPos();
    float indent = prefix.empty() ? 0 : ImGui::CalcTextSize(prefix.c_str()).x;
    float width = std::max(ImGui::GetContentRegionAvail().x - indent, 1.0f);
    float height = ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
    bool clicked = ImGui::Selectable("##row", selected, disabled ? ImGuiSelectableFlags_Disabled : 0, ImVec2(0, height));
    ImVec2 after = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(start);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    if (!prefix.empty()) {
        ImGui::TextUnformatted(prefix.c_str());
        ImGui::SameLine(0, 0);
    }
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(after);
    ImGui::PopID();
    return clicked && !disabled;
}

void heading(const View& view, const char* text) {
    ImGui::PushFont(view.fonts.bold);
    ImGui::PushTextWrapPos(0);  // a narrow box wraps its heading rather than cut it
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

std::string step_label(const Player* player, size_t position) {
    return "step " + std::to_string(player ? player->step_number_at(position) : position);
}

}  // namespace cotrace::ui
