#include "theme.h"

#include <filesystem>

namespace cotrace::ui {

namespace {

Palette current_palette;

constexpr const char* sans_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* sans_bold_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* mono_paths[] = {
    "/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};

// Latin, punctuation, arrows, box and geometric shapes, dingbats: what the labels use.
const ImWchar* glyph_ranges() {
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF,
                                     0x2500, 0x25FF, 0x2700, 0x27BF, 0};
    return ranges;
}

ImFont* add_font(const char* path, float size) {
    ImGuiIO& io = ImGui::GetIO();
    std::error_code error;
    // AddFontFromFileTTF aborts on a missing file in ImGui 1.86: check first.
    if (path && std::filesystem::exists(path, error)) {
        ImFontConfig config;
        config.OversampleH = 2;
        config.OversampleV = 1;
        if (ImFont* font = io.Fonts->AddFontFromFileTTF(path, size, &config, glyph_ranges())) return font;
    }
    ImFontConfig fallback;
    fallback.SizePixels = size;
    return io.Fonts->AddFontDefault(&fallback);
}

const char* first_existing(const char* const* paths, size_t count) {
    std::error_code error;
    for (size_t i = 0; i < count; ++i)
        if (std::filesystem::exists(paths[i], error)) return paths[i];
    return nullptr;
}

}  // namespace

Fonts load_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    fonts.scale = scale;
    float base = 18.0f * scale;
    fonts.ui = add_font(sans_path, base);
    fonts.mono = add_font(first_existing(mono_paths, std::size(mono_paths)), base);
    fonts.large = add_font(sans_path, 25.0f * scale);
    fonts.bold = add_font(sans_bold_path, base);
    io.FontDefault = fonts.ui;
    return fonts;
}

void apply_theme(bool light, float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (light) ImGui::StyleColorsLight(&style);
    else ImGui::StyleColorsDark(&style);
    style.WindowRounding = 4;
    style.FrameRounding = 3;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 16;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.ScaleAllSizes(scale);

    Palette& p = current_palette;
    if (light) {
        // High contrast for a projector: black text on white, strong saturated highlights.
        ImVec4* c = style.Colors;
        c[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
        c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_Border] = ImVec4(0.25f, 0.25f, 0.25f, 1);
        c[ImGuiCol_TitleBg] = ImVec4(0.82f, 0.86f, 0.95f, 1);
        c[ImGuiCol_TitleBgActive] = ImVec4(0.70f, 0.78f, 0.95f, 1);
        c[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.90f, 0.90f, 1);
        c[ImGuiCol_Header] = ImVec4(0.70f, 0.80f, 1.00f, 1);
        c[ImGuiCol_TableHeaderBg] = ImVec4(0.85f, 0.88f, 0.95f, 1);
        c[ImGuiCol_FrameBg] = ImVec4(0.86f, 0.87f, 0.90f, 1);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.78f, 0.82f, 0.92f, 1);
        c[ImGuiCol_SliderGrab] = ImVec4(0.10f, 0.30f, 0.80f, 1);
        c[ImGuiCol_Button] = ImVec4(0.72f, 0.80f, 0.96f, 1);
        c[ImGuiCol_Tab] = ImVec4(0.80f, 0.83f, 0.90f, 1);
        c[ImGuiCol_TabActive] = ImVec4(0.55f, 0.68f, 0.95f, 1);
        style.FrameBorderSize = 1;
        p = {IM_COL32(255, 214, 0, 255), IM_COL32(200, 225, 255, 255), IM_COL32(255, 235, 130, 255),
             ImVec4(0, 0, 0, 1), ImVec4(0.30f, 0.30f, 0.30f, 1), ImVec4(0.00f, 0.15f, 0.75f, 1),
             ImVec4(0.45f, 0.00f, 0.60f, 1), ImVec4(0.60f, 0.10f, 0.00f, 1), ImVec4(0.00f, 0.40f, 0.35f, 1),
             ImVec4(0.30f, 0.40f, 0.30f, 1), ImVec4(0.45f, 0.25f, 0.00f, 1), ImVec4(0.40f, 0.30f, 0.30f, 1),
             ImVec4(0.00f, 0.25f, 0.85f, 1), ImVec4(0.72f, 0.30f, 0.00f, 1), ImVec4(0.00f, 0.45f, 0.10f, 1),
             ImVec4(0.75f, 0.00f, 0.00f, 1), ImVec4(0.60f, 0.35f, 0.00f, 1)};
    } else {
        ImVec4* c = style.Colors;
        c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1);
        c[ImGuiCol_ChildBg] = ImVec4(0.09f, 0.10f, 0.12f, 1);
        c[ImGuiCol_TitleBg] = ImVec4(0.16f, 0.18f, 0.22f, 1);
        c[ImGuiCol_TitleBgActive] = ImVec4(0.20f, 0.26f, 0.36f, 1);
        p = {IM_COL32(120, 90, 10, 255), IM_COL32(40, 60, 95, 255), IM_COL32(95, 80, 20, 255),
             ImVec4(0.90f, 0.90f, 0.90f, 1), ImVec4(0.55f, 0.57f, 0.60f, 1), ImVec4(0.45f, 0.65f, 1.00f, 1),
             ImVec4(0.75f, 0.55f, 1.00f, 1), ImVec4(0.95f, 0.65f, 0.45f, 1), ImVec4(0.60f, 0.90f, 0.75f, 1),
             ImVec4(0.50f, 0.60f, 0.50f, 1), ImVec4(1.00f, 0.85f, 0.50f, 1), ImVec4(0.75f, 0.60f, 0.60f, 1),
             ImVec4(0.45f, 0.75f, 1.00f, 1), ImVec4(1.00f, 0.80f, 0.30f, 1), ImVec4(0.45f, 0.90f, 0.50f, 1),
             ImVec4(1.00f, 0.45f, 0.45f, 1), ImVec4(1.00f, 0.75f, 0.30f, 1)};
    }
}

const Palette& palette() { return current_palette; }

}  // namespace cotrace::ui
