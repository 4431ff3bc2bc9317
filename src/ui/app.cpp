// App: the window's logic, drawn with Dear ImGui and tested headless. Its parts, by file:
//   app.cpp             showing a trace (open, save, settings), moving through it (next, go, run until
//                       done), and the frame: what gives way when room is short, then each panel in turn
//   layout.cpp          where each panel goes, from what each needs (PanelNeeds) and the window's size
//   app_input.cpp       the keys, the menu bar, the dialogs, and the transport bar
//   app_work.cpp        work in the background (opening, recording a program, exporting), its progress
//                       window, and recording again when a program's file changes
#include "app.h"

#include <optional>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "layout.h"
#include "trace/trace_json.h"

namespace cotrace::ui {

namespace {

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
    // The class saw the trace that was open: its session ends with it (its results stay for saving).
    classroom_.end();
    // Recorded and loaded traces come indexed (keyframes built, events checked).
    trace_ = std::make_shared<const Trace>(std::move(trace));
    origin_ = std::move(origin);
    outline_ = outline_lines(*trace_);
    facts_ = facts_of(*trace_);
    std::vector<std::pair<size_t, size_t>> folds;
    for (const auto& fold : facts_.folds) folds.emplace_back(fold.first, fold.last);
    player_ = Player(trace_->size(), control_stops(outline_), facts_.line_stops, folds);
    player_.set_speed(settings_.speed);
    // A Python program's own lines, with its tasks' steps, are where a learner steps first.
    player_.set_granularity(player_.has_lines()                ? Granularity::lines
                            : settings_.control_granularity ? Granularity::control_transfers
                                                             : Granularity::every_event);
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

void App::open_python_twin(const WalkthroughChoice& walkthrough) {
    try {
        request_open(walkthrough.python_twin());
    } catch (const std::exception& error) {
        show_error("Could not open the Python twin", walkthrough.id + ": " + error.what());
    }
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
    // Its question names the step as the transport does ("at step 14", of "Step 14 of 29").
    std::tuple<size_t, ObjectId, size_t> key{player_.position(), selected_, player_.step_number()};
    if (!why_ || why_for_ != key) {
        why_ = analysis::why(*trace_, player_.position(), selected_, player_.step_number());
        why_for_ = key;
    }
    return *why_;
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
    // The narration and Predict's question are in the large font, unless that leaves the Source less than
    // its least (presentation mode at large text sizes): then in the regular one.
    Fonts shown_fonts = fonts_;
    View view{*trace_,  state_,         before_,   player_.position(),
              last_event ? &*last_event : nullptr,
              outline_, facts_,  settings_, shown_fonts, selected_, ledger_.get(), &asyncio_marks_, found_warnings,
              predict_.asking() ? &*predict_.asking() : nullptr};
    view.fold = folded_here();
    view.player = &player_;
    if (pending_classroom_ && !task_) {
        auto [bind, port] = *std::exchange(pending_classroom_, std::nullopt);
        start_classroom(bind, port);
    }
    classroom_.follow(player_.position(), player_.granularity());  // the class follows the window's step
    if (classroom_.running() && !predict_.asking()) {
        // The class's question opened here (the window came to its step some other way than Predict's
        // Right, which asks on the way): the window asks it too, so that V and K act on it.
        classroom::ClassStatus class_status = classroom_.status();
        if (class_status.question && class_status.open && class_status.step == player_.position()) predict_.ask_here(*trace_, player_);
    }
    ImGuiStyle& style = ImGui::GetStyle();
    // The bands across the top (transport, narration) keep half the panels' padding above and below.
    float band_padding = std::floor(style.WindowPadding.y * 0.5f);
    int transport_row_count = transport_rows(ImGui::GetIO().DisplaySize.x);
    float transport_height = !chrome_ ? 0
                             : ImGui::GetFrameHeight() * static_cast<float>(transport_row_count) +
                                   style.ItemSpacing.y * static_cast<float>(transport_row_count - 1) + band_padding * 2;
    float line = ImGui::GetTextLineHeightWithSpacing();
    PanelNeeds needs = panel_needs(view);
    float timeline_height = line * 1.15f * static_cast<float>(timeline_.model().lanes.size() + 1) +
                            ImGui::GetFrameHeightWithSpacing() * 2 + style.WindowPadding.y * 4;
    // Short of room for the Source's least, in turn: the narration and the question take the regular
    // font; then the question moves beside the Source, at the top of the right-hand column; then, while it
    // is open, the narration (of the step before it) gives way to it, and otherwise keeps one line (a
    // longer one scrolls).
    bool narration_shown = true, narration_brief = false, predict_beside = false;
    auto bands = [&](ImFont* large, float& narration_height, float& predict_height) {
        // Two lines of narration (a longer one scrolls); without the transport bar (slides) a line more,
        // which says which step it is.
        narration_height = !narration_shown ? 0
                           : (large ? large->FontSize : 25) * (narration_brief ? 1.0f : 2.3f) + style.ItemSpacing.y +
                                 band_padding * 2;
        if (!chrome_ && narration_shown) narration_height += line;
        float width = ImGui::GetIO().DisplaySize.x * (predict_beside ? 0.45f : 1.0f);
        Fonts band_fonts = fonts_;
        band_fonts.large = large;
        predict_height = classroom_.running() ? classroom_.band_height(band_fonts, width)
                         : predict_.on()      ? predict_band_height(predict_, large, width)
                                              : 0;
    };
    float narration_height = 0, predict_height = 0;
    bands(fonts_.large, narration_height, predict_height);
    auto short_of_room = [&] {
        return ImGui::GetIO().DisplaySize.y - menu_height_ - transport_height - narration_height -
                   (predict_beside ? 0 : predict_height) < needs.source + needs.title;
    };
    if (settings_.presentation && fonts_.ui && short_of_room()) {
        shown_fonts.large = fonts_.ui;
        bands(fonts_.ui, narration_height, predict_height);
        for (int give_way = 0; give_way < 2 && short_of_room() && predict_.on() && settings_.show_source; ++give_way) {
            if (give_way == 0) predict_beside = settings_.show_control || settings_.show_loop || settings_.show_tasks;
            else narration_shown = !predict_.asking(), narration_brief = true;
            bands(fonts_.ui, narration_height, predict_height);
        }
    }
    // Warnings alone, and none: its band takes its title and one line, not a third of the window.
    float learning_most = settings_.show_warnings && !settings_.show_why && found_warnings && found_warnings->empty()
                              ? ImGui::GetFrameHeight() + line + style.WindowPadding.y * 2
                              : 0;
    Layout layout = compute_layout(ImGui::GetIO().DisplaySize, menu_height_, transport_height, narration_height,
                                   predict_height, predict_beside, timeline_height, learning_most, needs, settings_);

    Actions actions;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x, band_padding));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));  // a one-line band is lower than ImGui's least
    if (chrome_) {
        if (begin_panel("##transport", layout.transport.position, layout.transport.size,
                        ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
            draw_transport();
        }
        ImGui::End();
    }
    if (narration_shown) {
        if (begin_panel("##narration", layout.narration.position, layout.narration.size, ImGuiWindowFlags_NoTitleBar)) {
            if (!chrome_) ImGui::TextDisabled("Step %zu of %zu", player_.step_number(), player_.step_count());
            draw_narration_panel(view, actions);
        }
        ImGui::End();
    }
    ImGui::PopStyleVar(2);
    if (classroom_.running()) {
        // The class's band in Predict's place: the join address, who joined, the question, the chart.
        if (begin_panel("##classroom", layout.predict.position, layout.predict.size, ImGuiWindowFlags_NoTitleBar)) {
            ClassroomView::Clicks clicks = classroom_.draw_band(view);
            if (clicks.reveal) class_reveal();
            else if (clicks.skip) class_skip();
            else if (clicks.again) class_again();
            else if (clicks.end) classroom_.end();
        }
        ImGui::End();
    } else if (predict_.on()) {
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
        if (begin_panel(source_.title().c_str(), layout.source.position, layout.source.size, ImGuiWindowFlags_NoScrollbar))
            source_.draw(view);
        ImGui::End();
    }
    // A panel with no room for a line under its title keeps the title alone, which then says the gist (the
    // last line printed, who holds control, the loop's queues, how many tasks): nothing is cut off.
    auto panel = [&](const Rect& rect, float least, const std::string& title, const std::string& gist,
                     ImGuiWindowFlags flags, auto draw) {
        if (rect.size.y < least - 0.5f) {
            begin_panel((gist + "###" + title).c_str(), rect.position, rect.size, ImGuiWindowFlags_NoScrollbar);
        } else if (begin_panel((title == "Event loop" ? loop_panel_title(view) : title + "###" + title).c_str(), rect.position,
                               rect.size, flags)) {
            draw();
        }
        ImGui::End();
    };
    if (settings_.show_output)
        panel(layout.output, needs.output, "Output", output_title_line(view), ImGuiWindowFlags_HorizontalScrollbar,
              [&] { draw_output_panel(view, output_scrolled_); });
    if (settings_.show_variables && layout.variables.size.x > 0)
        panel(layout.variables, needs.floor, "Frames and variables", variables_title_line(view), 0,
              [&] { draw_variables_panel(view, actions); });
    // Short of room, what does not fit scrolls (never cut off).
    if (settings_.show_control)
        panel(layout.control, needs.floor, "Who holds control", control_title_line(view), 0,
              [&] { draw_control_panel(view, actions, outline_scrolled_); });
    if (settings_.show_loop)
        panel(layout.loop, needs.floor, "Event loop", loop_title_line(view), 0, [&] { draw_loop_panel(view, actions); });
    if (settings_.show_tasks)
        panel(layout.tasks, needs.tasks, "Tasks and futures", tasks_title_line(view), ImGuiWindowFlags_NoScrollbar,
              [&] { draw_tasks_panel(view, actions); });
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
    if (actions.expand_fold && view.fold) {
        // Its steps become stops, and the learner is taken to the first.
        player_.expand(view.fold->first, view.fold->last);
        player_.pause();
        player_.jump(view.fold->first);
    }
}

