#include "classroom_view.h"

#include <algorithm>
#include <utility>

namespace cotrace::ui {

void ClassroomView::start(std::shared_ptr<const Trace> trace, const std::string& origin, const std::string& bind, int port) {
    end();
    auto server = std::make_unique<classroom::Server>(*trace, origin, classroom::ServerOptions{.bind = bind, .port = port});
    trace_ = std::move(trace);
    server_ = std::move(server);
    url_ = server_->join_url();
    qr_ = classroom::qr_code(url_);
    results_.clear();
    posted_.reset();
    posted_granularity_.clear();
}

void ClassroomView::end() {
    if (!server_) return;
    results_ = server_->results_csv();
    server_->end();
    server_.reset();
    trace_.reset();
}

void ClassroomView::follow(size_t position, Granularity granularity) {
    if (!server_) return;
    // The pages number their steps as the window does ("Step 14 of 29"): its granularity first.
    std::string name = granularity == Granularity::lines ? "lines" : granularity == Granularity::control_transfers ? "control" : "event";
    if (posted_granularity_ != name) {
        bool first = posted_granularity_.empty();
        posted_granularity_ = name;
        auto said = server_->post({.kind = classroom::Command::Kind::granularity, .granularity = name});
        if (first) said.wait();  // a page that joins at once numbers its steps as the window does
    }
    if (posted_ == position) return;
    posted_ = position;
    server_->post({.kind = classroom::Command::Kind::step, .step = position});  // the reply is not waited for
}

void ClassroomView::command(classroom::Command::Kind kind) {
    if (!server_) return;
    std::string said = server_->post({.kind = kind}).get();
    // "again" takes the class back to the question's step: the window goes there too (the App asks).
    if (kind == classroom::Command::Kind::again) posted_ = status().step;
}

classroom::ClassStatus ClassroomView::status() const { return server_ ? server_->status() : classroom::ClassStatus{}; }

std::string ClassroomView::results_csv() { return server_ ? server_->results_csv() : results_; }

void ClassroomView::open_dialog() {
    dialog_ = true;
    addresses_ = classroom::local_addresses();
    address_ = 0;
    start_key_ = cancel_key_ = false;
}

std::optional<ClassroomView::Started> ClassroomView::draw_dialog() {
    if (!dialog_) return std::nullopt;
    if (!ImGui::IsPopupOpen("Start a classroom session")) ImGui::OpenPopup("Start a classroom session");
    std::optional<Started> started;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal("Start a classroom session", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("Students open the address this shows, on their phones or laptops, on the same network as this "
                               "computer: no install, no account. Their page follows your steps, and each of them answers "
                               "every Predict question; you reveal the class's answers.");
        ImGui::Spacing();
        ImGui::TextUnformatted("Serve on the classroom network's address. A laptop on Wi-Fi and a cable has two: pick the "
                               "one the students' devices are on (127.0.0.1 is this computer only, for trying it out).");
        ImGui::PopTextWrapPos();
        for (size_t i = 0; i < addresses_.size(); ++i)
            if (ImGui::RadioButton(addresses_[i].c_str(), address_ == static_cast<int>(i))) address_ = static_cast<int>(i);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputInt("port", &port_);
        port_ = std::clamp(port_, 0, 65535);
        ImGui::TextDisabled("The address carries a random token: without it, the server answers nothing.");
        if (ImGui::Button("Start") || std::exchange(start_key_, false)) {
            started = Started{addresses_.empty() ? std::string() : addresses_[static_cast<size_t>(address_)], port_};
            dialog_ = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || std::exchange(cancel_key_, false)) {
            dialog_ = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    return started;
}

namespace {

// A question's rows: each option, and once revealed the class's bar, its count, and which was right.
float rows_height(const classroom::ClassStatus& s, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float height = 0;
    for (const auto& option : s.options)
        height += ImGui::CalcTextSize(option.c_str(), nullptr, false, std::max(width * 0.55f, 1.0f)).y + style.ItemSpacing.y;
    return height;
}

}  // namespace

float ClassroomView::band_height(const Fonts& fonts, float width) const {
    const ImGuiStyle& style = ImGui::GetStyle();
    float large = fonts.large ? fonts.large->FontSize : ImGui::GetFontSize() * 1.4f;
    float line = ImGui::GetTextLineHeightWithSpacing();
    // The address, a line of who joined and the buttons; the QR code beside, at least six lines high.
    float height = large + style.ItemSpacing.y + ImGui::GetFrameHeightWithSpacing();
    classroom::ClassStatus s = status();
    float text_width = width - style.WindowPadding.x * 2 - line * 8;
    if (s.question) {
        ImGui::PushFont(fonts.bold);
        height += ImGui::CalcTextSize(s.prompt.c_str(), nullptr, false, std::max(text_width, 1.0f)).y + style.ItemSpacing.y;
        ImGui::PopFont();
        height += rows_height(s, text_width);
    }
    // Before the first question, while the class joins, the QR code is larger: it is what they scan.
    return std::max(height, line * (s.question ? 7.0f : 11.0f)) + style.WindowPadding.y * 2;
}

ClassroomView::Clicks ClassroomView::draw_band(const View& view) {
    Clicks clicks;
    classroom::ClassStatus s = status();
    const ImGuiStyle& style = ImGui::GetStyle();
    // The QR code, drawn module by module (dark on white, with its quiet zone), as tall as the band.
    ImVec2 origin = ImGui::GetCursorScreenPos();
    // As tall as the band, but never more than 40% of its width (beside the Source, the band is narrow).
    float side = std::min(ImGui::GetContentRegionAvail().y, ImGui::GetContentRegionAvail().x * 0.4f);
    if (qr_.size > 0 && side > 0) {
        int modules = qr_.size + 8;
        float unit = std::floor(side / static_cast<float>(modules));
        float drawn = unit * static_cast<float>(modules);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(origin, ImVec2(origin.x + drawn, origin.y + drawn), IM_COL32(255, 255, 255, 255));
        for (int y = 0; y < qr_.size; ++y)
            for (int x = 0; x < qr_.size; ++x)
                if (qr_.at(x, y)) {
                    ImVec2 at(origin.x + unit * static_cast<float>(x + 4), origin.y + unit * static_cast<float>(y + 4));
                    draw->AddRectFilled(at, ImVec2(at.x + unit, at.y + unit), IM_COL32(0, 0, 0, 255));
                }
        ImGui::Dummy(ImVec2(drawn, drawn));
        ImGui::SameLine(0, style.ItemSpacing.x * 2);
    }
    ImGui::BeginGroup();
    float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;  // the group's right edge, window-local
    ImGui::PushFont(view.fonts.large);
    ImGui::PushTextWrapPos(right);  // a narrow band wraps the address (a long word is cut where it must be)
    ImGui::TextColored(palette().accent, "%s", url_.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Text("%zu student%s joined", s.joined, s.joined == 1 ? "" : "s");
    // The next item on this line if it fits, else on the next.
    auto beside = [&](const char* text) {
        float width = ImGui::CalcTextSize(text).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + width > right) ImGui::NewLine();
    };
    if (s.question && s.open) {
        std::string answered = "  question " + std::to_string(s.number) + (s.round == 2 ? " (again)" : "") + ": " +
                               std::to_string(s.answered) + " of " + std::to_string(s.joined) + " answered";
        beside(answered.c_str());
        ImGui::TextDisabled("%s", answered.c_str());
        beside("Reveal (V)");
        clicks.reveal = ImGui::SmallButton("Reveal (V)");
        beside("Skip (K)");
        clicks.skip = ImGui::SmallButton("Skip (K)");
    } else if (s.question && s.revealed && s.round == 1) {
        beside("  after a discussion:");
        ImGui::TextDisabled("  after a discussion:");
        beside("Ask again");
        clicks.again = ImGui::SmallButton("Ask again");
    }
    beside("End session");
    clicks.end = ImGui::SmallButton("End session");
    if (!s.question) {
        // While the class joins: what to do with the address, said for the room.
        ImGui::Spacing();
        ImGui::PushFont(view.fonts.large);
        ImGui::PushTextWrapPos(right);
        ImGui::TextUnformatted("On your phone or laptop, on this network: open the address, or scan the code. "
                               "Your page follows the steps here; answer each question on it.");
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
    }
    if (s.question) {
        float width = ImGui::GetContentRegionAvail().x;
        ImGui::PushFont(view.fonts.bold);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::TextUnformatted(s.prompt.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        // Until the reveal, the options only: what the class answered stays hidden, as on their pages.
        size_t most = 1;
        for (size_t n : s.counts) most = std::max(most, n);
        for (size_t i = 0; i < s.options.size(); ++i) {
            bool right = s.revealed && i == s.answer;
            float left = ImGui::GetCursorPosX();  // window-local; SameLine's offset is the group's
            ImGui::PushTextWrapPos(left + width * 0.55f);
            std::string text = std::to_string(i + 1) + ". " + s.options[i];
            if (right) ImGui::TextColored(palette().good, "%s", text.c_str());
            else ImGui::TextUnformatted(text.c_str());
            ImGui::PopTextWrapPos();
            if (!s.revealed || i >= s.counts.size()) continue;
            ImGui::SameLine(width * 0.57f);
            ImVec2 at = ImGui::GetCursorScreenPos();
            float bar_width = width * 0.3f * static_cast<float>(s.counts[i]) / static_cast<float>(most);
            float bar_height = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + std::max(bar_width, 2.0f), at.y + bar_height),
                                                      ImGui::GetColorU32(right ? palette().good : palette().accent), 3);
            ImGui::Dummy(ImVec2(width * 0.3f, bar_height));
            ImGui::SameLine();
            std::string count = std::to_string(s.counts[i]);
            if (i < s.before.size()) count += "  (first vote: " + std::to_string(s.before[i]) + ")";
            if (right) count += "  right";
            ImGui::TextUnformatted(count.c_str());
        }
    }
    ImGui::EndGroup();
    return clicks;
}

}  // namespace cotrace::ui
