#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/describe.h"
#include "analysis/source_text.h"
#include "analysis/variables.h"
#include "panels.h"
#include "waiting_lines.h"

namespace cotrace::ui {

namespace {

ImVec4 color_of(Token::Kind kind) {
    const Palette& p = palette();
    switch (kind) {
        case Token::Kind::keyword: return p.keyword;
        case Token::Kind::type: return p.type;
        case Token::Kind::string: return p.string;
        case Token::Kind::number: return p.number;
        case Token::Kind::comment: return p.comment;
        case Token::Kind::function: return p.function;
        case Token::Kind::preprocessor: return p.preprocessor;
        case Token::Kind::plain: return p.text;
    }
    return p.text;
}

// Recorded on cotrace's own runtime (a walkthrough, or a learner's C++ program), not on CPython: the trace says.
bool on_runtime(const Trace& trace) { return trace.meta.recorder == "runtime"; }

// A dim label that wraps at `right` (0: the panel's edge) rather than run past it.
template <typename... Args>
void dim(float right, const char* format, Args... args) {
    ImGui::PushTextWrapPos(right);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(format, args...);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

// One listing's least height: its heading and five lines of code (the kept line and two either side),
// with its frame and a horizontal scrollbar.
float listing_least(const View& view) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float mono_line = view.fonts.mono ? view.fonts.mono->FontSize + style.ItemSpacing.y : ImGui::GetTextLineHeightWithSpacing();
    // (A few pixels more: ImGui's rounding and the child's border would leave the fifth line short.)
    return ImGui::GetTextLineHeightWithSpacing() + mono_line * 5 + style.WindowPadding.y * 2 + style.ScrollbarSize +
           style.ItemSpacing.y * 2 + 6;
}

// The Python line a line of the walkthrough's C++ mirrors, if it marked one.
int python_line(const Trace& trace, int cpp_line) { return analysis::python_twin(trace, trace.python.cpp_file, cpp_line); }

}  // namespace

float source_panel_least(const View& view) { return listing_least(view); }

SourcePanel::Listing SourcePanel::make_listing(std::string_view text, Language language) {
    Listing listing;
    listing.lines = analysis::lines_of(text);
    bool in_comment = false;
    for (auto line : listing.lines) {
        listing.starts_in_comment.push_back(in_comment);
        tokenize(line, language, in_comment);
    }
    return listing;
}

const SourcePanel::Listing& SourcePanel::listing(const Trace& trace, int file) {
    if (cached_for_ != &trace || listings_.size() != trace.files.size() + 1) {
        listings_.clear();
        for (size_t i = 0; i <= trace.files.size(); ++i) {
            const std::string& text = i < trace.files.size() ? trace.files[i].text : trace.python.text;
            listings_.push_back(make_listing(text, i < trace.files.size() ? language_of(trace.files[i].path) : Language::python));
        }
        cached_for_ = &trace;
    }
    return listings_[static_cast<size_t>(file)];
}

std::vector<SourcePanel::Note> SourcePanel::ledger_notes(const View& view, int file, bool python) const {
    std::vector<Note> notes;
    if (!view.ledger) return notes;
    for (int line : view.ledger->lines(file)) {
        analysis::AwaitCount count = view.ledger->at(file, line, view.position);
        if (count.suspended + count.through == 0) continue;
        int shown = python ? python_line(view.trace, line) : line;
        if (shown == 0) continue;
        notes.push_back({shown, analysis::ledger_text(count)});
    }
    return notes;
}

// asyncio's own code while control is in it: the runtime's C++ beside the seed's simplified Python, each
// marked on the line control is on (or waits at), with what CPython does beyond the seed said above them.
void SourcePanel::draw_asyncio(const View& view, analysis::AsyncioListing which) {
    const analysis::CodeListing& code = analysis::asyncio_listing(which);
    if (!asyncio_ready_) {
        for (int i = 0; i < 2; ++i) {
            const auto& each = analysis::asyncio_listing(i == 0 ? analysis::AsyncioListing::task_step : analysis::AsyncioListing::future_await);
            asyncio_listings_[i * 2] = make_listing(each.cpp, Language::cpp);
            asyncio_listings_[i * 2 + 1] = make_listing(each.seed, Language::python);
        }
        asyncio_ready_ = true;
    }
    int slot = which == analysis::AsyncioListing::task_step ? 0 : 2;
    const analysis::CodeMark& mark = which == analysis::AsyncioListing::task_step ? view.asyncio->task_step : view.asyncio->future_await;
    // A Python program's steps run in CPython's asyncio, not in this runtime: only the seed's Python is shown.
    // Short of room for both, the runtime's C++ gives way to the simplified listing the narration follows.
    bool cpp = on_runtime(view.trace) && ImGui::GetContentRegionAvail().y >= listing_least(view) * 2 + ImGui::GetTextLineHeightWithSpacing() * 2;
    // Where real asyncio does more than the simplified listing shows, say so.
    bool roomy = ImGui::GetContentRegionAvail().y >= listing_least(view) * (cpp ? 2 : 1) + ImGui::GetTextLineHeightWithSpacing() * 3;
    if (!view.asyncio->note.empty() && (view.asyncio->focus == which || !view.asyncio->in_asyncio) && roomy) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().accent, "Real asyncio does more here: %s", view.asyncio->note.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!mark.line && roomy) dim(0, "Control is not in %s now.", code.title.c_str());
    std::vector<Mark> marks, seed_marks;
    int current = mark.running ? code.cpp_line(mark.line) : 0, seed_current = mark.running ? mark.line : 0;
    if (mark.line && !mark.running) {
        if (int line = code.cpp_line(mark.line)) marks.push_back({line, palette().suspended_line, mark.label});
        seed_marks.push_back({mark.line, palette().suspended_line, mark.label});
    }
    std::string label = std::move(current_label_);
    current_label_ = mark.running ? mark.label : "";
    // The seed's twelve lines first, whole; the runtime's C++ under them, scrolled to the same place.
    if (roomy) dim(0, "Python  the simplified %s, as tutorials write it", code.title.c_str());
    else shown_ = "the simplified " + code.title;
    ImGui::PushFont(mono_);
    float seed_height = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(asyncio_listings_[slot + 1].lines.size()) +
                        ImGui::GetStyle().WindowPadding.y * 2 + ImGui::GetStyle().ScrollbarSize;
    ImGui::PopFont();
    float room = ImGui::GetContentRegionAvail().y;
    if (cpp) seed_height = std::max(std::min(seed_height, std::floor(room * 0.5f)), listing_least(view) - ImGui::GetTextLineHeightWithSpacing());
    int seed_focus = seed_current ? seed_current : mark.line;
    draw_listing("asyncio_seed", asyncio_listings_[slot + 1], Language::python, seed_current, seed_marks, seed_focus,
                 seed_focus != last_asyncio_line_[slot + 1], 0, cpp ? seed_height : 0);
    last_asyncio_line_[slot + 1] = seed_focus;
    if (cpp) {
        dim(0, "C++  %s, the runtime's own", code.cpp_path.c_str());
        // With nothing marked, the function itself stays in view (its "def" line's twin).
        int focus = current ? current : !marks.empty() ? marks.front().line : code.cpp_line(3);
        draw_listing("asyncio_cpp", asyncio_listings_[slot], Language::cpp, current, marks, focus,
                     focus != last_asyncio_line_[slot], 0, 0);
        last_asyncio_line_[slot] = focus;
    }
    current_label_ = std::move(label);
}

