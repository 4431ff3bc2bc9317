#include "window.h"

#include "trace/atomic_file.h"

#include <chrono>
#include <thread>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <png.h>

#include <cfloat>
#include <optional>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

namespace cotrace::ui {

namespace {

std::string glfw_error;
volatile std::sig_atomic_t stop_requested = 0;  // SIGINT or SIGTERM: close as if the window were closed
std::vector<std::string> dropped_files;
struct Pressed {
    int key;
    bool ctrl, shift;
};
std::vector<Pressed> pressed_keys;  // in the order pressed

bool has_display() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x11 && *x11) || (wayland && *wayland);
}

void reload_fonts(App& app) {
    Fonts fonts = load_fonts(app.font_scale());
    apply_theme(app.settings().presentation, app.font_scale());
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    app.set_fonts(fonts);
}

// A PNG of RGB rows, top to bottom, made by libpng: each row filtered against the one above and zlib's
// fastest level, which the window's flat colours compress about as well as the slowest, many times faster.
std::optional<std::string> png_of(const std::vector<unsigned char>& rgb, int width, int height) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return std::nullopt;
    }
    std::string bytes;
    if (setjmp(png_jmpbuf(png))) {  // libpng's way of saying it failed
        png_destroy_write_struct(&png, &info);
        return std::nullopt;
    }
    png_set_write_fn(png, &bytes, [](png_structp p, png_bytep data, png_size_t size) {
        static_cast<std::string*>(png_get_io_ptr(p))->append(reinterpret_cast<const char*>(data), size);
    }, nullptr);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    size_t row = static_cast<size_t>(width) * 3;
    for (int y = 0; y < height; ++y) png_write_row(png, const_cast<png_bytep>(&rgb[static_cast<size_t>(y) * row]));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return bytes;
}

// glReadPixels after rendering and before the swap; PNG rows go top to bottom, GL's bottom to top.
// The frame just drawn, as a PNG, saved atomically (trace/atomic_file.h).
bool write_screenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    std::vector<unsigned char> flipped(pixels.size());
    size_t row = static_cast<size_t>(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy_n(&pixels[static_cast<size_t>(height - 1 - y) * row], row, &flipped[static_cast<size_t>(y) * row]);
    std::optional<std::string> png = png_of(flipped, width, height);
    if (!png) return false;
    try {
        write_file_atomically(path, *png);
        return true;
    } catch (const std::exception& error) {
        std::cerr << "cotrace: error: " << error.what() << "\n";
        return false;
    }
}

struct Fullscreen {
    bool on = false;
    int x = 0, y = 0, width = 0, height = 0;

    void toggle(GLFWwindow* window) {
        if (!on) {
            glfwGetWindowPos(window, &x, &y);
            glfwGetWindowSize(window, &width, &height);
            GLFWmonitor* monitor = glfwGetPrimaryMonitor();
            if (!monitor) return;
            const GLFWvidmode* mode = glfwGetVideoMode(monitor);
            glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
            glfwSetWindowMonitor(window, nullptr, x, y, width, height, 0);
        }
        on = !on;
    }
};

}  // namespace

std::string no_display_message() {
    return "cotrace: no display to open a window on (check the DISPLAY variable); in a terminal, try "
           "`cotrace outline triple_main`";
}

