// Fonts and colours. Fonts come from Debian's font packages (fonts-dejavu-core, fonts-jetbrains-mono);
// when a file is missing, ImGui's built-in font stands in, so the window never aborts on a font.
#pragma once

#include <imgui.h>

namespace cotrace::ui {

struct Fonts {
    ImFont* ui = nullptr;        // menus, tables, labels
    ImFont* mono = nullptr;      // source code
    ImFont* large = nullptr;     // the narration
    ImFont* bold = nullptr;      // headings, the current frame
    float scale = 1;
};

// Clears the atlas and adds every font at `scale` (1: 1280x800; presentation mode: larger).
// The caller rebuilds the backend's font texture afterwards.
Fonts load_fonts(float scale);

struct Palette {
    ImU32 current_line, suspended_line, mapped_line;
    ImVec4 text, dim, keyword, type, string, number, comment, function, preprocessor;
    ImVec4 accent, value, good, bad, warn;
};

// Dark for a screen; light and high-contrast for a projector.
void apply_theme(bool light, float scale);
const Palette& palette();

}  // namespace cotrace::ui
