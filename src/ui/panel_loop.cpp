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

void draw_loop_panel(const View& view, Actions& actions) {
    if (!view.facts.has_loop) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette().accent, "This program runs no event loop.");
        ImGui::TextUnformatted("It drives its coroutines by hand with send() and throw(): every transfer of control "
                               "goes between the program and the coroutine chain, with no ready queue and no timers.");
        ImGui::PopTextWrapPos();
        return;
    }
    const LoopState& loop = view.state.loop;
    ImGui::Text("t = %s s (%s clock)    round %d", analysis::seconds_text(loop.time).c_str(), view.trace.meta.clock.c_str(),
                loop.iteration);
    ImGui::Text("The loop is");
    ImGui::SameLine();
    ImGui::TextColored(palette().accent, "%s", analysis::loop_activity(view.trace, view.state, view.position).c_str());

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
        ImGui::TextColored(palette().good, "The last poll waited %.1f ms; %d I/O operation%s completed.",
                           loop.poll_waited * 1000, loop.poll_completions, loop.poll_completions == 1 ? "" : "s");
    }

    // Ready queue | timer heap | pending I/O (the third only once the program has done I/O).
    bool show_io = view.facts.has_io;
    float width = ImGui::GetContentRegionAvail().x;
    float column = show_io ? width / 3 : width / 2;
    ImGui::BeginChild("ready", ImVec2(column - 4, 0), true);
    heading(view, ("Ready queue (" + std::to_string(view.state.ready.size()) + ")").c_str());
    if (view.state.ready.empty()) ImGui::TextDisabled("empty");
    for (size_t i = 0; i < view.state.ready.size(); ++i) {
        ObjectId handle = view.state.ready[i];
        bool cancelled = view.state.objects[handle].status == Status::cancelled;
        bool mark_next = i == 0 && !view.asking;
        std::string text = ready_entry_text(view.trace, view.state, i, view.asking != nullptr);
        // A click on an entry answers Predict's "which one runs next?".
        ImGui::PushStyleColor(ImGuiCol_Text, cancelled ? palette().dim : mark_next ? palette().accent : palette().text);
        if (ImGui::Selectable((text + "##" + std::to_string(i)).c_str(), false)) actions.pick = handle;
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("timers", ImVec2(show_io ? column - 4 : 0, 0), true);
    heading(view, ("Timer heap (" + std::to_string(view.state.timers.size()) + ")").c_str());
    if (view.state.timers.empty()) ImGui::TextDisabled("no timers");
    if (!view.state.timers.empty() &&
        ImGui::BeginTable("timer-table", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("due at");
        ImGui::TableSetupColumn("callback");
        ImGui::TableHeadersRow();
        for (ObjectId timer : view.state.timers) {
            const ObjectState& state = view.state.objects[timer];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("t = %s", analysis::seconds_text(state.when).c_str());
            ImGui::TableNextColumn();
            if (state.status == Status::cancelled) ImGui::TextDisabled("%s (cancelled)", view.trace.name(timer).c_str());
            else ImGui::TextUnformatted(view.trace.name(timer).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    if (!show_io) return;
    ImGui::SameLine();
    ImGui::BeginChild("io", ImVec2(0, 0), true);
    heading(view, ("Pending I/O (" + std::to_string(view.state.io_pending.size()) + ")").c_str());
    if (view.state.io_pending.empty()) ImGui::TextDisabled("none in flight");
    ImGui::PushTextWrapPos(0);
    for (ObjectId io : view.state.io_pending)
        ImGui::Text("%s: %s", view.trace.name(io).c_str(), std::string(view.trace.text(view.state.objects[io].io)).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace cotrace::ui
