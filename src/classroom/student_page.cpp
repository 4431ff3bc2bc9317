#include "student_page.h"

#include <algorithm>

#include "export/handout.h"

namespace cotrace::classroom {

const std::map<std::string, std::string>& classroom_assets();  // embedded by CMake

StudentPage::StudentPage(const Trace& trace, const std::string& origin) {
    exports::HandoutParts parts = exports::handout_parts(trace, origin);
    nlohmann::json& data = parts.data;
    steps_ = std::move(data["steps"]);
    strings_ = std::move(data["strings"]);
    output_ = std::move(data["output"]);
    folds_ = data.contains("folds") ? std::move(data["folds"]) : nlohmann::json::array();
    strings_after_ = std::move(parts.strings_after);
    // The page starts with step 0 and what it uses; the rest comes as the teacher moves.
    data["steps"] = nlohmann::json::array({steps_[0]});
    data["strings"] = nlohmann::json(std::vector<nlohmann::json>(strings_.begin(), strings_.begin() + static_cast<long>(strings_after_[0])));
    data["output"] = nlohmann::json::array();
    data["folds"] = nlohmann::json::array();
    data["live"] = true;
    std::string title = data["title"].get<std::string>();
    html_ = exports::handout_page(title, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                                  classroom_assets().at("assets/handout/classroom.js"));
    // The classroom's own look: the live bar and the question's card.
    const std::string& style = classroom_assets().at("assets/handout/classroom.css");
    size_t head = html_.find("</style>");
    if (head != std::string::npos) html_.insert(head, style);
}

nlohmann::json StudentPage::grow(PageHas& has, size_t upto, size_t most_steps) const {
    upto = std::min(upto, steps_.size() - 1);
    if (has.steps > upto) return nullptr;
    size_t to = std::min(upto + 1, has.steps + most_steps);  // steps [has.steps, to)
    nlohmann::json more = nlohmann::json::object();
    more["steps"] = nlohmann::json(std::vector<nlohmann::json>(steps_.begin() + static_cast<long>(has.steps), steps_.begin() + static_cast<long>(to)));
    size_t strings = strings_after_[to - 1];
    more["strings"] = nlohmann::json(std::vector<nlohmann::json>(strings_.begin() + static_cast<long>(has.strings),
                                                                 strings_.begin() + static_cast<long>(std::max(strings, has.strings))));
    // What was printed by then, and the folds passed by then (a fold's sentence says what its steps did).
    nlohmann::json output = nlohmann::json::array(), folds = nlohmann::json::array();
    while (has.output < output_.size() && output_[has.output]["step"].get<size_t>() < to) output.push_back(output_[has.output++]);
    while (has.folds < folds_.size() && folds_[has.folds][1].get<size_t>() < to) folds.push_back(folds_[has.folds++]);
    more["output"] = std::move(output);
    more["folds"] = std::move(folds);
    has.steps = to;
    has.strings = std::max(strings, has.strings);
    return more;
}

}  // namespace cotrace::classroom
