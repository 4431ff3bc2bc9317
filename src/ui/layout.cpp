#include "layout.h"

#include <algorithm>
#include <cmath>

#include "panels.h"

namespace cotrace::ui {

// When room is short, panels give way in a fixed order: the Output before the Source (which keeps its
// least), and on the right the loop, then who holds control, then the tasks (see below).
Layout compute_layout(ImVec2 display, float top, float transport_height, float narration_height, float predict_height,
                      bool predict_beside, float timeline_height, float learning_most, const PanelNeeds& needs,
                      const Settings& s) {
    Layout layout;
    layout.transport = {ImVec2(0, top), ImVec2(display.x, transport_height)};
    layout.narration = {ImVec2(0, top + transport_height), ImVec2(display.x, narration_height)};
    layout.predict = {ImVec2(0, top + transport_height + narration_height), ImVec2(display.x, predict_height)};
    float y = top + transport_height + narration_height + (predict_beside ? 0 : predict_height);
    float height = std::max(display.y - y, 100.0f);
    if (s.show_timeline) {
        // The timeline takes a band across the bottom: all its lanes if the Source keeps its least (and the
        // Output its title) above it, else a third of what is left (its lanes scroll).
        timeline_height = std::min(timeline_height, std::max(height / 3, height - needs.source - needs.title));
        height -= timeline_height;
        layout.timeline = {ImVec2(0, y + height), ImVec2(display.x, timeline_height)};
    }
    if (s.show_why || s.show_warnings) {
        float learning_height = std::floor(height * 0.3f);
        if (learning_most > 0) learning_height = std::min(learning_height, learning_most);
        height -= learning_height;
        layout.learning = {ImVec2(0, y + height), ImVec2(display.x, learning_height)};
    }
    bool left = s.show_source || s.show_output;
    bool right = s.show_control || s.show_loop || s.show_tasks;
    float left_width = !right ? display.x : !left ? 0 : std::floor(display.x * 0.55f);

    // Left: the Source takes about four fifths, never less than its least; the Output the rest.
    float source_height = !s.show_output ? height : !s.show_source ? 0 : std::floor(height * 0.78f);
    // Short of room for the Output's line too, the Output keeps its title alone (which says the last line).
    if (s.show_source && s.show_output) {
        source_height = std::min(std::max(source_height, needs.source),
                                 std::max(height - (height - needs.output >= needs.source ? needs.output : needs.title), 0.0f));
        if (height - source_height < needs.output) source_height = std::max(height - needs.title, 0.0f);  // no half-empty title
    }
    // Frames and variables, where the trace records them, shares the Output's row (three fifths of it), and
    // the row takes more of the column: a frame's variables want several lines.
    bool variables = s.show_variables && needs.variables && (s.show_source || s.show_output);
    if (variables && s.show_source) {
        float row = std::max(std::floor(height * 0.4f), needs.output);
        source_height = std::max(std::min(source_height, height - row), std::min(needs.source, height - needs.title));
    }
    layout.source = {ImVec2(0, y), ImVec2(left_width, source_height)};
    layout.output = {ImVec2(0, y + source_height), ImVec2(left_width, height - source_height)};
    if (variables) {
        float variables_width = !s.show_output ? left_width : std::floor(left_width * 0.6f);
        layout.variables = {ImVec2(0, y + source_height), ImVec2(variables_width, height - source_height)};
        layout.output = {ImVec2(variables_width, y + source_height), ImVec2(left_width - variables_width, height - source_height)};
    }

    // Right: Predict's band first when it is beside the Source (the others keep at least their titles).
    // Then each shown panel gets its least; then the loop up to what it wants; then control and tasks
    // share the rest. Short of even the least, the loop gives way first, then who holds control, then the
    // tasks, each down to its title and a line, then to its title alone, which says its gist.
    float right_width = display.x - left_width;
    if (predict_beside) {
        float titles = needs.title * static_cast<float>(s.show_control + s.show_loop + s.show_tasks);
        float band = std::min(predict_height, std::max(height - titles, height * 0.5f));
        layout.predict = {ImVec2(left_width, y), ImVec2(right_width, band)};
        y += band;
        height -= band;
    }
    float control = s.show_control ? needs.control : 0, loop = s.show_loop ? needs.loop : 0, tasks = s.show_tasks ? needs.tasks : 0;
    float spare = height - control - loop - tasks;
    for (float least : {needs.floor, needs.title})
        for (float* panel : {&loop, &control, &tasks}) {
            if (spare >= 0 || *panel == 0) continue;
            float cut = std::min(-spare, std::max(*panel - least, 0.0f));
            *panel -= cut, spare += cut;
        }
    spare = std::max(spare, 0.0f);
    if (s.show_loop) {
        float more = std::min(spare, std::max(needs.loop_wanted - loop, 0.0f));
        if (!s.show_control && !s.show_tasks) more = spare;
        loop += more, spare -= more;
    }
    if (s.show_control && s.show_tasks) {
        float to_control = std::floor(spare * 0.55f);
        control += to_control, tasks += spare - to_control;
    } else if (s.show_control) {
        control += spare;
    } else if (s.show_tasks) {
        tasks += spare;
    } else {
        loop += spare;
    }
    float right_top = y;
    layout.control = {ImVec2(left_width, right_top), ImVec2(right_width, control)};
    layout.loop = {ImVec2(left_width, right_top + control), ImVec2(right_width, loop)};
    layout.tasks = {ImVec2(left_width, right_top + control + loop), ImVec2(right_width, tasks)};
    return layout;
}

PanelNeeds panel_needs(const View& view) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float line = ImGui::GetTextLineHeightWithSpacing(), frame = ImGui::GetFrameHeight(), padding = style.WindowPadding.y * 2;
    float title = frame;  // a panel's title bar
    PanelNeeds needs;
    // Source: one listing's five lines with its heading and scrollbar (the tabs and notes give way).
    needs.source = title + padding + source_panel_least(view) + style.ItemSpacing.y;
    needs.output = title + padding + line;
    float right_width = ImGui::GetIO().DisplaySize.x * 0.45f - style.WindowPadding.x * 2 - style.ScrollbarSize;
    needs.control = title + padding + control_panel_least(view, right_width);
    // The loop: its time and activity (and a line on the last poll), then the queues' boxes with their
    // headings and one entry each.
    float box = loop_box_least();
    needs.loop = title + padding + line + box;
    needs.loop_wanted = needs.loop + line * 4;
    needs.tasks = title + padding + (line + style.CellPadding.y * 2) * 2;
    needs.floor = title + padding + line;
    needs.variables = view.trace.meta.recorder == "cpython";
    // (ImGui keeps a window at least this tall: WindowMinSize, or its title and rounded corners.)
    needs.title = std::max(style.WindowMinSize.y, title + std::max(0.0f, style.WindowRounding - 1.0f));
    return needs;
}

}  // namespace cotrace::ui