void SourcePanel::draw_listing(const char* id, const Listing& listing, Language language, int current,
                               const std::vector<Mark>& marks, int keep, bool moved, float width, float height,
                               const std::vector<Note>& notes) {
    ImGui::BeginChild(id, ImVec2(width, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(mono_);
    float line_height = ImGui::GetTextLineHeightWithSpacing();
    if (keep > 0) {
        // The kept line and two on either side, inside what the listing shows; if not (a new line, or the
        // panel was resized), scroll so that the line sits two fifths down.
        int count = static_cast<int>(listing.lines.size());
        // (A line's spacing below it is not part of it: the last line of a file has none.)
        float first = static_cast<float>(std::max(keep - 3, 0)) * line_height,
              last = static_cast<float>(std::min(keep + 2, std::max(count, 1))) * line_height - ImGui::GetStyle().ItemSpacing.y;
        float top = ImGui::GetScrollY(), shown = ImGui::GetWindowContentRegionMax().y - ImGui::GetWindowContentRegionMin().y;
        bool in_view = first >= top - 1.5f && last <= top + shown + 1.5f;  // (a pixel or so: ImGui rounds)
        kept_in_view_ = kept_in_view_ && in_view && !moved;
        if (moved || !in_view) {
            // Two fifths down, as long as the two lines on either side still show.
            float top_wanted = static_cast<float>(keep - 1) * line_height - shown * 0.4f;
            ImGui::SetScrollY(std::max(0.0f, std::min(first, std::max(top_wanted, last - shown))));
        }
    }
    char number[16];
    std::snprintf(number, sizeof number, "%zu", listing.lines.size());
    float gutter = ImGui::CalcTextSize(number).x + ImGui::CalcTextSize("> ").x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(listing.lines.size()), line_height);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            int line = i + 1;
            ImVec2 at = ImGui::GetCursorScreenPos();
            const Mark* mark = nullptr;
            for (const auto& m : marks)
                if (m.line == line) mark = &m;
            if (line == current || mark) {
                ImU32 color = line == current ? palette().current_line : mark->color;
                draw->AddRectFilled(ImVec2(ImGui::GetWindowPos().x, at.y),
                                    ImVec2(visible_right + ImGui::GetScrollX(), at.y + line_height), color);
            }
            std::snprintf(number, sizeof number, "%d", line);
            ImGui::PushStyleColor(ImGuiCol_Text, palette().dim);
            ImGui::TextUnformatted(line == current ? ">" : " ");
            ImGui::SameLine(0, 0);
            float digits = ImGui::CalcTextSize(number).x;
            ImGui::SetCursorScreenPos(ImVec2(at.x + gutter - digits, at.y));
            ImGui::TextUnformatted(number);
            ImGui::PopStyleColor();
            ImGui::SameLine(0, ImGui::CalcTextSize("  ").x);
            bool in_comment = listing.starts_in_comment[static_cast<size_t>(i)];
            auto tokens = tokenize(analysis::without_markers(listing.lines[static_cast<size_t>(i)]), language, in_comment);
            for (const auto& token : tokens) {
                ImGui::PushStyleColor(ImGuiCol_Text, color_of(token.kind));
                ImGui::TextUnformatted(token.text.data(), token.text.data() + token.text.size());
                ImGui::PopStyleColor();
                ImGui::SameLine(0, 0);
            }
            float text_end = ImGui::GetCursorScreenPos().x;
            ImGui::NewLine();
            // The ledger's count goes at the right edge, clear of the code; where the code is too long for
            // it, hovering the line shows it.
            for (const auto& note : notes)
                if (note.line == line) {
                    float note_width = ImGui::CalcTextSize(note.text.c_str()).x;
                    float x = std::max(visible_right - note_width - ImGui::GetFontSize() * 0.5f, text_end + ImGui::GetFontSize() * 2);
                    if (x + note_width <= visible_right) {
                        draw->AddText(ImVec2(x, at.y), ImGui::GetColorU32(palette().function), note.text.c_str());
                        text_end = x + note_width;
                    }
                    if (ImGui::IsMouseHoveringRect(ImVec2(ImGui::GetWindowPos().x, at.y), ImVec2(visible_right, at.y + line_height)))
                        ImGui::SetTooltip("This await so far: %s.\nSuspended: it gave control back to the loop (or to whoever "
                                          "called send), and the task waited.\nStraight through: what it awaited was ready, "
                                          "so it finished without leaving the step.",
                                          note.text.c_str());
                }
            // The label goes after the code, never over it; if it does not fit, hovering shows it.
            std::string label = line == current ? current_label_ : mark ? mark->label : "";
            if (!label.empty()) {
                ImVec2 size = ImGui::CalcTextSize(label.c_str());
                float x = text_end + ImGui::GetFontSize() * 1.5f;
                if (x + size.x <= visible_right)
                    draw->AddText(ImVec2(x, at.y), ImGui::GetColorU32(palette().accent), ("<- " + label).c_str());
                else if (ImGui::IsMouseHoveringRect(ImVec2(ImGui::GetWindowPos().x, at.y),
                                                    ImVec2(visible_right, at.y + line_height)))
                    ImGui::SetTooltip("%s", label.c_str());
            }
        }
    }
    ImGui::PopFont();
    ImGui::EndChild();
}

