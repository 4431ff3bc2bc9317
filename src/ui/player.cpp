#include "player.h"

#include <algorithm>
#include <array>

namespace cotrace::ui {

namespace {
constexpr std::array<double, 7> speed_ladder = {0.25, 0.5, 1, 2, 3, 5, 10};
}

namespace {

// 0, then the stops in order, then the end.
std::vector<size_t> bounded(const std::vector<size_t>& stops, size_t event_count) {
    std::vector<size_t> all;
    all.reserve(stops.size() + 2);
    all.push_back(0);
    for (size_t stop : stops)
        if (stop > all.back() && stop <= event_count) all.push_back(stop);
    if (all.back() != event_count) all.push_back(event_count);
    return all;
}

}  // namespace

Player::Player(size_t event_count, std::vector<size_t> control_stops, std::vector<size_t> line_stops,
               const std::vector<std::pair<size_t, size_t>>& folds)
    : event_count_(event_count), control_(bounded(control_stops, event_count)) {
    for (const auto& fold : folds) line_stops.push_back(fold.second);
    std::sort(line_stops.begin(), line_stops.end());
    lines_ = bounded(line_stops, event_count);
}

void Player::expand(size_t first, size_t last) {
    if (expanded(first)) return;
    expanded_.push_back(first);
    for (size_t position = first; position <= std::min(last, event_count_); ++position) lines_.push_back(position);
    std::sort(lines_.begin(), lines_.end());
    lines_.erase(std::unique(lines_.begin(), lines_.end()), lines_.end());
}

bool Player::expanded(size_t first) const {
    return std::find(expanded_.begin(), expanded_.end(), first) != expanded_.end();
}

void Player::next() {
    if (every_event()) {
        position_ = std::min(position_ + 1, event_count_);
        return;
    }
    auto it = std::upper_bound(stops().begin(), stops().end(), position_);
    if (it != stops().end()) position_ = *it;
}

void Player::previous() {
    if (every_event()) {
        position_ = position_ > 0 ? position_ - 1 : 0;
        return;
    }
    auto it = std::lower_bound(stops().begin(), stops().end(), position_);
    if (it != stops().begin()) position_ = *(it - 1);
}

void Player::first() { position_ = 0; }
void Player::last() { position_ = event_count_; }
void Player::jump(size_t position) { position_ = std::min(position, event_count_); }

size_t Player::step_number_at(size_t position) const {
    if (every_event()) return position;
    // Between two stops (after a jump), count the stop already passed.
    return static_cast<size_t>(std::upper_bound(stops().begin(), stops().end(), position) - stops().begin()) - 1;
}

size_t Player::step_count() const { return every_event() ? event_count_ : stops().size() - 1; }

size_t Player::position_of_step(size_t n) const {
    if (every_event()) return std::min(n, event_count_);
    return stops()[std::min(n, stops().size() - 1)];
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
