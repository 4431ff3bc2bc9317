#include <cstdio>

#include "analysis/describe.h"
#include "panels.h"

namespace cotrace::ui {

namespace {

}  // namespace

std::string ready_entry_text(const Trace& trace, const State& state, size_t index, bool asking) {
    ObjectId handle = state.ready[index];
    bool cancelled = state.objects[handle].status == Status::cancelled;
    // While Predict asks which runs now, the queue keeps its order (first in, first out is the lesson) but
    // does not mark the next one: that would be the answer.
    bool mark_next = index == 0 && !asking;
    return (mark_next ? "next > " : "       ") + trace.name(handle) + (cancelled ? "  (cancelled)" : "");
}

std::string loop_panel_title(const View& view) {
    std::string title = "Event loop";
    if (view.facts.has_loop)
        title += "     t = " + analysis::seconds_text(view.state.loop.time) + " s (" + view.trace.meta.clock + " clock), round " +
                 std::to_string(view.state.loop.iteration);
    return title + "###Event loop";
}

std::string loop_title_line(const View& view) {
    if (!view.facts.has_loop) return "Event loop: none in this program";
    return "Event loop: ready queue " + std::to_string(view.state.ready.size()) + ", timers " +
           std::to_string(view.state.timers.size());
}

float loop_box_least() {
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImGui::GetTextLineHeightWithSpacing() * 2 + style.WindowPadding.y * 2 + style.ItemSpacing.y;
}

void draw_loop_panel(const View& view, Actions& actions) {
    if (!view.facts.has_loop) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().accent, "This program runs no event loop.");
        ImGui::TextUnformatted("It drives its coroutines by hand with send() and throw(): every transfer of control "
                               "goes between the program and the coroutine chain, with no ready queue and no timers.");
        ImGui::PopTextWrapPos();
        return;
    }
    const LoopState& loop = view.state.loop;  // its time and round are in the panel's title (loop_panel_title)
    ImGui::Text("The loop is");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(palette().accent, "%s", analysis::loop_activity(view.trace, view.state, view.position).c_str());
    ImGui::PopTextWrapPos();

    // While the loop blocks in poll, say exactly what it is waiting for.
    if (loop.polling && !view.state.io_pending.empty() && loop.poll_timeout != 0) {
        std::string waits;
        for (ObjectId io : view.state.io_pending) {
            if (!waits.empty()) waits += "; ";
            waits += view.trace.text(view.state.objects[io].io);
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().warn, "It waits for: %s", waits.c_str());
        ImGui::PopTextWrapPos();
    } else if (loop.poll_completions > 0) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().good, "The last poll waited %.1f ms; %d I/O operation%s completed.",
                           loop.poll_waited * 1000, loop.poll_completions, loop.poll_completions == 1 ? "" : "s");
        ImGui::PopTextWrapPos();
    }

    // Ready queue | timer heap | pending I/O (the third only once the program has done I/O).
    bool show_io = view.facts.has_io;
    float width = ImGui::GetContentRegionAvail().x;
    float column = show_io ? width / 3 : width / 2;
    // The boxes fill what is left, and never less than their heading and a line (the panel scrolls then).
    float boxes = std::max(ImGui::GetContentRegionAvail().y, loop_box_least());
    // A box too narrow for an entry wraps it (and its heading).
    ImGui::BeginChild("ready", ImVec2(column - 4, boxes), true);
    heading(view, ("Ready queue (" + std::to_string(view.state.ready.size()) + ")").c_str());
    ImGui::PushTextWrapPos(0);  // a narrow box wraps what it says
    if (view.state.ready.empty()) ImGui::TextDisabled("empty");
    ImGui::PopTextWrapPos();
    for (size_t i = 0; i < view.state.ready.size(); ++i) {
        ObjectId handle = view.state.ready[i];
        bool cancelled = view.state.objects[handle].status == Status::cancelled;
        bool mark_next = i == 0 && !view.asking;
        std::string text = ready_entry_text(view.trace, view.state, i, view.asking != nullptr);
        // A click on an entry answers Predict's "which one runs next?".
        if (wrapped_selectable(std::to_string(i).c_str(), "", text,
                               cancelled ? palette().dim : mark_next ? palette().accent : palette().text, false))
            actions.pick = handle;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("timers", ImVec2(show_io ? column - 4 : 0, boxes), true);
    heading(view, ("Timer heap (" + std::to_string(view.state.timers.size()) + ")").c_str());
    // Soonest first, one a row: "t = 2.000  sleep's timer", wrapping in a narrow box.
    ImGui::PushTextWrapPos(0);
    if (view.state.timers.empty()) ImGui::TextDisabled("no timers");
    for (ObjectId timer : view.state.timers) {
        const ObjectState& state = view.state.objects[timer];
        std::string row = "t = " + analysis::seconds_text(state.when) + "   " + view.trace.name(timer);
        if (state.status == Status::cancelled) ImGui::TextDisabled("%s (cancelled)", row.c_str());
        else ImGui::TextUnformatted(row.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    if (!show_io) return;
    ImGui::SameLine();
    ImGui::BeginChild("io", ImVec2(0, boxes), true);
    heading(view, ("Pending I/O (" + std::to_string(view.state.io_pending.size()) + ")").c_str());
    ImGui::PushTextWrapPos(0);
    if (view.state.io_pending.empty()) ImGui::TextDisabled("none in flight");
    for (ObjectId io : view.state.io_pending)
        ImGui::Text("%s: %s", view.trace.name(io).c_str(), std::string(view.trace.text(view.state.objects[io].io)).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace cotrace::ui
