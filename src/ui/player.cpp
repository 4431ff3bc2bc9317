#include "player.h"

#include <algorithm>
#include <array>

namespace cotrace::ui {

namespace {
constexpr std::array<double, 7> speed_ladder = {0.25, 0.5, 1, 2, 3, 5, 10};
}

Player::Player(size_t event_count, std::vector<size_t> control_stops) : event_count_(event_count) {
    every_.resize(event_count + 1);
    for (size_t i = 0; i <= event_count; ++i) every_[i] = i;
    control_.push_back(0);
    for (size_t stop : control_stops)
        if (stop > control_.back() && stop <= event_count) control_.push_back(stop);
    if (control_.back() != event_count) control_.push_back(event_count);
}

const std::vector<size_t>& Player::stops() const {
    return granularity_ == Granularity::every_event ? every_ : control_;
}

void Player::next() {
    const auto& s = stops();
    auto it = std::upper_bound(s.begin(), s.end(), position_);
    if (it != s.end()) position_ = *it;
}

void Player::previous() {
    const auto& s = stops();
    auto it = std::lower_bound(s.begin(), s.end(), position_);
    if (it != s.begin()) position_ = *(it - 1);
}

void Player::first() { position_ = 0; }
void Player::last() { position_ = event_count_; }
void Player::jump(size_t position) { position_ = std::min(position, event_count_); }

size_t Player::step_number() const {
    const auto& s = stops();
    // Between two stops (after a jump), count the stop already passed.
    return static_cast<size_t>(std::upper_bound(s.begin(), s.end(), position_) - s.begin()) - 1;
}

size_t Player::step_count() const { return stops().size() - 1; }

size_t Player::position_of_step(size_t n) const {
    const auto& s = stops();
    return s[std::min(n, s.size() - 1)];
}

void Player::play() {
    if (position_ >= event_count_) position_ = 0;  // play again from the start
    playing_ = true;
    pending_ = 0;
}

void Player::set_speed(double steps_per_second) { speed_ = std::clamp(steps_per_second, min_speed, max_speed); }

void Player::faster() {
    for (double rung : speed_ladder)
        if (rung > speed_ + 1e-9) {
            speed_ = rung;
            return;
        }
}

void Player::slower() {
    for (auto it = speed_ladder.rbegin(); it != speed_ladder.rend(); ++it)
        if (*it < speed_ - 1e-9) {
            speed_ = *it;
            return;
        }
}

bool Player::tick(double seconds) {
    if (!playing_) return false;
    pending_ += seconds;
    size_t before = position_;
    double interval = 1.0 / speed_;
    while (pending_ >= interval && playing_) {
        pending_ -= interval;
        next();
        if (position_ >= event_count_) playing_ = false;
    }
    return position_ != before;
}

}  // namespace cotrace::ui