int run_window(App& app, const WindowOptions& options) {
    if (!has_display()) {
        std::cerr << no_display_message() << "\n";
        return 1;
    }
    glfwSetErrorCallback([](int, const char* description) { glfw_error = description; });
    if (!glfwInit()) {
        std::cerr << no_display_message() << " (" << glfw_error << ")\n";
        return 1;
    }
    bool frames = !options.frames_dir.empty();
    bool screenshot = !options.screenshot_path.empty() || frames;
    size_t frames_written = 0;
    if (options.presentation) app.settings().presentation = true;
    float remembered_scale = app.settings().presentation_scale;
    if (options.text_size >= 0) app.settings().presentation_scale = Settings{}.presentation_scale + 0.2f * static_cast<float>(options.text_size);
    if (options.timeline) app.settings().show_timeline = true;
    if (options.why) app.settings().show_why = true;
    if (options.warnings) app.settings().show_warnings = true;
    if (options.predict) app.predict().set_on(true);
    int width = options.width > 0 ? options.width : app.settings().window_width;
    int height = options.height > 0 ? options.height : app.settings().window_height;

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    if (screenshot) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(width, height, app.window_title().c_str(), nullptr, nullptr);
    if (!window) {
        std::cerr << no_display_message() << " (" << glfw_error << ")\n";
        glfwTerminate();
        return 1;
    }
    if (!screenshot && app.settings().window_x >= 0 && options.width == 0)
        glfwSetWindowPos(window, app.settings().window_x, app.settings().window_y);
    glfwMakeContextCurrent(window);
    // A screenshot or slides draw as fast as they can: no waiting for a display's refresh.
    glfwSwapInterval(screenshot ? 0 : 1);
    glfwSetDropCallback(window, [](GLFWwindow*, int count, const char** paths) {
        for (int i = 0; i < count; ++i) dropped_files.emplace_back(paths[i]);
    });

    // Installed before ImGui's own callbacks, which chain to it.
    glfwSetKeyCallback(window, [](GLFWwindow*, int key, int, int action, int mods) {
        if (action != GLFW_RELEASE) pressed_keys.push_back({key, (mods & GLFW_MOD_CONTROL) != 0, (mods & GLFW_MOD_SHIFT) != 0});
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is computed; what persists is in settings.json
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    reload_fonts(app);
    // --step applies once what was asked for is open (a Python program records first).
    bool step_applied = !options.step;
    int settled_frames = 0;

    std::signal(SIGINT, [](int) { stop_requested = 1; });
    std::signal(SIGTERM, [](int) { stop_requested = 1; });

    Fullscreen fullscreen;
    std::string title = app.window_title();
    std::string reported;
    size_t reported_size = static_cast<size_t>(-1);
    int exit_code = 0;
    for (int frame = 0;; ++frame) {
        if (!app.busy() && !step_applied) {
            app.player().jump(*options.step);
            if (options.predict) app.predict().ask_here(app.trace(), app.player());
            step_applied = true;
        }
        if (app.player().playing() || screenshot || frame < 3) glfwPollEvents();
        else glfwWaitEventsTimeout(0.1);
        if (glfwWindowShouldClose(window) || app.quit_requested() || stop_requested) break;
        if (app.take_fonts_request()) reload_fonts(app);
        if (app.take_fullscreen_request()) fullscreen.toggle(window);
        for (const auto& path : std::exchange(dropped_files, {})) app.request_open(path);

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // A screenshot shows the window as it is, with no tooltip from wherever the pointer happens to be.
        if (screenshot) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        for (auto [key, ctrl, shift] : std::exchange(pressed_keys, {})) app.key_pressed(key, ctrl, shift);
        app.frame();
        ImGui::Render();
        // The first frames lay windows out (auto-fit); the fourth after any work shows them settled.
        settled_frames = app.busy() ? 0 : settled_frames + 1;
        // Slides: the first waits for the layout to settle; each later one needs frames to lay out the new
        // step (scroll to its line) before the one that is drawn. Only that one is drawn: the others are laid
        // out by ImGui but never rasterised, which is most of a frame's time without a GPU.
        bool slide_ready = frames && frame >= 3 && settled_frames >= (frames_written == 0 ? 4 : 3);
        int fb_width, fb_height;
        glfwGetFramebufferSize(window, &fb_width, &fb_height);
        if (!frames || slide_ready) {
            glViewport(0, 0, fb_width, fb_height);
            ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
            glClearColor(clear.x, clear.y, clear.z, 1);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        }

        // Reported again when the position or the trace changes (F5 records a program again).
        // Reported again when the status changes: the position, the trace, or Predict's question.
        if (options.verbose) {
            std::string status = app.status_line();
            if (status != reported || app.trace().size() != reported_size) {
                reported = status;
                reported_size = app.trace().size();
                std::printf("cotrace: %s\n", status.c_str());
                std::fflush(stdout);
            }
        }
        if (screenshot && app.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (slide_ready) {
            // This frame shows the position asked for: write it, and go to the next.
            if (frames_written < options.frame_positions.size() && app.player().position() == options.frame_positions[frames_written]) {
                char name[64];
                std::snprintf(name, sizeof name, "%04zu-step-%zu.png", frames_written + 1, options.frame_positions[frames_written]);
                std::string path = (std::filesystem::path(options.frames_dir) /
                                    (frames_written < options.frame_names.size() ? options.frame_names[frames_written] : std::string(name)))
                                       .string();
                if (!write_screenshot(path, fb_width, fb_height)) {
                    std::cerr << "cotrace: error: " << path << ": cannot write the frame\n";
                    exit_code = 1;
                    break;
                }
                ++frames_written;
                if (options.on_frame) options.on_frame(frames_written, options.frame_positions.size());
            }
            if (frames_written == options.frame_positions.size()) break;
            app.player().jump(options.frame_positions[frames_written]);
            settled_frames = 0;
        } else if (screenshot && !frames && frame >= 3 && settled_frames >= 4) {
            if (app.error()) std::cerr << "cotrace: error: " << *app.error() << "\n";
            if (!write_screenshot(options.screenshot_path, fb_width, fb_height)) {
                std::cerr << "cotrace: error: " << options.screenshot_path << ": cannot write the screenshot\n";
                exit_code = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
        if (app.window_title() != title) {
            title = app.window_title();
            glfwSetWindowTitle(window, title.c_str());
        }
    }

    if (!screenshot) {
        if (!fullscreen.on) {
            glfwGetWindowPos(window, &app.settings().window_x, &app.settings().window_y);
            glfwGetWindowSize(window, &app.settings().window_width, &app.settings().window_height);
        }
        if (options.presentation) app.settings().presentation = false;  // that was for this run only
        if (options.text_size >= 0) app.settings().presentation_scale = remembered_scale;
        app.save_settings_now();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace cotrace::ui
