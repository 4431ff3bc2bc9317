// The student page: the web handout (same look, same keys), served with step 0 only; the rest of its
// steps come over the WebSocket as the teacher reaches them, so that no page holds what has not happened
// yet in class (a Predict question's answer among it). C++ computes every step, the page shows them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trace/trace.h"

namespace cotrace::classroom {

// How much of the handout's data a page has: it is sent what it lacks to reach a step.
struct PageHas {
    size_t steps = 1, strings = 0, output = 0, folds = 0;
};

class StudentPage {
public:
    StudentPage(const Trace& trace, const std::string& origin);
    const std::string& html() const { return html_; }
    size_t steps() const { return steps_.size(); }
    // What a page that has `has` is sent to have steps 0..`upto` (at most `most_steps` of them at once:
    // it asks again for the rest), and `has` moved on; null when it lacks nothing.
    nlohmann::json grow(PageHas& has, size_t upto, size_t most_steps = 2000) const;

private:
    std::string html_;
    nlohmann::json steps_, strings_, output_, folds_;
    std::vector<size_t> strings_after_;
};

}  // namespace cotrace::classroom
