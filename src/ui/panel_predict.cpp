// The Predict panel: the question, its options (click one, or press 1-4), then the answer and the score.
#include "panels.h"

namespace cotrace::ui {

PredictClicks draw_predict_panel(const View& view, const Predict& predict) {
    PredictClicks clicks;
    std::optional<size_t>& picked = clicks.picked;
    ImGui::PushFont(view.fonts.bold);
    ImGui::TextColored(palette().accent, "Predict");
    ImGui::PopFont();
    ImGui::SameLine();
    // The score says how each question went: answered (and how many right), revealed by the teacher, skipped.
    std::string score;
    if (predict.asked() > 0) score = std::to_string(predict.right()) + " of " + std::to_string(predict.asked()) + " right";
    if (predict.revealed_count() > 0) score += (score.empty() ? "" : ", ") + std::to_string(predict.revealed_count()) + " revealed";
    if (predict.skipped() > 0) score += (score.empty() ? "" : ", ") + std::to_string(predict.skipped()) + " skipped";
    if (!score.empty()) ImGui::TextDisabled("  %s", score.c_str());
    else if (predict.asking()) ImGui::TextDisabled("  what happens next? Answer before the step is revealed");
    else ImGui::TextDisabled("  press Right: before each decision the window asks you first");
    if (predict.asking()) {
        // The teacher's way on, without an answer from the room: show the answer, or go past the question.
        ImGui::SameLine();
        if (ImGui::SmallButton("Reveal (V)")) clicks.reveal = true;
        ImGui::SameLine();
        if (ImGui::SmallButton("Skip (K)")) clicks.skip = true;
    }
    const auto& question = predict.asking() ? predict.asking() : predict.revealed();
    if (!question) return clicks;
    ImGui::PushFont(view.fonts.large);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(question->prompt.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Spacing();
    bool answered = !predict.asking();
    // Two answers a row, so that the band stays low and the panels below stay in sight.
    ImGui::BeginTable("options", 2, ImGuiTableFlags_SizingStretchSame);
    for (size_t i = 0; i < question->options.size(); ++i) {
        ImGui::TableNextColumn();
        std::string label = std::to_string(i + 1) + "   " + question->options[i];
        ImVec4 color = palette().text;
        if (answered && i == question->answer) color = palette().good;
        else if (answered && predict.chosen() == i) color = palette().bad;
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::PushID(static_cast<int>(i));
        // Full width, so that a long value still reads; a click answers.
        if (ImGui::Selectable(label.c_str(), answered && (i == question->answer || predict.chosen() == i),
                              answered ? ImGuiSelectableFlags_Disabled : 0) && !answered)
            picked = i;
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
    ImGui::EndTable();
    if (answered && !predict.chosen()) {
        ImGui::Spacing();
        ImGui::PushFont(view.fonts.bold);
        ImGui::TextColored(palette().good, "The answer: %zu.", question->answer + 1);
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::TextDisabled("Revealed without a vote. Right goes on.");
    } else if (answered) {
        bool right = predict.chosen() == question->answer;
        ImGui::Spacing();
        ImGui::PushFont(view.fonts.bold);
        ImGui::TextColored(right ? palette().good : palette().bad, "%s",
                           right ? "Right." : ("Not this time: it was " + std::to_string(question->answer + 1) + ".").c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::TextDisabled("The narration above says what happened. Right goes on.");
    } else {
        ImGui::TextDisabled("Click an answer or press its number.");
    }
    return clicks;
}

}  // namespace cotrace::ui
