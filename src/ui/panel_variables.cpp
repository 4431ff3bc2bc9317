// The Frames and variables panel: what the program's data is at this step, laid out as Python Tutor lays
// it out (analysis/variables.h decides what shows). A value that changed at this step is marked with its
// old value; an object that two variables hold is tagged with its number, so a shared list visibly is one.
#include <filesystem>

#include "panels.h"

#include "analysis/describe.h"
#include "analysis/variables.h"

namespace cotrace::ui {

namespace {

void draw_variable(const View& view, const Variable& variable, bool shared, Actions& actions) {
    ImGui::PushFont(view.fonts.mono);
    ImGui::TextUnformatted(("  " + std::string(variable.name) + " =").c_str());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    bool picked = variable.object && variable.object == view.selected;
    ImGui::TextColored(variable.changed || picked ? palette().value : palette().text, "%s", std::string(variable.text).c_str());
    ImGui::PopTextWrapPos();
    // A task or future in a variable is that object of the trace's: a click selects it in Tasks and futures.
    if (variable.object && view.trace.has_object(variable.object) && ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s: click to %s it in Tasks and futures (and ask Why? about it)",
                          analysis::task_label(view.trace, variable.object).c_str(), picked ? "unselect" : "select");
        if (ImGui::IsMouseClicked(0)) actions.pick = variable.object;
    }
    if (shared) {
        ImGui::SameLine();
        ImGui::TextColored(palette().warn, "#%u", variable.shared);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Object #%u: more than one variable here holds this very object; a change made through one shows in all.",
                              variable.shared);
    }
    if (variable.changed) {
        ImGui::SameLine();
        std::string was = variable.was_bound ? "(was " + std::string(variable.before) + ")" : "(new)";
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().dim, "%s", was.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PopFont();
}

}  // namespace

std::string variables_not_recorded(const Trace& trace) {
    if (trace.python.path.empty())
        return "A C++ program's variables are not recorded. Open a Python version of it (File > Open) to see every variable at "
               "every step.";
    std::string twin = std::filesystem::path(trace.python.path).filename().string();
    return "A C++ program's variables are not recorded. File > Walkthroughs > " + twin +
           " records its Python twin on CPython, with every variable at every step.";
}

std::string variables_title_line(const View& view) {
    auto shown = analysis::variables_at(view.trace, view.state, view.position);
    std::string gist;
    for (const auto& frame : shown.frames)
        for (const auto& variable : frame.variables)
            if (variable.changed) gist += (gist.empty() ? "" : ", ") + std::string(variable.name) + " = " + std::string(variable.text);
    return "Frames and variables" + (gist.empty() ? std::string() : "     changed: " + gist);
}

void draw_variables_panel(const View& view, Actions& actions) {
    auto shown = analysis::variables_at(view.trace, view.state, view.position);
    if (!shown.recorded) {
        ImGui::TextWrapped("%s", variables_not_recorded(view.trace).c_str());
        return;
    }
    if (shown.frames.empty()) ImGui::TextDisabled("No variables yet.");
    for (const auto& frame : shown.frames) {
        using Kind = analysis::FrameVariables::Kind;
        ImVec4 color = frame.kind == Kind::running ? palette().accent : frame.kind == Kind::waiting ? palette().dim : palette().text;
        std::string title = frame.title + (frame.kind == Kind::waiting ? "  (waits)" : frame.kind == Kind::running ? "  (runs)" : "");
        ImGui::PushFont(view.fonts.bold);
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(color, "%s", title.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        if (frame.variables.empty()) ImGui::TextDisabled("  (no variables yet)");
        for (const auto& variable : frame.variables) draw_variable(view, variable, shown.is_shared(variable.shared), actions);
    }
    if (shown.more) ImGui::TextDisabled("and %zu more frames (a deep chain: the innermost and the latest are shown)", shown.more);
}

}  // namespace cotrace::ui
