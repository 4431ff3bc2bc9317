// The panels of the window. Each draws one concern from a View of the current step.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/why.h"
#include "predict.h"
#include "view.h"
#include "syntax.h"

namespace cotrace::ui {

// What a panel asks of the app: to jump to a position.
struct Actions {
    std::optional<size_t> jump_to;
    // An object the learner clicked: a task or future in Tasks and futures (it is selected, or unselected),
    // or an entry of the ready queue. While Predict asks, a click on one of its options answers.
    std::optional<ObjectId> pick;
    // The learner asked to see the steps of the fold that ends here (View::fold).
    bool expand_fold = false;
};

// The program's source beside its Python original, following the line where control is.
// The least height the Source panel's content needs: one listing with the line it keeps in view and two on
// either side (the rest gives way: the tabs, a second listing, notes).
float source_panel_least(const View& view);

class SourcePanel {
public:
    void reset() { *this = SourcePanel(); }
    void draw(const View& view);
    // The line each listing keeps in view (the running line, else the innermost waiting one) was shown
    // with two lines on either side, in the last frame drawn (tests read ImGui's geometry through it).
    bool kept_lines_in_view() const { return kept_in_view_; }
    // The panel's title: "Source", or where the tabs and headings gave way for room, what it shows
    // ("Source: the simplified Task.step"), as the last frame drew it.
    std::string title() const { return shown_.empty() ? "Source###Source" : "Source: " + shown_ + "###Source"; }

private:
    struct Listing {
        std::vector<std::string_view> lines;
        std::vector<char> starts_in_comment;  // C++ block comments spanning lines
    };
    struct Mark {
        int line;
        ImU32 color;
        std::string label;
    };
    // A note at the right of a line: the suspension ledger's counts beside an await.
    struct Note {
        int line;
        std::string text;
    };
    const Listing& listing(const Trace& trace, int file);
    static Listing make_listing(std::string_view text, Language language);
    // `keep`: the line to keep in view, with two lines around it (0: none); `moved`: it is a new one, so
    // the listing scrolls to it even if it is in view.
    void draw_listing(const char* id, const Listing& listing, Language language, int current,
                      const std::vector<Mark>& marks, int keep, bool moved, float width, float height,
                      const std::vector<Note>& notes = {});
    // The tabs past the trace's files: asyncio's Task.step and Future.__await__, each with its seed twin.
    static constexpr int asyncio_tab = 1 << 20;
    void draw_asyncio(const View& view, analysis::AsyncioListing which);
    std::vector<Note> ledger_notes(const View& view, int file, bool python) const;
    Listing asyncio_listings_[4];  // Task.step C++, seed; Future.__await__ C++, seed
    bool asyncio_ready_ = false;
    int last_asyncio_line_[4] = {-1, -1, -1, -1};

    const Trace* cached_for_ = nullptr;
    std::vector<Listing> listings_;  // per file; the last is the Python listing
    int file_ = -1;
    int selected_tab_ = -1;  // the tab ImGui shows as selected
    bool follow_ = true;
    int last_line_ = -1, last_python_line_ = -1, last_file_ = -1;
    bool kept_in_view_ = true;
    std::string shown_;  // see title()
    std::string current_label_;
    ImFont* mono_ = nullptr;  // "main holds control", beside the current line
};

// The ready queue's entry `index` as the Event loop panel shows it: "next > " marks the first, except while
// Predict asks a question (the mark would be its answer).
std::string ready_entry_text(const Trace& trace, const State& state, size_t index, bool asking);
// While Predict asks which task a completion wakes, the Tasks panel hides the done callbacks (the answer).
bool hides_done_callbacks(const analysis::Question* asking);

// What was clicked in the Predict panel: an option, or the teacher's Reveal or Skip.
struct PredictClicks {
    std::optional<size_t> picked;
    bool reveal = false, skip = false;
};
// brief: short of room, an answered question shows only its verdict and the right answer.
PredictClicks draw_predict_panel(const View& view, const Predict& predict, bool brief = false);
// "Right: 2  It suspends: ...", "Not this time: it was ...", "The answer (revealed without a vote): ...".
std::string verdict_text(const Predict& predict);
// How tall an option of Predict's draws, wrapped to `width` (the layout makes room for each).
float predict_option_height(const std::string& option, float width);
// The Predict band's height: its heading, the question in `prompt_font` (wrapped), the options, the verdict.
float predict_band_height(const Predict& predict, ImFont* prompt_font, float width, bool brief = false);
// Reveal and Skip fit on the heading's row, beside "Predict", in a band this wide.
bool predict_buttons_beside(float width);
// Two columns when every option fits on one line in half the width, else one.
int predict_option_columns(const std::vector<std::string>& options, float width);
void draw_why_panel(const View& view, const analysis::WhyChain& chain, Actions& actions);
void draw_warnings_panel(const View& view, const std::vector<analysis::Warning>& warnings, Actions& actions);

// The least height the control panel's content needs at `width`: the stack's rows (the outline gives way).
float control_panel_least(const View& view, float width);
// Each right-hand panel's title when it has room for nothing more: its gist in one line.
std::string control_title_line(const View& view);
std::string loop_title_line(const View& view);
std::string tasks_title_line(const View& view);
void draw_control_panel(const View& view, Actions& actions, size_t& scrolled_for);
// The least height of one of the loop panel's boxes (ready queue, timers, I/O): its heading and a line.
float loop_box_least();
// "Event loop     t = 0.000 s (virtual clock), round 1": the time and round ride in the title, a line saved.
std::string loop_panel_title(const View& view);
void draw_loop_panel(const View& view, Actions& actions);
void draw_tasks_panel(const View& view, Actions& actions);
void draw_narration_panel(const View& view, Actions& actions);
// The Output panel as a title alone, where there is no room for a line under it: how many lines were
// printed, and the last.
std::string output_title_line(const View& view);
void draw_output_panel(const View& view, size_t& scrolled_for);
// Frames and variables: the globals, the frames holding control, the program's coroutines that wait.
std::string variables_title_line(const View& view);
// Why a trace of the C++ runtime has no Frames and variables, and where to see them.
std::string variables_not_recorded(const Trace& trace);
void draw_variables_panel(const View& view, Actions& actions);

// A panel at a fixed place in the window (the layout is computed, not docked).
// A row that is a button and whose text wraps to the panel's width (`prefix`, such as "2   ", stays
// beside the first line): an answer, a ready-queue entry. True when clicked.
bool wrapped_selectable(const char* id, const std::string& prefix, const std::string& text, ImVec4 color, bool selected,
                        bool disabled = false);
bool begin_panel(const char* title, ImVec2 position, ImVec2 size, ImGuiWindowFlags extra = 0);
// Heading text in the bold font.
void heading(const View& view, const char* text);
// "step N" for the event position `position`, numbered as the transport numbers the steps (Step N of M):
// the Why? chain's links, the warnings, the timeline's tooltips.
std::string step_label(const Player* player, size_t position);

}  // namespace cotrace::ui
