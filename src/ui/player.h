// Player: where the learner is in a trace, and how they move through it. No drawing here, so the
// headless tests can drive it directly.
//
// A position is the number of events applied: 0 is before anything happened, size() is the end.
// At the "transfers of control" granularity, only positions where someone else just took control
// are stops (the seed's walkthrough level); at "lines" (a Python trace), each line of the program's own
// code and each step of one of its tasks, as Python Tutor steps. Every other position is still
// reachable by jump().
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cotrace::ui {

enum class Granularity { every_event, control_transfers, lines };

class Player {
public:
    Player() = default;
    // `control_stops`: positions (1-based event counts) after which control changed hands, ascending;
    // `line_stops`: those of the lines granularity (analysis::line_stops), none for a trace without lines;
    // `folds`: stretches (first, last position) where only asyncio's code runs (analysis::folds), each one
    // stop of the lines granularity, at its last position, until it is expanded.
    Player(size_t event_count, std::vector<size_t> control_stops, std::vector<size_t> line_stops = {},
           const std::vector<std::pair<size_t, size_t>>& folds = {});
    bool has_lines() const { return lines_.size() > 2; }
    // Every position of the fold first..last becomes a stop of the lines granularity.
    void expand(size_t first, size_t last);
    bool expanded(size_t first) const;

    size_t position() const { return position_; }
    size_t event_count() const { return event_count_; }

    void next();
    void previous();
    void first();
    void last();
    void jump(size_t position);

    // "Step N of M" at the current granularity: which stop this is, and how many there are.
    size_t step_number() const { return step_number_at(position_); }
    // The number of the stop at or before `position`, as "Step N of M" would say it there: what the
    // window's panels call a step by (an event between two stops is in the step already passed).
    size_t step_number_at(size_t position) const;
    size_t step_count() const;
    // The position of stop `n` (0..step_count()), for the scrub slider.
    size_t position_of_step(size_t n) const;

    void set_granularity(Granularity granularity) { granularity_ = granularity; }
    Granularity granularity() const { return granularity_; }

    void play();
    void pause() { playing_ = false; }
    void toggle_play() { playing_ ? pause() : play(); }
    bool playing() const { return playing_; }

    // Steps per second, from 0.25 to 10.
    static constexpr double min_speed = 0.25, max_speed = 10;
    void set_speed(double steps_per_second);
    double speed() const { return speed_; }
    void faster();  // next speed on the ladder 0.25, 0.5, 1, 2, 3, 5, 10
    void slower();

    // Advances playback by `seconds` of wall time; returns true if the position changed.
    bool tick(double seconds);

private:
    bool every_event() const { return granularity_ == Granularity::every_event; }

    size_t event_count_ = 0;
    size_t position_ = 0;
    // At every-event granularity every position is a stop (no list needed: ten million would take 80 MB).
    std::vector<size_t> control_;  // 0, then each control stop, then event_count
    std::vector<size_t> lines_;    // 0, then each line stop, then event_count
    std::vector<size_t> expanded_;  // the first positions of the folds expanded
    const std::vector<size_t>& stops() const { return granularity_ == Granularity::lines ? lines_ : control_; }
    Granularity granularity_ = Granularity::every_event;
    bool playing_ = false;
    double speed_ = 2;
    double pending_ = 0;  // wall time not yet turned into steps
};

}  // namespace cotrace::ui
