// `cotrace show SOURCE --step N`: what the window shows at a step, as text or JSON (docs/show.md).
#pragma once

#include <ostream>

#include "analysis/step_view.h"

namespace cotrace::cli {

void print_step_view(const analysis::StepView& view, bool with_question, std::ostream& out);
void print_step_view_json(const analysis::StepView& view, bool with_question, std::ostream& out);

}  // namespace cotrace::cli
