// The narration, large, with the names and values of this step picked out in colour.
#include <algorithm>

#include "analysis/races.h"
#include "panels.h"

namespace cotrace::ui {

namespace {

struct Word {
    std::string text;
    bool highlighted;
};

// Splits the sentence into words, marking those inside any of the highlighted phrases.
std::vector<Word> words_of(const std::string& sentence, const std::vector<std::string>& phrases) {
    std::vector<char> marked(sentence.size(), 0);
    for (const auto& phrase : phrases) {
        if (phrase.empty()) continue;
        for (size_t at = sentence.find(phrase); at != std::string::npos; at = sentence.find(phrase, at + phrase.size()))
            std::fill(marked.begin() + static_cast<long>(at), marked.begin() + static_cast<long>(at + phrase.size()), 1);
    }
    std::vector<Word> words;
    size_t start = 0;
    while (start < sentence.size()) {
        size_t end = sentence.find(' ', start);
        if (end == std::string::npos) end = sentence.size();
        // A word is highlighted when most of it is (so "triple_task's" still counts).
        size_t hits = static_cast<size_t>(std::count(marked.begin() + static_cast<long>(start), marked.begin() + static_cast<long>(end), 1));
        words.push_back({sentence.substr(start, end - start), hits * 2 > end - start});
        start = end + 1;
    }
    return words;
}

}  // namespace

void draw_narration_panel(const View& view, Actions& actions) {
    if (view.fold) {
        // One stop for many steps of asyncio's own code: what they did, and a way to see each.
        // The button first, so that a long summary never scrolls it out of the band.
        std::string label = "Show all " + std::to_string(view.fold->steps());
        if (ImGui::Button(label.c_str())) actions.expand_fold = true;
        ImGui::SameLine();
        ImGui::PushFont(view.fonts.large);
        ImGui::TextWrapped("%s", view.fold->text.c_str());
        ImGui::PopFont();
        return;
    }
    if (!view.event) {
        ImGui::PushFont(view.fonts.large);
        ImGui::TextWrapped("%s", view.trace.meta.intro.empty() ? "Press Right (or Next) to take the first step."
                                                                : view.trace.meta.intro.c_str());
        ImGui::PopFont();
        return;
    }
    std::string sentence = narrate(view.trace, view.before, view.position - 1);
    // What the data did while this frame waited (a Python trace's reads and writes).
    if (std::string note = analysis::resume_note(view.trace, view.state, view.position); !note.empty()) sentence += " " + note;
    std::vector<std::string> phrases;
    if (!view.event->text.empty() && view.event->kind != EventKind::print) phrases.emplace_back(view.event->text);
    if (view.event->subject) phrases.push_back(view.trace.name(view.event->subject));
    if (view.event->other) phrases.push_back(view.trace.name(view.event->other));
    if (view.event->kind == EventKind::print) phrases.emplace_back(view.event->text);

    ImGui::PushFont(view.fonts.large);
    float right = ImGui::GetContentRegionAvail().x;
    float x = 0, space = ImGui::CalcTextSize(" ").x;
    bool first = true;
    for (const auto& word : words_of(sentence, phrases)) {
        float width = ImGui::CalcTextSize(word.text.c_str()).x;
        if (!first) {
            if (x + space + width > right) x = 0;  // wrap
            else {
                ImGui::SameLine(0, space);
                x += space;
            }
        }
        if (word.highlighted) ImGui::TextColored(palette().value, "%s", word.text.c_str());
        else ImGui::TextUnformatted(word.text.c_str());
        x += width;
        first = false;
    }
    ImGui::PopFont();
}

}  // namespace cotrace::ui
