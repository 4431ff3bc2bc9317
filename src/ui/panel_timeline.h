// The timeline panel: lanes of spans over time, the current step as a vertical line. Wheel or [ ] zoom,
// drag or , . pan; a click on a span jumps to it.
#pragma once

#include <optional>

#include "analysis/timeline.h"
#include "view.h"

namespace cotrace::ui {

using analysis::TimelineArrow, analysis::TimelineLane, analysis::TimelineModel, analysis::TimelineSpan;

class TimelinePanel {
public:
    void reset(const Trace& trace);
    // Returns the position to jump to when a span was clicked.
    std::optional<size_t> draw(const View& view);
    void zoom(double factor, double around_fraction = 0.5);
    void pan(double fraction);

    const TimelineModel& model() const { return model_; }
    double first() const { return first_; }
    double last() const { return last_; }

private:
    double x_of(size_t event) const;  // along the axis: the event index, or its loop time

    TimelineModel model_;
    const Trace* trace_ = nullptr;
    bool by_time_ = false;
    double first_ = 0, last_ = 1;   // the visible range of the axis
    double total_first_ = 0, total_last_ = 1;
};

}  // namespace cotrace::ui
