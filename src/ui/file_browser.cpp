#include "file_browser.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>

namespace cotrace::ui {

namespace fs = std::filesystem;

void FileBrowser::open(Mode mode, std::string directory, std::string suggested_name) {
    std::error_code error;
    if (directory.empty() || !fs::is_directory(directory, error)) directory = fs::current_path(error).string();
    mode_ = mode;
    file_name_ = std::move(suggested_name);
    open_ = popup_pending_ = true;
    list(directory);
}

void FileBrowser::list(const std::string& directory) {
    std::error_code error;
    fs::path path = fs::absolute(directory, error).lexically_normal();
    std::vector<Entry> entries;
    problem_.clear();
    for (fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, error), end;
         !error && it != end; it.increment(error)) {
        std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code kind_error;
        bool is_directory = it->is_directory(kind_error);
        std::string extension = it->path().extension().string();
        bool trace = extension == ".json" || extension == ".cbor" || extension == ".msgpack" || extension == ".mpk" ||
                     extension == ".py";
        if (is_directory || trace) entries.push_back({name, is_directory});
    }
    if (error) {
        problem_ = "Cannot list " + path.string() + ": " + error.message();
        return;  // stay where we were
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.is_directory != b.is_directory ? a.is_directory : a.name < b.name;
    });
    directory_ = path.string();
    entries_ = std::move(entries);
    selected_ = -1;
}

std::vector<std::string> FileBrowser::entry_names() const {
    std::vector<std::string> names;
    for (const auto& entry : entries_) names.push_back(entry.name + (entry.is_directory ? "/" : ""));
    return names;
}

std::optional<std::string> FileBrowser::draw() {
    if (!open_) return std::nullopt;
    const char* title = mode_ == Mode::open ? "Open trace" : "Save trace as";
    if (popup_pending_) {
        ImGui::OpenPopup(title);
        popup_pending_ = false;
    }
    ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(display.x * 0.6f, display.y * 0.7f), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    std::optional<std::string> chosen;
    if (!ImGui::BeginPopupModal(title, &open_)) return std::nullopt;

    if (ImGui::Button("Up")) list(fs::path(directory_).parent_path().string());
    ImGui::SameLine();
    ImGui::TextUnformatted(directory_.c_str());
    if (!problem_.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "%s", problem_.c_str());

    float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    std::optional<std::string> enter;
    for (int i = 0; i < static_cast<int>(entries_.size()); ++i) {
        const Entry& entry = entries_[i];
        std::string label = (entry.is_directory ? "[dir]  " : "       ") + entry.name;
        if (ImGui::Selectable(label.c_str(), selected_ == i, ImGuiSelectableFlags_AllowDoubleClick)) {
            selected_ = i;
            if (!entry.is_directory) file_name_ = entry.name;
            if (ImGui::IsMouseDoubleClicked(0)) {
                if (entry.is_directory) enter = entry.name;
                else chosen = (fs::path(directory_) / entry.name).string();
            }
        }
    }
    if (entries_.empty()) ImGui::TextDisabled("No folders, traces (.json, .cbor, .msgpack) or Python programs (.py) here.");
    ImGui::EndChild();
    if (enter) list((fs::path(directory_) / *enter).string());

    std::array<char, 512> name{};
    std::strncpy(name.data(), file_name_.c_str(), name.size() - 1);
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Cancel").x * 3);
    if (ImGui::InputText("File name", name.data(), name.size())) file_name_ = name.data();
    bool confirm = ImGui::Button(mode_ == Mode::open ? "Open" : "Save");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open_ = false;
    if (confirm && !file_name_.empty()) {
        fs::path path = fs::path(file_name_).is_absolute() ? fs::path(file_name_) : fs::path(directory_) / file_name_;
        if (mode_ == Mode::save && path.extension() != ".json") path += ".json";
        chosen = path.string();
    }
    if (chosen) {
        open_ = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return chosen;
}

}  // namespace cotrace::ui
