// App's input and chrome: the keys, the menu bar, the dialogs and the transport bar (app.cpp has the index).
#include "app.h"

#include <optional>

#include <GLFW/glfw3.h>

#include "trace/atomic_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "trace/trace_json.h"

namespace cotrace::ui {

void App::key_pressed(int key, bool ctrl, bool shift) {
    if (error_) {
        if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER || key == GLFW_KEY_ESCAPE) error_.reset();
        return;
    }
    if (task_) {
        if (key == GLFW_KEY_ESCAPE) cancel_work();
        return;
    }
    if (classroom_.dialog_open()) {
        if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER || key == GLFW_KEY_ESCAPE) classroom_.dialog_key(key != GLFW_KEY_ESCAPE);
        return;  // nothing steps behind the dialog
    }
    if (ImGui::GetIO().WantTextInput || browser_.is_open()) return;
    bool plus = key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD;
    bool minus = key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT;
    if (ctrl) {
        if (plus || minus) {
            settings_.presentation_scale = std::clamp(settings_.presentation_scale + (plus ? 0.2f : -0.2f), 1.0f, 3.0f);
            if (settings_.presentation) fonts_requested_ = true;
            save_settings_now();
        }
        if (key == GLFW_KEY_O) browser_.open(FileBrowser::Mode::open, settings_.browse_directory);
        if (key == GLFW_KEY_S) browser_.open(FileBrowser::Mode::save, settings_.browse_directory, "trace.json");
        if (key == GLFW_KEY_Q) quit_requested_ = true;
        return;
    }
    if (key >= GLFW_KEY_1 && key <= GLFW_KEY_4 && predict_.asking()) {
        predict_.answer(static_cast<size_t>(key - GLFW_KEY_1), player_);
        return;
    }
    switch (key) {
        case GLFW_KEY_RIGHT: next(); break;
        case GLFW_KEY_P: predict_.set_on(!predict_.on()); player_.pause(); break;
        case GLFW_KEY_V: classroom_.running() ? class_reveal() : predict_.reveal(player_); break;
        case GLFW_KEY_K: classroom_.running() ? class_skip() : predict_.skip(player_); break;
        case GLFW_KEY_W:
            settings_.show_why = !settings_.show_why;
            save_settings_now();
            break;
        case GLFW_KEY_S: go(analysis::Meaning::task_step, !shift); break;
        case GLFW_KEY_C: go(analysis::Meaning::control_transfer, !shift); break;
        case GLFW_KEY_R: go(analysis::Meaning::loop_round, !shift); break;
        case GLFW_KEY_O: go(analysis::Meaning::print, !shift); break;
        case GLFW_KEY_U: run_until_done(); break;
        case GLFW_KEY_ESCAPE: selected_ = 0; break;
        case GLFW_KEY_LEFT: player_.previous(); break;
        case GLFW_KEY_HOME: player_.first(); break;
        case GLFW_KEY_END: player_.last(); break;
        case GLFW_KEY_SPACE: player_.toggle_play(); break;
        case GLFW_KEY_F11: fullscreen_requested_ = true; break;
        case GLFW_KEY_F1: show_keys_ = true; break;
        case GLFW_KEY_F5: run_again(); break;
        case GLFW_KEY_T:
            settings_.show_timeline = !settings_.show_timeline;
            save_settings_now();
            break;
        case GLFW_KEY_LEFT_BRACKET: timeline_.zoom(1.5); break;
        case GLFW_KEY_RIGHT_BRACKET: timeline_.zoom(1 / 1.5); break;
        case GLFW_KEY_COMMA: timeline_.pan(-0.25); break;
        case GLFW_KEY_PERIOD: timeline_.pan(0.25); break;
        default:
            if (plus) player_.faster();
            if (minus) player_.slower();
    }
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    menu_height_ = ImGui::GetWindowSize().y;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O")) browser_.open(FileBrowser::Mode::open, settings_.browse_directory);
        if (ImGui::BeginMenu("Walkthroughs")) {
            ImGui::TextDisabled("On the C++ event loop, built like asyncio");
            for (const auto& walkthrough : walkthroughs_)
                if (ImGui::MenuItem((walkthrough.id + "   " + walkthrough.title).c_str(), nullptr, walkthrough.id == origin_))
                    open_walkthrough(walkthrough.id);
            // The same programs in Python, on CPython's asyncio: with their variables, lines and races.
            ImGui::Separator();
            ImGui::TextDisabled("Their Python twins, on CPython, with variables");
            for (const auto& walkthrough : walkthroughs_) {
                if (!walkthrough.python_twin) continue;
                if (ImGui::MenuItem((walkthrough.id + ".py").c_str(), nullptr, false, !task_)) open_python_twin(walkthrough);
            }
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Open recent", !settings_.recent_files.empty())) {
            for (const auto& path : std::vector<std::string>(settings_.recent_files))
                if (ImGui::MenuItem(path.c_str())) request_open(path);
            ImGui::EndMenu();
        }
        bool program = origin_.ends_with(".py");
        if (ImGui::MenuItem("Run again", "F5", false, program && !task_)) run_again();
        if (ImGui::MenuItem("Run again on save", nullptr, &settings_.run_again_on_save, program)) save_settings_now();
        if (ImGui::BeginMenu("Export", exporter_ && !task_)) {
            // What each makes, and the name offered for it.
            static const char* formats[][3] = {
                {"Web handout (.html): one file, any browser, offline", "html", ".html"},
                {"Slides: a PNG per transfer of control (a folder)", "png", "-slides"},
                {"Animated GIF of the transfers of control", "gif", ".gif"},
                {"MP4 video of the transfers of control", "mp4", ".mp4"},
                {"Markdown handout (.md)", "markdown", ".md"},
                {"Perfetto / chrome://tracing (.json)", "perfetto", ".perfetto.json"}};
            for (const auto& format : formats)
                if (ImGui::MenuItem(format[0])) {
                    export_format_ = format[1];
                    std::string name = trace_->meta.walkthrough.empty() ? std::filesystem::path(origin_).stem().string()
                                                                        : trace_->meta.walkthrough;
                    browser_.open(FileBrowser::Mode::save, settings_.browse_directory, (name.empty() ? "trace" : name) + format[2]);
                }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Save class results...", nullptr, false, classroom_.has_results())) {
            export_format_ = "class results";
            browser_.open(FileBrowser::Mode::save, settings_.browse_directory, "class-results.csv");
        }
        if (ImGui::MenuItem("Save trace as...", "Ctrl+S"))
            browser_.open(FileBrowser::Mode::save, settings_.browse_directory,
                          (trace_->meta.walkthrough.empty() ? "trace" : trace_->meta.walkthrough) + ".json");
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_requested_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        bool changed = false;
        changed |= ImGui::MenuItem("Source", nullptr, &settings_.show_source);
        changed |= ImGui::MenuItem("C++ listing", nullptr, &settings_.show_cpp);
        changed |= ImGui::MenuItem("Python listing", nullptr, &settings_.show_python);
        changed |= ImGui::MenuItem("Who holds control", nullptr, &settings_.show_control);
        changed |= ImGui::MenuItem("Event loop", nullptr, &settings_.show_loop);
        changed |= ImGui::MenuItem("Tasks and futures", nullptr, &settings_.show_tasks);
        changed |= ImGui::MenuItem("Output", nullptr, &settings_.show_output);
        // A C++ program's variables are not recorded: the item says so, and where to see them.
        bool recorded = trace_ && trace_->meta.recorder == "cpython";
        changed |= ImGui::MenuItem(recorded ? "Frames and variables" : "Frames and variables (Python programs only)", nullptr,
                                   &settings_.show_variables, recorded);
        if (!recorded && trace_ && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", variables_not_recorded(*trace_).c_str());
        changed |= ImGui::MenuItem("Timeline", "T", &settings_.show_timeline);
        changed |= ImGui::MenuItem("asyncio's own code (Task.step, Future.__await__)", nullptr, &settings_.show_asyncio);
        // A live session: every student's browser follows these steps and answers each question.
        if (ImGui::MenuItem(classroom_.running() ? "End the classroom session" : "Classroom...", nullptr, classroom_.running())) {
            if (classroom_.running()) classroom_.end();
            else classroom_.open_dialog();
        }
        ImGui::Separator();
        bool predict = predict_.on();
        if (ImGui::MenuItem("Predict", "P", &predict)) predict_.set_on(predict), player_.pause();
        changed |= ImGui::MenuItem("Why?", "W", &settings_.show_why);
        changed |= ImGui::MenuItem("Warnings", nullptr, &settings_.show_warnings);
        ImGui::Separator();
        bool presentation = settings_.presentation;
        if (ImGui::MenuItem("Presentation mode", nullptr, &presentation)) set_presentation(presentation);
        if (ImGui::MenuItem("Bigger text", "Ctrl +", false, settings_.presentation)) {
            settings_.presentation_scale = std::min(settings_.presentation_scale + 0.2f, 3.0f);
            fonts_requested_ = changed = true;
        }
        if (ImGui::MenuItem("Smaller text", "Ctrl -", false, settings_.presentation)) {
            settings_.presentation_scale = std::max(settings_.presentation_scale - 0.2f, 1.0f);
            fonts_requested_ = changed = true;
        }
        if (ImGui::MenuItem("Fullscreen", "F11")) fullscreen_requested_ = true;
        if (changed) save_settings_now();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Go")) {
        std::string task = selected_ && trace_->kind(selected_) == ObjectKind::task ? trace_->name(selected_) : "the task in control";
        if (ImGui::MenuItem(("Next step of " + task).c_str(), "S")) go(analysis::Meaning::task_step, true);
        if (ImGui::MenuItem(("Previous step of " + task).c_str(), "Shift+S")) go(analysis::Meaning::task_step, false);
        ImGui::Separator();
        if (ImGui::MenuItem("Next transfer of control", "C")) go(analysis::Meaning::control_transfer, true);
        if (ImGui::MenuItem("Previous transfer of control", "Shift+C")) go(analysis::Meaning::control_transfer, false);
        if (ImGui::MenuItem("Next loop round", "R")) go(analysis::Meaning::loop_round, true);
        if (ImGui::MenuItem("Previous loop round", "Shift+R")) go(analysis::Meaning::loop_round, false);
        if (ImGui::MenuItem("Next print", "O")) go(analysis::Meaning::print, true);
        if (ImGui::MenuItem("Previous print", "Shift+O")) go(analysis::Meaning::print, false);
        ImGui::Separator();
        std::string future = selected_ ? trace_->name(selected_) : "the task in control";
        if (ImGui::MenuItem(("Run until " + future + " is done").c_str(), "U")) run_until_done();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keys", "F1")) show_keys_ = true;
        if (ImGui::MenuItem("About cotrace")) show_about_ = true;
        ImGui::EndMenu();
    }
    // What is open, at the right of the menu bar: a walkthrough's id, or a trace file's name.
    std::string where = std::filesystem::path(origin_).filename().string();
    float width = ImGui::CalcTextSize(where.c_str()).x;
    ImGui::SameLine(ImGui::GetWindowWidth() - width - ImGui::GetStyle().WindowPadding.x * 2);
    ImGui::TextDisabled("%s", where.c_str());
    ImGui::EndMainMenuBar();
}

