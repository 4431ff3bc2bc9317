// Where each panel of the window goes: computed every frame from the window's size and what each panel
// needs at the current text size (ImGui 1.86 has no docking). When room is short, panels give way in a
// fixed order (docs/architecture.md, "The front-end"); App::frame decides the bands across the top.
#pragma once

#include <imgui.h>

#include "settings.h"
#include "view.h"

namespace cotrace::ui {

struct Rect {
    ImVec2 position, size;
};

// The panels tile the window: transport and narration across the top, the source (over the output)
// on the left, control, the loop and the tasks on the right. Hidden panels give their room away.
struct Layout {
    Rect transport, narration, predict, source, output, variables, control, loop, tasks, learning, timeline;
};

// The least each panel needs to show what it must, and what it would like.
struct PanelNeeds {
    float source = 0, output = 0;           // the least: the kept line and two around it; the title and a line
    float control = 0, loop = 0, tasks = 0;  // the least: the stack; the queues' headings; the table's first row
    float loop_wanted = 0;                  // the loop with room for a few entries
    float floor = 0;                        // a panel's title and one line: the least of the least
    bool variables = false;                 // the trace records variables: Frames and variables has a place
    float title = 0;                        // a panel's title bar
};

// What each panel needs at the current text size.
PanelNeeds panel_needs(const View& view);

// predict_height 0: Predict is off. The Why? and Warnings panels (learning) take a band across the bottom,
// above the timeline, when either is on; the columns above keep their shape.
// learning_most: the most the learning band needs (0: no limit); an empty Warnings panel needs one line.
// predict_beside: Predict's band goes at the top of the right-hand column, not across the window.
Layout compute_layout(ImVec2 display, float top, float transport_height, float narration_height, float predict_height,
                      bool predict_beside, float timeline_height, float learning_most, const PanelNeeds& needs,
                      const Settings& s);

}  // namespace cotrace::ui
