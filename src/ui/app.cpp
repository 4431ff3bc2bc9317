#include "app.h"

#include <optional>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "trace/trace_json.h"

namespace cotrace::ui {

namespace {

struct Rect {
    ImVec2 position, size;
};

// The panels tile the window: transport and narration across the top, the source (over the output)
// on the left, control, the loop and the tasks on the right. Hidden panels give their room away.
struct Layout {
    Rect transport, narration, predict, source, output, control, loop, tasks, learning, timeline;
};

// predict_height 0: Predict is off. The Why? and Warnings panels (learning) take a band across the bottom,
// above the timeline, when either is on; the columns above keep their shape.
Layout compute_layout(ImVec2 display, float top, float transport_height, float narration_height, float predict_height,
                      float loop_height, float timeline_height, const Settings& s) {
    Layout layout;
    layout.transport = {ImVec2(0, top), ImVec2(display.x, transport_height)};
    layout.narration = {ImVec2(0, top + transport_height), ImVec2(display.x, narration_height)};
    layout.predict = {ImVec2(0, top + transport_height + narration_height), ImVec2(display.x, predict_height)};
    float y = top + transport_height + narration_height + predict_height;
    float height = std::max(display.y - y, 100.0f);
    if (s.show_timeline) {
        // The timeline takes a band across the bottom: its lanes, up to a third of what is left.
        timeline_height = std::min(timeline_height, height / 3);
        height -= timeline_height;
        layout.timeline = {ImVec2(0, y + height), ImVec2(display.x, timeline_height)};
    }
    if (s.show_why || s.show_warnings) {
        float learning_height = std::floor(height * 0.3f);
        height -= learning_height;
        layout.learning = {ImVec2(0, y + height), ImVec2(display.x, learning_height)};
    }
    bool left = s.show_source || s.show_output;
    bool right = s.show_control || s.show_loop || s.show_tasks;
    float left_width = !right ? display.x : !left ? 0 : std::floor(display.x * 0.55f);

    float source_height = !s.show_output ? height : !s.show_source ? 0 : std::floor(height * 0.78f);
    layout.source = {ImVec2(0, y), ImVec2(left_width, source_height)};
    layout.output = {ImVec2(0, y + source_height), ImVec2(left_width, height - source_height)};

    // The loop panel needs room for its queues and no more; control and tasks share the rest.
    float right_width = display.x - left_width;
    float loop = !s.show_loop ? 0 : (s.show_control || s.show_tasks) ? std::min(loop_height, height * 0.45f) : height;
    float rest = height - loop;
    float control = !s.show_control ? 0 : !s.show_tasks ? rest : std::floor(rest * 0.55f);
    layout.control = {ImVec2(left_width, y), ImVec2(right_width, control)};
    layout.loop = {ImVec2(left_width, y + control), ImVec2(right_width, loop)};
    layout.tasks = {ImVec2(left_width, y + control + loop), ImVec2(right_width, rest - control)};
    return layout;
}

std::vector<size_t> control_stops(const std::vector<OutlineLine>& outline) {
    std::vector<size_t> stops;
    for (const auto& line : outline) stops.push_back(line.event + 1);
    return stops;
}

}  // namespace

App::App(std::vector<WalkthroughChoice> walkthroughs, Settings settings, std::string config_dir)
    : walkthroughs_(std::move(walkthroughs)), settings_(std::move(settings)), config_dir_(std::move(config_dir)) {
    show(Trace{}, "");
}

void App::show(Trace trace, std::string origin) {
    // Recorded and loaded traces come indexed (keyframes built, events checked).
    trace_ = std::make_shared<const Trace>(std::move(trace));
    origin_ = std::move(origin);
    outline_ = outline_lines(*trace_);
    facts_ = facts_of(*trace_);
    player_ = Player(trace_->size(), control_stops(outline_));
    player_.set_speed(settings_.speed);
    player_.set_granularity(settings_.control_granularity ? Granularity::control_transfers : Granularity::every_event);
    source_.reset();
    timeline_.reset(*trace_);
    landmarks_ = analysis::landmarks_of(*trace_, outline_);
    ledger_ = std::make_unique<analysis::SuspensionLedger>(*trace_);
    warnings_.reset();
    why_.reset();
    selected_ = 0;
    predict_.reset();
    go_note_.clear();
    shown_position_ = static_cast<size_t>(-1);
    outline_scrolled_ = output_scrolled_ = static_cast<size_t>(-1);
    refresh();
}

bool App::open_file(const std::string& path) {
    if (path.ends_with(".py")) {
        request_open(path);
        return true;
    }
    try {
        show(load_trace(path), path);
        settings_.remember_file(path);
        settings_.browse_directory = std::filesystem::absolute(path).parent_path().string();
        save_settings_now();
        return true;
    } catch (const TraceError& error) {
        std::string message = "File: " + error.file + "\nWhere: " + (error.place.empty() ? "(the whole file)" : error.place) +
                              "\nProblem: " + error.problem;
        show_error("Could not open the trace", message + "\n\nThe trace that was open stays open.");
    } catch (const std::exception& error) {
        show_error("Could not open the trace", path + "\n" + error.what());
    }
    return false;
}

bool App::open_walkthrough(const std::string& id) {
    for (const auto& walkthrough : walkthroughs_) {
        if (walkthrough.id != id) continue;
        try {
            show(walkthrough.record(), id);
            return true;
        } catch (const std::exception& error) {
            show_error("Could not record the walkthrough", id + ": " + error.what());
            return false;
        }
    }
    show_error("No such walkthrough", id);
    return false;
}

bool App::save_as(const std::string& path) {
    try {
        save_trace(*trace_, path);
        settings_.remember_file(path);
        settings_.browse_directory = std::filesystem::absolute(path).parent_path().string();
        save_settings_now();
        return true;
    } catch (const std::exception& error) {
        show_error("Could not save the trace", error.what());
        return false;
    }
}

void App::show_error(const std::string& title, const std::string& message) {
    error_title_ = title;
    error_ = message;
}

void App::set_presentation(bool on) {
    settings_.presentation = on;
    fonts_requested_ = true;
    save_settings_now();
}

void App::save_settings_now() {
    settings_.speed = player_.speed();
    settings_.control_granularity = player_.granularity() == Granularity::control_transfers;
    if (!config_dir_.empty()) save_settings(settings_, config_dir_);  // empty: remember nothing
}

std::string App::window_title() const {
    std::string title = trace_->meta.title.empty() ? origin_ : trace_->meta.title;
    return title.empty() ? "cotrace" : "cotrace - " + title;
}

std::string App::status_line() const {
    size_t position = player_.position();
    std::string line = "step " + std::to_string(position) + "/" + std::to_string(trace_->size());
    if (position > 0) {
        const Event& event = trace_->events[position - 1];
        std::string log = step_log_line(*trace_, event);
        line += " " + (log.empty() ? std::string(to_string(event.kind)) : log);
    }
    if (predict_.asking()) line += " | Predict asks: " + predict_.asking()->prompt;
    else if (predict_.revealed())
        line += std::string(" | Predict: ") + (predict_.chosen() == predict_.revealed()->answer ? "right" : "wrong") + ", " +
                std::to_string(predict_.right()) + " of " + std::to_string(predict_.asked()) + " right";
    return line;
}

void App::refresh() {
    size_t position = player_.position();
    if (position == shown_position_) return;
    state_ = trace_->state_after(position);
    before_ = position > 0 ? trace_->state_after(position - 1) : state_;
    shown_position_ = position;
    asyncio_marks_ = analysis::asyncio_marks(*trace_, position);
    predict_.moved_to(position);
}

void App::next() {
    go_note_.clear();
    if (predict_.on()) predict_.next(*trace_, player_);
    else player_.next();
}

bool App::go(analysis::Meaning meaning, bool forward) {
    ObjectId task = 0;
    if (meaning == analysis::Meaning::task_step) {
        task = selected_ && trace_->kind(selected_) == ObjectKind::task ? selected_ : analysis::task_in_control(*trace_, state_);
    }
    size_t position = player_.position();
    auto to = forward ? analysis::next_of(*trace_, landmarks_, meaning, position, task)
                      : analysis::previous_of(*trace_, landmarks_, meaning, position, task);
    static const char* names[] = {"step of that task", "transfer of control", "loop round", "print"};
    std::string what = names[static_cast<int>(meaning)];
    if (meaning == analysis::Meaning::task_step && task) what = "step of " + trace_->name(task);
    if (!to) {
        go_note_ = std::string("No ") + (forward ? "later " : "earlier ") + what + ".";
        return false;
    }
    go_note_.clear();
    player_.pause();
    player_.jump(*to);
    return true;
}

bool App::run_until_done() {
    ObjectId future = selected_ ? selected_ : analysis::task_in_control(*trace_, state_);
    if (!future || trace_->kind(future) == ObjectKind::frame || trace_->kind(future) == ObjectKind::handle ||
        trace_->kind(future) == ObjectKind::timer) {
        go_note_ = "Pick a task or future in Tasks and futures first.";
        return false;
    }
    auto to = analysis::until_done(*trace_, future, player_.position());
    if (!to) {
        go_note_ = trace_->name(future) + (trace_->state_after(player_.position()).object(future).status == Status::pending
                                               ? " is never done in this trace." : " is already done.");
        return false;
    }
    go_note_.clear();
    player_.pause();
    player_.jump(*to);
    return true;
}

const std::vector<analysis::Warning>& App::warnings() {
    if (!warnings_) warnings_ = analysis::warnings(*trace_);
    return *warnings_;
}

const analysis::WhyChain& App::why_chain() {
    std::pair<size_t, ObjectId> key{player_.position(), selected_};
    if (!why_ || why_for_ != key) {
        why_ = analysis::why(*trace_, key.first, key.second);
        why_for_ = key;
    }
    return *why_;
}

void App::key_pressed(int key, bool ctrl, bool shift) {
    if (error_) {
        if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER || key == GLFW_KEY_ESCAPE) error_.reset();
        return;
    }
    if (task_) {
        if (key == GLFW_KEY_ESCAPE) cancel_work();
        return;
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
        case GLFW_KEY_V: predict_.reveal(player_); break;
        case GLFW_KEY_K: predict_.skip(player_); break;
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
            for (const auto& walkthrough : walkthroughs_)
                if (ImGui::MenuItem((walkthrough.id + "   " + walkthrough.title).c_str(), nullptr, walkthrough.id == origin_))
                    open_walkthrough(walkthrough.id);
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
        changed |= ImGui::MenuItem("Python listing", nullptr, &settings_.show_python);
        changed |= ImGui::MenuItem("Who holds control", nullptr, &settings_.show_control);
        changed |= ImGui::MenuItem("Event loop", nullptr, &settings_.show_loop);
        changed |= ImGui::MenuItem("Tasks and futures", nullptr, &settings_.show_tasks);
        changed |= ImGui::MenuItem("Output", nullptr, &settings_.show_output);
        changed |= ImGui::MenuItem("Timeline", "T", &settings_.show_timeline);
        changed |= ImGui::MenuItem("asyncio's own code (Task.step, Future.__await__)", nullptr, &settings_.show_asyncio);
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

void App::draw_dialogs() {
    if (auto chosen = browser_.draw()) {
        settings_.browse_directory = browser_.directory();
        if (browser_.mode() == FileBrowser::Mode::save && !export_format_.empty()) request_export(export_format_, *chosen);
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

void App::request_open(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    if (path.ends_with(".py")) {
        if (!program_recorder_) {
            show_error("Could not record the program", path + ": this window cannot record Python programs");
            return;
        }
        start_task("Recording " + name, path, [recorder = program_recorder_, path](Progress& progress) {
            return recorder(path, progress);
        }, true);
        return;
    }
    std::error_code error;
    auto bytes = std::filesystem::file_size(path, error);
    start_task("Opening " + name + (error ? std::string() : " (" + std::to_string(bytes / 1000000) + " MB)"), path,
               [path](Progress&) {
                   Outcome outcome;
                   try {
                       outcome.trace = load_trace(path);
                   } catch (const TraceError& error) {
                       outcome.error_title = "Could not open the trace";
                       outcome.error = "File: " + error.file + "\nWhere: " +
                                       (error.place.empty() ? "(the whole file)" : error.place) + "\nProblem: " + error.problem;
                   }
                   return outcome;
               });
}

void App::request_export(const std::string& format, const std::string& path) {
    if (!exporter_) {
        show_error("Could not export the trace", "This window cannot export traces.");
        return;
    }
    std::string name = std::filesystem::path(path).filename().string();
    // The work reads the trace the window shows; it stays alive with the work, whatever opens meanwhile.
    start_task("Exporting " + name, "", [exporter = exporter_, trace = trace_, format, path](Progress& progress) {
        return exporter(*trace, format, path, progress);
    });
}

void App::start_task(const std::string& what, const std::string& origin, std::function<Outcome(Progress&)> work,
                     bool stoppable) {
    if (task_) task_->cancel(), task_.reset();
    task_origin_ = origin;
    task_ = std::make_unique<BackgroundTask>(what, std::move(work), stoppable);
}

bool App::run_again() {
    if (!origin_.ends_with(".py") || task_) return false;
    size_t position = player_.position();
    request_open(origin_);
    task_return_to_ = position;
    return true;
}

void App::finish_task() {
    if (!task_) return;
    std::optional<Outcome> outcome = task_->take();
    if (!outcome) return;
    task_.reset();
    std::optional<size_t> return_to = std::exchange(task_return_to_, std::nullopt);
    if (!outcome->trace && outcome->error.empty()) {
        go_note_ = outcome->done;  // an export: the trace shown stays
        return;
    }
    if (!outcome->trace) {
        show_error(outcome->error_title, outcome->error + "\n\nThe trace that was open stays open.");
        return;
    }
    show(std::move(*outcome->trace), task_origin_);
    if (return_to) player_.jump(std::min(*return_to, trace_->size()));
    settings_.remember_file(task_origin_);
    settings_.browse_directory = std::filesystem::absolute(task_origin_).parent_path().string();
    save_settings_now();
}

void App::watch_program() {
    if (!settings_.run_again_on_save || !origin_.ends_with(".py") || task_) return;
    watch_clock_ += ImGui::GetIO().DeltaTime;
    if (watch_clock_ < 0.5) return;
    watch_clock_ = 0;
    std::error_code error;
    auto changed = std::filesystem::last_write_time(origin_, error);
    if (error) return;
    long long stamp = changed.time_since_epoch().count();
    if (program_changed_ != 0 && stamp != program_changed_) run_again();
    program_changed_ = stamp;
}

void App::draw_progress() {
    if (!task_) return;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::Begin("##progress", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoNav);
    ImGui::TextUnformatted((task_->what() + "...").c_str());
    char detail[96];
    size_t events = task_->events();
    if (events) std::snprintf(detail, sizeof detail, "%zu events so far, %.0f s", events, task_->seconds());
    else std::snprintf(detail, sizeof detail, "%.0f s", task_->seconds());
    ImGui::TextDisabled("%s", detail);
    // An indeterminate bar: the work says how much is done, not how much is left.
    float phase = static_cast<float>(std::fmod(task_->seconds(), 2.0) / 2.0);
    ImGui::ProgressBar(phase, ImVec2(ImGui::GetFontSize() * 16, 0), "");
    if (task_->stoppable() && !task_->stopped()) {
        if (ImGui::Button("Stop (Esc)")) cancel_work();
        ImGui::SameLine();
        ImGui::TextDisabled("stops the program and opens what ran so far");
    } else {
        if (task_->stopped()) ImGui::TextDisabled("Stopping the program...");
        if (ImGui::Button("Cancel (Esc)")) cancel_work();
    }
    ImGui::End();
}

void App::frame() {
    finish_task();
    watch_program();
    player_.tick(ImGui::GetIO().DeltaTime);
    if (chrome_) draw_menu_bar();
    else menu_height_ = 0;
    refresh();

    std::optional<Event> last_event;
    if (player_.position() > 0) last_event = trace_->events[player_.position() - 1];
    const std::vector<analysis::Warning>* found_warnings =
        settings_.show_warnings || settings_.show_timeline ? &warnings() : nullptr;
    View view{*trace_,  state_,         before_,   player_.position(),
              last_event ? &*last_event : nullptr,
              outline_, facts_,  settings_, fonts_, selected_, ledger_.get(), &asyncio_marks_, found_warnings,
              predict_.asking() ? &*predict_.asking() : nullptr};
    ImGuiStyle& style = ImGui::GetStyle();
    float transport_height = chrome_ ? ImGui::GetFrameHeight() + style.WindowPadding.y * 2 : 0;
    float narration_height = (fonts_.large ? fonts_.large->FontSize : 25) * 2.6f + style.WindowPadding.y * 2;
    // Without the transport bar (slides), the narration says which step it is.
    if (!chrome_) narration_height += ImGui::GetTextLineHeightWithSpacing();
    float line = ImGui::GetTextLineHeightWithSpacing();
    float loop_height = line * 7 + ImGui::GetFrameHeight() + style.WindowPadding.y * 4;
    float timeline_height = line * 1.15f * static_cast<float>(timeline_.model().lanes.size() + 1) +
                            ImGui::GetFrameHeightWithSpacing() * 2 + style.WindowPadding.y * 4;
    // Predict's band: its heading, the question (two large lines at most) and two rows of answers.
    const auto& question = predict_.asking() ? predict_.asking() : predict_.revealed();
    float predict_height = 0;
    if (predict_.on()) {
        predict_height = line + style.WindowPadding.y * 2;
        if (question) {
            // The question wraps in the large font; the answers go two a row; then the verdict.
            ImGui::PushFont(fonts_.large);
            float prompt = ImGui::CalcTextSize(question->prompt.c_str(), nullptr, false,
                                               ImGui::GetIO().DisplaySize.x - style.WindowPadding.x * 2).y;
            ImGui::PopFont();
            float rows = static_cast<float>((question->options.size() + 1) / 2);
            predict_height += prompt + style.ItemSpacing.y * 2 + rows * (line + style.CellPadding.y * 2) + line * 1.3f;
        }
    }
    Layout layout = compute_layout(ImGui::GetIO().DisplaySize, menu_height_, transport_height, narration_height,
                                   predict_height, loop_height, timeline_height, settings_);

    Actions actions;
    if (chrome_) {
        if (begin_panel("##transport", layout.transport.position, layout.transport.size,
                        ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
            draw_transport();
        }
        ImGui::End();
    }
    if (begin_panel("##narration", layout.narration.position, layout.narration.size, ImGuiWindowFlags_NoTitleBar)) {
        if (!chrome_) ImGui::TextDisabled("Step %zu of %zu", player_.step_number(), player_.step_count());
        draw_narration_panel(view);
    }
    ImGui::End();
    if (predict_.on()) {
        if (begin_panel("##predict", layout.predict.position, layout.predict.size, ImGuiWindowFlags_NoTitleBar)) {
            PredictClicks clicks = draw_predict_panel(view, predict_);
            if (clicks.picked) predict_.answer(*clicks.picked, player_);
            else if (clicks.reveal) predict_.reveal(player_);
            else if (clicks.skip) predict_.skip(player_);
        }
        ImGui::End();
    }
    if (settings_.show_why || settings_.show_warnings) draw_learning_panels(view, layout.learning.position, layout.learning.size, actions);
    if (settings_.show_source) {
        if (begin_panel("Source", layout.source.position, layout.source.size, ImGuiWindowFlags_NoScrollbar))
            source_.draw(view);
        ImGui::End();
    }
    if (settings_.show_output) {
        if (begin_panel("Output", layout.output.position, layout.output.size)) draw_output_panel(view, output_scrolled_);
        ImGui::End();
    }
    if (settings_.show_control) {
        if (begin_panel("Who holds control", layout.control.position, layout.control.size, ImGuiWindowFlags_NoScrollbar))
            draw_control_panel(view, actions, outline_scrolled_);
        ImGui::End();
    }
    if (settings_.show_loop) {
        if (begin_panel("Event loop", layout.loop.position, layout.loop.size, ImGuiWindowFlags_NoScrollbar))
            draw_loop_panel(view, actions);
        ImGui::End();
    }
    if (settings_.show_tasks) {
        if (begin_panel("Tasks and futures", layout.tasks.position, layout.tasks.size, ImGuiWindowFlags_NoScrollbar))
            draw_tasks_panel(view, actions);
        ImGui::End();
    }
    if (settings_.show_timeline) {
        if (begin_panel("Timeline", layout.timeline.position, layout.timeline.size, ImGuiWindowFlags_NoScrollbar))
            if (auto jump = timeline_.draw(view)) actions.jump_to = jump;
        ImGui::End();
    }
    draw_dialogs();
    draw_progress();
    if (actions.jump_to) {
        player_.pause();
        player_.jump(*actions.jump_to);
    }
    if (actions.pick) picked(*actions.pick);
}

void App::picked(ObjectId id) {
    if (const auto& question = predict_.asking()) {
        auto option = std::find(question->objects.begin(), question->objects.end(), id);
        if (option != question->objects.end()) {
            predict_.answer(static_cast<size_t>(option - question->objects.begin()), player_);
            return;
        }
    }
    if (!trace_->has_object(id)) return;
    ObjectKind kind = trace_->kind(id);
    if (kind == ObjectKind::task || kind == ObjectKind::future || kind == ObjectKind::gathering)
        selected_ = selected_ == id ? 0 : id;
}

void App::draw_learning_panels(const View& view, ImVec2 position, ImVec2 size, Actions& actions) {
    // Side by side in the bottom band: Why? on the left, Warnings on the right, when both are on.
    bool both = settings_.show_why && settings_.show_warnings;
    float why_width = both ? std::floor(size.x * 0.55f) : size.x;
    if (settings_.show_why) {
        if (begin_panel("Why?   (W)", position, ImVec2(why_width, size.y))) draw_why_panel(view, why_chain(), actions);
        ImGui::End();
    }
    if (settings_.show_warnings) {
        float x = settings_.show_why ? why_width : 0;
        std::string title = "Warnings (" + std::to_string(warnings().size()) + ")###warnings";
        if (begin_panel(title.c_str(), ImVec2(position.x + x, position.y), ImVec2(size.x - x, size.y)))
            draw_warnings_panel(view, warnings(), actions);
        ImGui::End();
    }
}

void App::draw_transport() {
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

    float speed_width = ImGui::CalcTextSize("10.00 steps/s").x + ImGui::GetStyle().FramePadding.x * 2;
    float granularity_width = ImGui::CalcTextSize("transfers of control").x + ImGui::GetFrameHeight() * 1.5f;
    float slider_width = ImGui::GetContentRegionAvail().x - speed_width - granularity_width - ImGui::GetStyle().ItemSpacing.x * 2;
    int step = static_cast<int>(player_.step_number());
    ImGui::SetNextItemWidth(std::max(slider_width, 80.0f));
    if (ImGui::SliderInt("##scrub", &step, 0, static_cast<int>(player_.step_count()), ""))
        player_.jump(player_.position_of_step(static_cast<size_t>(step)));
    ImGui::SameLine();
    float speed = static_cast<float>(player_.speed());
    ImGui::SetNextItemWidth(speed_width);
    if (ImGui::SliderFloat("##speed", &speed, Player::min_speed, Player::max_speed, "%.2f steps/s",
                           ImGuiSliderFlags_Logarithmic)) {
        player_.set_speed(speed);
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) save_settings_now();
    ImGui::SameLine();
    const char* granularities[] = {"every event", "transfers of control"};
    int granularity = player_.granularity() == Granularity::every_event ? 0 : 1;
    ImGui::SetNextItemWidth(granularity_width);
    if (ImGui::Combo("##granularity", &granularity, granularities, 2)) {
        player_.set_granularity(granularity == 0 ? Granularity::every_event : Granularity::control_transfers);
        save_settings_now();
    }
}

}  // namespace cotrace::ui