bool App::save_class_results(const std::string& path) {
    try {
        write_file_atomically(path, classroom_.results_csv());
        return true;
    } catch (const FileError& error) {
        show_error("Could not save the class's results", error.what());
        return false;
    }
}

void App::draw_dialogs() {
    if (auto started = classroom_.draw_dialog()) start_classroom(started->bind, started->port);
    if (auto chosen = browser_.draw()) {
        settings_.browse_directory = browser_.directory();
        if (browser_.mode() == FileBrowser::Mode::save && export_format_ == "class results") save_class_results(*chosen);
        else if (browser_.mode() == FileBrowser::Mode::save && !export_format_.empty()) request_export(export_format_, *chosen);
        else if (browser_.mode() == FileBrowser::Mode::save) save_as(*chosen);
        else request_open(*chosen);
        export_format_.clear();
    }
    if (error_) {
        ImGui::OpenPopup(error_title_.c_str());
        ImVec2 display = ImGui::GetIO().DisplaySize;
        ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(display.x * 0.55f, 0), ImGuiCond_Appearing);
        if (ImGui::BeginPopupModal(error_title_.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette().bad);
            ImGui::TextWrapped("%s", error_->c_str());
            ImGui::PopStyleColor();
            ImGui::Spacing();
            if (ImGui::Button("OK")) error_.reset();
            if (!error_) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }
    if (show_keys_) {
        ImGui::SetNextWindowSize(ImVec2(0, 0));
        if (ImGui::Begin("Keys", &show_keys_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
            static const char* keys[][2] = {
                {"Right / Left", "next / previous step"},  {"Home / End", "first / last step"},
                {"Space", "play / pause"},                   {"+ / -", "play faster / slower"},
                {"Ctrl + / Ctrl -", "bigger / smaller text (presentation mode)"},
                {"F11", "fullscreen"},                       {"T", "show / hide the timeline"},
                {"P", "Predict: answer before each decision is revealed"},
                {"1 2 3 4", "answer Predict's question"},
                {"W", "Why? the causal chain behind the step"},
                {"S / Shift+S", "next / previous step of the selected task"},
                {"C / Shift+C", "next / previous transfer of control"},
                {"R / Shift+R", "next / previous loop round"},
                {"O / Shift+O", "next / previous print"},
                {"U", "run until the selected task or future is done"},
                {"Esc", "forget the selected task (Why? and S follow control)"},
                {"[ / ]", "zoom the timeline in / out"},   {", / .", "pan the timeline"},
                {"Ctrl+O", "open a trace or a Python program"},
                {"F5", "record the Python program again, at the same step"},
                {"Esc", "stop a recording (its trace so far opens), or cancel a load"},
                {"V / K", "Predict: reveal the answer / skip the question (the teacher's way on)"},
                {"Ctrl+S", "save the trace as..."},         {"F1", "this window"},
                {"Ctrl+Q", "quit"}};
            if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
                for (const auto& key : keys) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextColored(palette().accent, "%s", key[0]);
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(key[1]);
                }
                ImGui::EndTable();
            }
        }
        ImGui::End();
    }
    if (show_about_) {
        ImGui::SetNextWindowSize(ImVec2(ImGui::GetIO().DisplaySize.x * 0.45f, 0));
        if (ImGui::Begin("About cotrace", &show_about_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
            ImGui::TextWrapped(
                "cotrace shows how coroutines hand control around. Its event loop is written in C++20 coroutines "
                "and built like Python's asyncio; every step you see was recorded from it, and its step log "
                "matches real CPython 3.11.");
        }
        ImGui::End();
    }
}

