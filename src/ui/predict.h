// Predict mode (View > Predict, P): before the window reveals a step that holds a decision (which callback
// the loop runs, what an await yields or returns, whether it suspends, whom set_result wakes, what prints),
// it asks, and keeps a score. The questions come from the trace (analysis/questions.h). No drawing here,
// so that the headless tests drive it as the keys do.
#pragma once

#include <optional>

#include "analysis/questions.h"
#include "player.h"

namespace cotrace::ui {

class Predict {
public:
    bool on() const { return on_; }
    void set_on(bool on);
    // A new trace: the score starts again; the mode stays.
    void reset() {
        bool on = on_;
        *this = Predict();
        on_ = on;
    }

    // Next, in Predict mode: asks about the first decision on the way to the next stop, or moves there.
    void next(const Trace& trace, Player& player);
    // Asks the question about the event right here, if there is one (the window's --predict --step N).
    void ask_here(const Trace& trace, const Player& player);
    // The learner picks option `index` (0-based; keys 1-4): the step is revealed.
    void answer(size_t index, Player& player);
    // The teacher's way on: reveal (V) shows the right answer and the step, as if answered, but scores
    // nothing; skip (K) goes on past the decision without showing the answer.
    void reveal(Player& player);
    void skip(Player& player);
    int revealed_count() const { return revealed_count_; }
    int skipped() const { return skipped_; }

    const std::optional<analysis::Question>& asking() const { return asking_; }
    const std::optional<analysis::Question>& revealed() const { return revealed_; }
    std::optional<size_t> chosen() const { return chosen_; }
    int asked() const { return asked_; }
    int right() const { return right_; }
    // The learner moved elsewhere: the answer shown so far no longer belongs to the step.
    void moved_to(size_t position);

private:
    // Past the question: the step is shown, with the answer (and the learner's choice) or without.
    void go_past(Player& player, std::optional<size_t> chosen, bool show_answer);
    bool on_ = false;
    std::optional<analysis::Question> asking_, revealed_;
    std::optional<size_t> chosen_;
    int asked_ = 0, right_ = 0, revealed_count_ = 0, skipped_ = 0;
};

}  // namespace cotrace::ui
