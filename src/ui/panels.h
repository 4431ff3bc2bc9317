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
};

// The program's source beside its Python original, following the line where control is.
class SourcePanel {
public:
    void reset() { *this = SourcePanel(); }
    void draw(const View& view);

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
    void draw_listing(const char* id, const Listing& listing, Language language, int current,
                      const std::vector<Mark>& marks, int scroll_to, float width, float height,
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
PredictClicks draw_predict_panel(const View& view, const Predict& predict);
void draw_why_panel(const View& view, const analysis::WhyChain& chain, Actions& actions);
void draw_warnings_panel(const View& view, const std::vector<analysis::Warning>& warnings, Actions& actions);

void draw_control_panel(const View& view, Actions& actions, size_t& scrolled_for);
void draw_loop_panel(const View& view, Actions& actions);
void draw_tasks_panel(const View& view, Actions& actions);
void draw_narration_panel(const View& view);
void draw_output_panel(const View& view, size_t& scrolled_for);

// A panel at a fixed place in the window (the layout is computed, not docked).
bool begin_panel(const char* title, ImVec2 position, ImVec2 size, ImGuiWindowFlags extra = 0);
// Heading text in the bold font.
void heading(const View& view, const char* text);

}  // namespace cotrace::ui