namespace {

// The transport's two groups: the buttons with "Step N of M", then the scrubber, the speed and the
// granularity. Side by side when both fit; else the second goes on a row of its own.
float button_width(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

float speed_label_width() { return ImGui::CalcTextSize("10.00 steps/s").x; }
float speed_slider_width() { return ImGui::GetFontSize() * 5; }
float granularity_width() { return ImGui::CalcTextSize("transfers of control").x + ImGui::GetFrameHeight() * 1.5f; }

}  // namespace

int App::transport_rows(float width) const {
    const ImGuiStyle& style = ImGui::GetStyle();
    float buttons = button_width("|< First") + button_width("< Back") + ImGui::CalcTextSize("Pause").x * 1.5f +
                    button_width("Next >") + button_width("Last >|") + style.ItemSpacing.x * 5;
    ImGui::PushFont(fonts_.bold);
    buttons += ImGui::CalcTextSize("Step 0000 of 0000").x + style.ItemSpacing.x;
    ImGui::PopFont();
    if (!go_note_.empty()) buttons += ImGui::CalcTextSize(go_note_.c_str()).x + style.ItemSpacing.x;
    float rest = 80 + speed_label_width() + speed_slider_width() + granularity_width() + style.ItemSpacing.x * 3;
    return buttons + rest <= width - style.WindowPadding.x * 2 ? 1 : 2;
}

void App::draw_transport() {
    int rows = transport_rows(ImGui::GetWindowWidth());
    if (ImGui::Button("|< First")) player_.first();
    ImGui::SameLine();
    if (ImGui::Button("< Back")) player_.previous();
    ImGui::SameLine();
    if (ImGui::Button(player_.playing() ? "Pause" : "Play", ImVec2(ImGui::CalcTextSize("Pause").x * 1.5f, 0)))
        player_.toggle_play();
    ImGui::SameLine();
    if (ImGui::Button("Next >")) next();
    ImGui::SameLine();
    if (ImGui::Button("Last >|")) player_.last();
    ImGui::SameLine();
    ImGui::PushFont(fonts_.bold);
    ImGui::Text("Step %zu of %zu", player_.step_number(), player_.step_count());
    ImGui::PopFont();
    ImGui::SameLine();
    if (!go_note_.empty()) {
        ImGui::TextColored(palette().warn, "%s", go_note_.c_str());
        ImGui::SameLine();
    }
    if (rows == 2) ImGui::NewLine();

    // The speed: its value as a label beside a short slider, so that the slider's knob never covers it.
    float speed_label = speed_label_width(), speed_width = speed_slider_width(), granularity = granularity_width();
    float slider_width = ImGui::GetContentRegionAvail().x - speed_label - speed_width - granularity -
                         ImGui::GetStyle().ItemSpacing.x * 3;
    int step = static_cast<int>(player_.step_number());
    ImGui::SetNextItemWidth(std::max(slider_width, 80.0f));
    if (ImGui::SliderInt("##scrub", &step, 0, static_cast<int>(player_.step_count()), ""))
        player_.jump(player_.position_of_step(static_cast<size_t>(step)));
    ImGui::SameLine();
    float speed = static_cast<float>(player_.speed());
    char speed_text[32];
    std::snprintf(speed_text, sizeof speed_text, "%.2f steps/s", speed);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(speed_text);
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x + speed_label - ImGui::CalcTextSize(speed_text).x);
    ImGui::SetNextItemWidth(speed_width);
    if (ImGui::SliderFloat("##speed", &speed, Player::min_speed, Player::max_speed, "",
                           ImGuiSliderFlags_Logarithmic)) {
        player_.set_speed(speed);
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) save_settings_now();
    ImGui::SameLine();
    // "lines" only for a trace that has them (a Python program's).
    const char* granularities[] = {"every event", "transfers of control", "lines and task steps"};
    const Granularity kinds[] = {Granularity::every_event, Granularity::control_transfers, Granularity::lines};
    int chosen = static_cast<int>(std::find(std::begin(kinds), std::end(kinds), player_.granularity()) - std::begin(kinds));
    ImGui::SetNextItemWidth(granularity);
    if (ImGui::Combo("##granularity", &chosen, granularities, player_.has_lines() ? 3 : 2)) {
        player_.set_granularity(kinds[chosen]);
        save_settings_now();
    }
}

}  // namespace cotrace::ui
