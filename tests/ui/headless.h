// A headless ImGui context for tests: fonts built, no backend, frames rendered to draw lists only.
#pragma once

#include <imgui.h>

#include "ui/app.h"
#include "walkthroughs/registry.h"

namespace testing_support {

// Every walkthrough, as the window's File > Walkthroughs offers them (recorded live when chosen).
inline std::vector<cotrace::ui::WalkthroughChoice> walkthrough_choices() {
    std::vector<cotrace::ui::WalkthroughChoice> all;
    for (const auto& walkthrough : cotrace::walkthroughs()) {
        const cotrace::Walkthrough* w = &walkthrough;
        all.push_back({w->id, w->title, [w] { return cotrace::record(*w); }});
    }
    return all;
}

class HeadlessImGui {
public:
    explicit HeadlessImGui(float width = 1280, float height = 800) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60;
        // As the OpenGL 3 renderer says of itself (GL 3.2 and later): a draw list may pass 65,536 vertices.
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    void load_fonts(cotrace::ui::App& app) {
        cotrace::ui::Fonts fonts = cotrace::ui::load_fonts(app.font_scale());
        cotrace::ui::apply_theme(app.settings().presentation, app.font_scale());
        unsigned char* pixels;
        int w, h;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        app.set_fonts(fonts);
    }

    // One frame of the app; returns how many vertices it drew.
    int frame(cotrace::ui::App& app, double seconds = 1.0 / 60) {
        ImGui::GetIO().DeltaTime = static_cast<float>(seconds);
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }

    // A click of the left button at `at`: pressed in one frame, released in the next (a Button acts then).
    void click(cotrace::ui::App& app, ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = true;
        frame(app);
        io.MouseDown[0] = false;
        frame(app);
        io.MousePos = ImVec2(-1, -1);
    }

    // A key press, delivered the way the window delivers it: before the frame.
    void press(cotrace::ui::App& app, int key, bool ctrl = false, bool shift = false) {
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        app.key_pressed(key, ctrl, shift);
        app.frame();
        ImGui::Render();
    }
};

}  // namespace testing_support
