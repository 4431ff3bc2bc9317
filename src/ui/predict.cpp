#include "predict.h"

namespace cotrace::ui {

void Predict::set_on(bool on) {
    on_ = on;
    asking_.reset();
    revealed_.reset();
    chosen_.reset();
}

void Predict::next(const Trace& trace, Player& player) {
    if (asking_) return;  // an answer first (or P to leave Predict)
    Player ahead = player;
    ahead.next();
    size_t from = player.position(), to = ahead.position();
    revealed_.reset();
    chosen_.reset();
    if (to > from)
        if (auto question = analysis::first_question(trace, from, to)) {
            // Stand just before the decision, so that what is shown is what the learner decides from.
            player.jump(question->event);
            asking_ = std::move(question);
            return;
        }
    player.jump(to);
}

void Predict::ask_here(const Trace& trace, const Player& player) {
    size_t at = player.position();
    asking_ = at < trace.size() ? analysis::first_question(trace, at, at + 1) : std::nullopt;
}

void Predict::go_past(Player& player, std::optional<size_t> chosen, bool show_answer) {
    chosen_ = chosen;
    player.jump(asking_->event + 1);
    if (show_answer) revealed_ = std::move(asking_);
    else revealed_.reset();
    asking_.reset();
}

void Predict::answer(size_t index, Player& player) {
    if (!asking_ || index >= asking_->options.size()) return;
    ++asked_;
    if (index == asking_->answer) ++right_;
    go_past(player, index, true);
}

void Predict::reveal(Player& player) {
    if (!asking_) return;
    ++revealed_count_;
    go_past(player, std::nullopt, true);
}

void Predict::skip(Player& player) {
    if (!asking_) return;
    ++skipped_;
    go_past(player, std::nullopt, false);
}

void Predict::moved_to(size_t position) {
    if (asking_ && position != asking_->event) asking_.reset();
    if (revealed_ && position != revealed_->event + 1) revealed_.reset(), chosen_.reset();
}

}  // namespace cotrace::ui
