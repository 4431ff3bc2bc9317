// The Predict panel: the question, its options (click one, or press 1-4), then the answer and the score.
#include "panels.h"

namespace cotrace::ui {

float predict_option_height(const std::string& option, float width) {
    return ImGui::CalcTextSize(option.c_str(), nullptr, false, std::max(width, 1.0f)).y;
}

int predict_option_columns(const std::vector<std::string>& options, float width) {
    float half = width / 2 - ImGui::GetStyle().CellPadding.x * 2 - ImGui::CalcTextSize("4   ").x;
    for (const auto& option : options)
        if (ImGui::CalcTextSize(option.c_str()).x > half) return 1;
    return 2;
}

bool predict_buttons_beside(float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float buttons = ImGui::CalcTextSize("PredictReveal (V)Skip (K)").x * 1.15f + style.FramePadding.x * 4 + style.ItemSpacing.x * 3;
    return buttons <= width - style.WindowPadding.x * 2 - style.ScrollbarSize;
}

float predict_band_height(const Predict& predict, ImFont* prompt_font, float width, bool brief) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float line = ImGui::GetTextLineHeightWithSpacing();
    float height = line + style.WindowPadding.y * 2;  // the heading
    if (predict.asking() && !predict_buttons_beside(width)) height += ImGui::GetFrameHeightWithSpacing();
    const auto& question = predict.asking() ? predict.asking() : predict.revealed();
    if (!question) return height;
    width -= style.WindowPadding.x * 2 + style.ScrollbarSize;
    if (brief && !predict.asking())  // the verdict with the right answer, wrapped
        return height + ImGui::CalcTextSize(verdict_text(predict).c_str(), nullptr, false, width).y + style.ItemSpacing.y;
    ImGui::PushFont(prompt_font);
    height += ImGui::CalcTextSize(question->prompt.c_str(), nullptr, false, width).y + style.ItemSpacing.y * 2;
    ImGui::PopFont();
    float indent = ImGui::CalcTextSize("4   ").x;
    int columns = predict_option_columns(question->options, width);
    for (size_t i = 0; i < question->options.size(); i += static_cast<size_t>(columns))
        height += predict_option_height(question->options[i], width / static_cast<float>(columns) - indent) +
                  style.CellPadding.y * 2 + style.ItemSpacing.y;
    if (!predict.asking()) height += line + style.ItemSpacing.y;  // the verdict
    return height;
}

std::string verdict_text(const Predict& predict) {
    const auto& question = predict.revealed();
    if (!question) return "";
    std::string answer = std::to_string(question->answer + 1) + "  " + question->options[question->answer];
    if (!predict.chosen()) return "The answer (revealed without a vote): " + answer;
    if (predict.chosen() == question->answer) return "Right: " + answer;
    return "Not this time: it was " + answer;
}

PredictClicks draw_predict_panel(const View& view, const Predict& predict, bool brief) {
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
    // The hint only where it fits beside the buttons (it is the first thing to go).
    const char* hint = predict.asking() ? "what happens next? Click an answer or press its number"
                                        : "press Right: before each decision the window asks you first";
    float buttons = predict.asking() ? ImGui::CalcTextSize("Reveal (V)Skip (K)").x + ImGui::GetStyle().FramePadding.x * 4 +
                                           ImGui::GetStyle().ItemSpacing.x * 3
                                     : 0;
    if (!score.empty()) ImGui::TextDisabled("  %s", score.c_str());
    else if (ImGui::CalcTextSize(hint).x + buttons < ImGui::GetContentRegionAvail().x) ImGui::TextDisabled("  %s", hint);
    else ImGui::TextUnformatted("");
    if (predict.asking()) {
        // The teacher's way on, without an answer from the room: show the answer, or go past the question.
        // (On a row of their own where the band is narrow.)
        if (!predict_buttons_beside(ImGui::GetWindowWidth())) ImGui::NewLine();
        ImGui::SameLine();
        if (ImGui::SmallButton("Reveal (V)")) clicks.reveal = true;
        ImGui::SameLine();
        if (ImGui::SmallButton("Skip (K)")) clicks.skip = true;
    }
    const auto& question = predict.asking() ? predict.asking() : predict.revealed();
    if (!question) return clicks;
    if (brief && !predict.asking()) {
        // Short of room: the verdict and the right answer, under the narration of what happened.
        bool right = !predict.chosen() || predict.chosen() == question->answer;
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(right ? palette().good : palette().bad, "%s", verdict_text(predict).c_str());
        ImGui::PopTextWrapPos();
        return clicks;
    }
    ImGui::PushFont(view.fonts.large);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(question->prompt.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Spacing();
    bool answered = !predict.asking();
    // Two answers a row when each fits on one line in half the width; else one a row, each wrapping to the
    // panel's width: a long value is read whole, never cut.
    int columns = predict_option_columns(question->options, ImGui::GetContentRegionAvail().x);
    ImGui::BeginTable("options", columns, ImGuiTableFlags_SizingStretchSame);
    for (size_t i = 0; i < question->options.size(); ++i) {
        ImGui::TableNextColumn();
        ImVec4 color = palette().text;
        if (answered && i == question->answer) color = palette().good;
        else if (answered && predict.chosen() == i) color = palette().bad;
        // The whole row is the button: a click answers.
        if (wrapped_selectable(std::to_string(i).c_str(), std::to_string(i + 1) + "   ", question->options[i], color,
                               answered && (i == question->answer || predict.chosen() == i), answered))
            picked = i;
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
    }
    return clicks;
}

}  // namespace cotrace::ui
