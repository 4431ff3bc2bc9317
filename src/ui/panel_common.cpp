#include "panels.h"

namespace cotrace::ui {

bool begin_panel(const char* title, ImVec2 position, ImVec2 size, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(position);
    ImGui::SetNextWindowSize(size);
    return ImGui::Begin(title, nullptr,
                        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | extra);
}

void heading(const View& view, const char* text) {
    ImGui::PushFont(view.fonts.bold);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

}  // namespace cotrace::ui
