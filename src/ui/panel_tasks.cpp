#include "analysis/describe.h"
#include "panels.h"

#include <algorithm>

namespace cotrace::ui {

namespace {

ImVec4 state_color(Status status) {
    switch (status) {
        case Status::running: return palette().accent;
        case Status::done: return palette().good;
        case Status::failed: case Status::cancelled: return palette().bad;
        default: return palette().text;
    }
}

}  // namespace

bool hides_done_callbacks(const analysis::Question* asking) {
    // "Which task does this wake?": the done callbacks would say; the awaits column is what to reason from.
    return asking && asking->kind == analysis::Question::Kind::wakes;
}

std::string tasks_title_line(const View& view) {
    const auto& futures = view.facts.futures;
    auto made = std::partition_point(futures.begin(), futures.end(), [&](const auto& f) { return f.first < view.position; }) -
                futures.begin();
    return "Tasks and futures: " + std::to_string(made) + " made so far";
}

void draw_tasks_panel(const View& view, Actions& actions) {
    // The futures made so far are a prefix of the list; only the rows in sight are drawn.
    const auto& futures = view.facts.futures;
    auto made = static_cast<int>(
        std::partition_point(futures.begin(), futures.end(), [&](const auto& f) { return f.first < view.position; }) -
        futures.begin());
    if (made == 0) {
        ImGui::TextDisabled("No task or future exists yet.");
        return;
    }
    // The name ("Task-2 bump('A')") and the state keep the width of what they show; the other columns share
    // what is left, so in a narrow panel (presentation mode, large text) the done callbacks give way first.
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("tasks", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("awaits", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("result", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("done callbacks", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(made);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            TraceObject object = view.trace.object(futures[static_cast<size_t>(row)].second);
            const ObjectState& state = view.state.objects[object.id];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // A click picks the task or future that Why? explains and that S and U step by.
            std::string name = object.kind == ObjectKind::task ? analysis::task_label(view.trace, object.id) : std::string(object.name);
            if (ImGui::Selectable((name + "##" + std::to_string(object.id)).c_str(), view.selected == object.id,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                actions.pick = object.id;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name.c_str());
            if (object.kind != ObjectKind::task) {
                ImGui::SameLine();
                ImGui::TextDisabled(object.kind == ObjectKind::gathering ? "(gather)" : "(future)");
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(state_color(state.status), "%s", analysis::status_text(state).c_str());
            ImGui::TableNextColumn();
            if (state.waiting_on) ImGui::TextUnformatted(view.trace.name(state.waiting_on).c_str());
            ImGui::TableNextColumn();
            if (state.status == Status::done || state.status == Status::failed)
                ImGui::TextColored(state.status == Status::failed ? palette().bad : palette().value, "%s",
                                   std::string(view.trace.text(state.result)).c_str());
            ImGui::TableNextColumn();
            if (hides_done_callbacks(view.asking)) {
                ImGui::TextDisabled("(after your answer)");
                continue;
            }
            std::string callbacks;
            for (const auto& callback : view.trace.callbacks(view.state, object.id)) {
                if (!callbacks.empty()) callbacks += ", ";
                callbacks += callback;
            }
            ImGui::TextUnformatted(callbacks.c_str());
            if (ImGui::IsItemHovered() && !callbacks.empty()) ImGui::SetTooltip("%s", callbacks.c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace cotrace::ui