bool App::start_classroom(const std::string& bind, int port) {
    try {
        classroom_.start(trace_, std::filesystem::path(origin_).filename().string(), bind, port);
    } catch (const std::exception& error) {
        show_error("Could not start the classroom session", error.what());
        return false;
    }
    classroom_.follow(player_.position(), player_.granularity());  // where the window is, before anyone joins
    if (on_classroom_started_) on_classroom_started_(classroom_.join_url());
    // The window stops at each decision, as Predict does: that is where the class answers.
    predict_.set_on(true);
    player_.pause();
    return true;
}

// The teacher reveals the class's answers: the session first (the pages show the verdict and the chart),
// then the window steps past the decision as Predict's reveal does.
void App::class_reveal() {
    classroom_.command(classroom::Command::Kind::reveal);
    predict_.reveal(player_);
}

void App::class_skip() {
    classroom_.command(classroom::Command::Kind::skip);
    predict_.skip(player_);
}

// After a discussion: the class votes again on the question last revealed, back at its step.
void App::class_again() {
    classroom_.command(classroom::Command::Kind::again);
    player_.jump(classroom_.status().step);
    predict_.ask_here(*trace_, player_);
}

const analysis::Fold* App::folded_here() const {
    if (player_.granularity() != Granularity::lines) return nullptr;
    for (const auto& fold : facts_.folds)
        if (fold.last == player_.position() && !player_.expanded(fold.first)) return &fold;
    return nullptr;
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

}  // namespace cotrace::ui