void SourcePanel::draw(const View& view) {
    const Trace& trace = view.trace;
    if (trace.files.empty()) {
        ImGui::TextDisabled("This trace carries no source files.");
        return;
    }
    const auto& control = view.state.control;
    mono_ = view.fonts.mono;
    kept_in_view_ = true;
    shown_.clear();
    Location where = view.state.current_location();
    bool show_asyncio = view.settings.show_asyncio && view.asyncio;
    // Following control: into asyncio's Task.step or Future.__await__ while it runs, else the program's file.
    // A Python program's Future.__await__ is real code in the trace (asyncio's futures.py): that is shown.
    bool real_await = !on_runtime(trace) && view.asyncio && view.asyncio->focus == analysis::AsyncioListing::future_await;
    // A Python program's step is asyncio's own Task.__step, whose place the trace records: while the step holds
    // control, that code (the interpreter's tasks.py) is shown, not the simplified listing.
    Location real_step = view.asyncio ? view.asyncio->task_step_code : Location{};
    bool step_holds = view.asyncio && view.asyncio->in_asyncio && view.asyncio->focus == analysis::AsyncioListing::task_step;
    if (follow_ && step_holds && real_step.valid())
        file_ = real_step.file;
    else if (follow_ && show_asyncio && view.asyncio->in_asyncio && !real_await)
        file_ = asyncio_tab + (view.asyncio->focus == analysis::AsyncioListing::task_step ? 0 : 1);
    else if (follow_ && where.valid()) file_ = where.file;
    bool on_asyncio = show_asyncio && (file_ == asyncio_tab || file_ == asyncio_tab + 1);
    if (!on_asyncio && (file_ < 0 || file_ >= static_cast<int>(trace.files.size())))
        file_ = trace.python.cpp_file >= 0 ? trace.python.cpp_file : 0;

    // Which file: the tabs list every file the trace embeds; following control switches them. Where
    // there is room for one listing and no more (presentation mode, large text), the tabs give way.
    bool tabs = ImGui::GetContentRegionAvail().y >= ImGui::GetFrameHeightWithSpacing() + listing_least(view);
    if (!tabs) {
        selected_tab_ = file_;
        follow_ = true;
        if (file_ >= 0 && file_ < static_cast<int>(trace.files.size())) {
            const std::string& path = trace.files[static_cast<size_t>(file_)].path;
            shown_ = path.substr(path.find_last_of('/') + 1);
        }
    }
    if (tabs) ImGui::Checkbox("Follow control", &follow_);
    if (tabs) ImGui::SameLine();
    // A switch asked for here shows in ImGui's tab bar a frame later; until then the old tab is the
    // selected one, and only a tab the learner clicked counts as a choice.
    if (tabs && ImGui::BeginTabBar("files", ImGuiTabBarFlags_FittingPolicyScroll)) {
        bool switching = file_ != selected_tab_;
        int selected = selected_tab_;
        for (int i = 0; i < static_cast<int>(trace.files.size()); ++i) {
            std::string name = trace.files[static_cast<size_t>(i)].path;
            name = name.substr(name.find_last_of('/') + 1) + "##" + std::to_string(i);
            ImGuiTabItemFlags flags = switching && i == file_ ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(name.c_str(), nullptr, flags)) {
                selected = i;
                ImGui::EndTabItem();
            }
        }
        if (show_asyncio)
            for (int i = 0; i < 2; ++i) {
                const char* name = i == 0 ? "Task.step" : "Future.__await__";
                ImGuiTabItemFlags flags = switching && asyncio_tab + i == file_ ? ImGuiTabItemFlags_SetSelected : 0;
                if (view.asyncio && (i == 0 ? view.asyncio->task_step.line : view.asyncio->future_await.line))
                    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
                else
                    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
                if (ImGui::BeginTabItem(name, nullptr, flags)) {
                    selected = asyncio_tab + i;
                    ImGui::EndTabItem();
                }
                ImGui::PopStyleColor();
            }
        ImGui::EndTabBar();
        if (!switching && selected != file_) {
            file_ = selected;
            follow_ = false;
        }
        selected_tab_ = selected;
    }

    if (file_ >= asyncio_tab) {
        draw_asyncio(view, file_ == asyncio_tab ? analysis::AsyncioListing::task_step : analysis::AsyncioListing::future_await);
        return;
    }

    // The strong mark is for the line running now: only when a frame (or the program itself) holds
    // control. While asyncio's own machinery runs (a step, a callback, the loop), every line waits.
    bool code_runs = !control.empty() && (control.back().kind == ControlEntry::Kind::frame ||
                                          control.back().kind == ControlEntry::Kind::program);
    int current = code_runs && where.valid() && where.file == file_ ? where.line : 0;
    if (!current && step_holds && real_step.valid() && real_step.file == file_) current = real_step.line;
    // A plain function of the program's running inside the frame in control: it is the one on this line.
    std::vector<ObjectId> calls = current ? analysis::running_calls(trace, view.state, view.position) : std::vector<ObjectId>{};
    current_label_ = !current ? "" : (calls.empty() ? trace.label(control.back()) : trace.name(calls.front())) + " runs here";

    // Light marks: the program and every frame that is suspended or waiting on an await, named.
    std::vector<Mark> marks;
    Location program_at = view.state.objects[0].where;
    bool program_waits = !control.empty() && control.back().kind != ControlEntry::Kind::program;
    if (program_waits && program_at.file == file_)
        marks.push_back({program_at.line, palette().suspended_line, "program waits"});
    int focus = current;  // the line to keep in view: the running one, else the innermost waiting one
    for (const auto& entry : control)
        if (entry.kind == ControlEntry::Kind::frame && entry != control.back()) {
            Location at = view.state.objects[entry.id].where;
            if (at.file == file_) focus = current ? current : at.line;
        }
    std::vector<WaitingLine> waiting = waiting_lines(view, file_);
    for (const auto& line : waiting)
        marks.push_back({line.line, palette().suspended_line, line.label()});
    if (!focus && program_waits && program_at.file == file_) focus = program_at.line;
    // Nothing of this file runs or waits on the control stack (a task's step runs asyncio's code): keep
    // in view the line where most of its frames wait.
    if (!focus && !waiting.empty())
        focus = std::max_element(waiting.begin(), waiting.end(),
                                 [](const auto& a, const auto& b) { return a.frames < b.frames; })->line;

    // One listing needs its heading and five lines of code (the kept line and two either side). What is
    // said around it (where control is, the file's path, why a listing gave way) goes first when room is short.
    float one_listing = listing_least(view);
    float line = ImGui::GetTextLineHeightWithSpacing();
    bool roomy = ImGui::GetContentRegionAvail().y >= one_listing + line * 2;
    if (!code_runs && !control.empty() && roomy) {
        ImGui::PushTextWrapPos(0);
        if (current && real_step.valid() && real_step.file == file_)  // this file is asyncio's own tasks.py
            ImGui::TextColored(palette().accent, "%s runs asyncio's own Task.__step, marked here; the program's code waits.",
                               trace.label(control.back()).c_str());
        else
            ImGui::TextColored(palette().accent, "Control is in %s (asyncio's own code): the program waits at the marked lines.",
                               trace.label(control.back()).c_str());
        ImGui::PopTextWrapPos();
    }

    bool has_python = !trace.python.text.empty() && view.settings.show_python;
    // View > C++ listing off: the walkthrough's own file shows as its Python original alone.
    bool show_cpp = view.settings.show_cpp || !has_python || file_ != trace.python.cpp_file;
    // Side by side when both fit about 62 columns of code; otherwise the Python goes under the C++.
    ImVec2 room = ImGui::GetContentRegionAvail();
    float column = ImGui::GetFont()->GetCharAdvance('m') * (view.fonts.mono ? view.fonts.mono->FontSize / ImGui::GetFontSize() : 1);
    bool side_by_side = has_python && show_cpp && room.x >= column * 124;
    // One above the other, each needs its own room: where there is less, the Python listing gives way.
    bool python_gives_way = has_python && show_cpp && !side_by_side && room.y < one_listing * 2;
    if (python_gives_way) has_python = false;
    float width = side_by_side ? std::floor(room.x * 0.55f) : 0;
    // One above the other: the C++ about three fifths, and each at least its least (with its heading).
    float cpp_height = has_python && show_cpp && !side_by_side
                           ? std::floor(std::clamp(room.y * 0.58f - line, one_listing - line, room.y - one_listing - line))
                           : 0;
    const std::string& shown_path = trace.files[static_cast<size_t>(file_)].path;
    roomy = room.y >= one_listing * (has_python && !side_by_side ? 2 : 1);  // (each least counts its heading)
    if (show_cpp && roomy && shown_.empty())  // (with the tabs gone, the panel's title names the file)
        dim(side_by_side ? width : 0, "%s  %s", language_of(shown_path) == Language::python ? "Python" : "C++", shown_path.c_str());
    if (!trace.files[static_cast<size_t>(file_)].embedded) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().accent, "Not embedded: this file is outside the program's folder, so the trace keeps only "
                                             "its name and line numbers (cotrace record --embed PATH keeps its text too).");
        ImGui::PopTextWrapPos();
    }
    if (side_by_side) {
        ImGui::SameLine(width + ImGui::GetStyle().ItemSpacing.x + ImGui::GetStyle().WindowPadding.x);
        ImGui::TextDisabled("Python  %s", trace.python.path.c_str());
    }
    if (python_gives_way && room.y >= one_listing + line) dim(0, "(No room for the Python listing: View > C++ listing hides this one.)");
    bool scroll = focus != last_line_ || file_ != last_file_;
    if (show_cpp)
        draw_listing("cpp", listing(trace, file_), language_of(trace.files[static_cast<size_t>(file_)].path), current,
                     marks, focus, scroll, width, cpp_height, ledger_notes(view, file_, false));
    last_line_ = focus;
    last_file_ = file_;

    if (has_python) {
        // The Python listing mirrors the walkthrough's own C++ file, whichever file is shown.
        if (side_by_side) ImGui::SameLine();
        else if (roomy || !show_cpp) dim(0, "Python  %s", trace.python.path.c_str());
        int cpp_file = trace.python.cpp_file;
        int python_current = current && file_ == cpp_file ? python_line(trace, current) : 0;
        std::vector<Mark> python_marks;
        int python_focus = python_current;
        if (program_waits && program_at.file == cpp_file)
            if (int line = python_line(trace, program_at.line)) {
                python_marks.push_back({line, palette().suspended_line, ""});
                python_focus = python_focus ? python_focus : line;
            }
        for (ObjectId id : view.facts.frames_live_near(view.position)) {
            const ObjectState& frame = view.state.objects[id];
            if (frame.where.file != cpp_file) continue;
            if (analysis::frame_waits(view.state, id))
                if (int line = python_line(trace, frame.where.line)) {
                    python_marks.push_back({line, palette().suspended_line, ""});
                    python_focus = python_current ? python_current : line;
                }
        }
        // The label beside the running line goes on the C++ line; with the C++ hidden, on the Python one.
        std::string label = current_label_;
        if (show_cpp) current_label_.clear();
        draw_listing("python", listing(trace, static_cast<int>(trace.files.size())), Language::python, python_current,
                     python_marks, python_focus, python_focus != last_python_line_, 0, 0,
                     ledger_notes(view, cpp_file, true));
        current_label_ = std::move(label);
        last_python_line_ = python_focus;
    }
}

}  // namespace cotrace::ui
