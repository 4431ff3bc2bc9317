#include "session.h"

#include <algorithm>
#include <charconv>

#include "analysis/folds.h"
#include "analysis/stepping.h"
#include "trace/views.h"

namespace cotrace::classroom {

namespace {

// The window's stops at a granularity: a Python program's lines and its tasks' steps (with each fold of
// asyncio's own code one stop), or each transfer of control. (Every event: none, each position is one.)
std::vector<size_t> teacher_stops(const Trace& trace, std::string_view granularity) {
    if (granularity == "event") return {};
    std::vector<size_t> stops;
    if (granularity == "lines") {
        stops = analysis::line_stops(trace);
        for (const auto& fold : analysis::folds(trace, stops)) stops.push_back(fold.last);
    } else {
        for (const auto& line : outline_lines(trace)) stops.push_back(line.event + 1);
    }
    stops.push_back(0);
    stops.push_back(trace.size());
    std::sort(stops.begin(), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
    while (!stops.empty() && stops.back() > trace.size()) stops.pop_back();
    return stops;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::string_view command_list() {
    return "next, back, step N, granularity event|control|lines, ask, reveal, again, skip, results [FILE], status, end";
}

std::optional<Command> parse_command(std::string_view line, std::string& problem) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    std::string_view word = line.substr(0, line.find(' '));
    std::string_view rest = word.size() < line.size() ? line.substr(word.size() + 1) : std::string_view();
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    static const std::pair<std::string_view, Command::Kind> words[] = {
        {"next", Command::Kind::next},     {"back", Command::Kind::back},   {"step", Command::Kind::step},
        {"granularity", Command::Kind::granularity},
        {"ask", Command::Kind::ask},       {"reveal", Command::Kind::reveal}, {"again", Command::Kind::again},
        {"skip", Command::Kind::skip},     {"results", Command::Kind::results}, {"status", Command::Kind::status},
        {"end", Command::Kind::end}};
    for (const auto& [name, kind] : words) {
        if (word != name) continue;
        Command command{.kind = kind};
        if (kind == Command::Kind::step) {
            auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), command.step);
            if (rest.empty() || error != std::errc() || end != rest.data() + rest.size()) {
                problem = "step needs a number: step N";
                return std::nullopt;
            }
        } else if (kind == Command::Kind::granularity) {
            if (rest != "event" && rest != "control" && rest != "lines") {
                problem = "granularity takes event, control or lines";
                return std::nullopt;
            }
            command.granularity = std::string(rest);
        } else if (kind == Command::Kind::results) {
            command.file = std::string(rest);
        } else if (!rest.empty()) {
            problem = std::string(name) + " takes nothing after it";
            return std::nullopt;
        }
        return command;
    }
    problem = line.empty() ? "an empty line" : "unknown command \"" + std::string(word) + "\"";
    problem += " (the commands: " + std::string(command_list()) + ")";
    return std::nullopt;
}

std::vector<size_t> Session::Asked::counts(int of_round) const {
    std::vector<size_t> counts(question->options.size(), 0);
    for (const auto& [id, option] : votes[of_round - 1])
        if (option < counts.size()) ++counts[option];
    return counts;
}

Session::Session(const Trace& trace)
    : trace_(trace), has_lines_(!analysis::line_stops(trace).empty()), granularity_(has_lines_ ? "lines" : "control"),
      stops_(teacher_stops(trace, granularity_)), questions_(analysis::questions(trace)) {}

const Session::Asked* Session::current() const { return current_ ? &asked_[*current_] : nullptr; }

const Session::Asked* Session::shown() const {
    if (current_) return &asked_[*current_];
    return last_revealed_ ? &asked_[*last_revealed_] : nullptr;
}

std::string Session::go(size_t position) {
    position = std::min(position, trace_.size());
    if (position == position_ && position_ != 0) return "step " + std::to_string(position_) + " of " + std::to_string(trace_.size());
    if (current_) asked_[*current_].open = false;  // moving on closes what was open
    position_ = position;
    current_.reset();
    for (size_t i = 0; i < asked_.size(); ++i)
        if (asked_[i].question->event == position_) current_ = i;
    std::string said = "step " + std::to_string(position_) + " of " + std::to_string(trace_.size());
    if (!current_) {
        auto question = std::find_if(questions_.begin(), questions_.end(),
                                     [&](const analysis::Question& q) { return q.event == position_; });
        if (question != questions_.end()) {
            asked_.push_back({.number = asked_.size() + 1, .question = &*question});
            current_ = asked_.size() - 1;
        }
    }
    if (current_ && last_revealed_ != current_) last_revealed_.reset();  // a new question: the old verdict goes
    changed();
    if (const Asked* now = current(); now && now->open)
        said += "; question " + std::to_string(now->number) + " is open: " + now->question->prompt;
    return said;
}

std::string Session::apply(const Command& command) {
    switch (command.kind) {
        case Command::Kind::next: {
            auto stop = std::upper_bound(stops_.begin(), stops_.end(), position_);
            size_t to = granularity_ == "event" ? std::min(position_ + 1, trace_.size()) : stop == stops_.end() ? trace_.size() : *stop;
            if (to == position_) return "at the end: step " + std::to_string(position_);
            // The first question on the way is a stop too.
            for (const auto& question : questions_)
                if (question.event > position_ && question.event < to) {
                    to = question.event;
                    break;
                }
            return go(to);
        }
        case Command::Kind::back: {
            auto stop = std::lower_bound(stops_.begin(), stops_.end(), position_);
            if (position_ == 0 || (granularity_ != "event" && stop == stops_.begin())) return "at the start: step 0";
            return go(granularity_ == "event" ? position_ - 1 : *(stop - 1));
        }
        case Command::Kind::step: return go(command.step);
        case Command::Kind::granularity: {
            if (command.granularity == "lines" && !has_lines_)
                return "this trace has no lines to step by (a C++ program's): granularity event or control";
            if (command.granularity != granularity_) {
                granularity_ = command.granularity;
                stops_ = teacher_stops(trace_, granularity_);
                changed();  // every page numbers its steps anew
            }
            return "the class steps by " + std::string(granularity_ == "event" ? "every event" : granularity_ == "control" ? "transfers of control" : "lines and task steps");
        }
        case Command::Kind::ask: {
            if (!current_) return "no question at step " + std::to_string(position_);
            Asked& now = asked_[*current_];
            if (now.open) return "question " + std::to_string(now.number) + " is open already";
            now.open = true, now.revealed = false;
            changed();
            return "question " + std::to_string(now.number) + " is open again (round " + std::to_string(now.round) + ")";
        }
        case Command::Kind::reveal: {
            if (!current_) return "no question to reveal at step " + std::to_string(position_);
            Asked& now = asked_[*current_];
            now.open = false, now.revealed = true;
            last_revealed_ = current_;
            changed();
            std::string counts;
            for (size_t n : now.counts(now.round)) counts += (counts.empty() ? "" : " / ") + std::to_string(n);
            return "question " + std::to_string(now.number) + " revealed: " + counts + " (right: option " +
                   std::to_string(now.question->answer + 1) + ")";
        }
        case Command::Kind::again: {
            // The question here, or the one last revealed (the teacher stepped on to show what happened):
            // back to its step, for a second round.
            std::optional<size_t> target = current_ ? current_ : last_revealed_;
            if (!target) return "no question to ask again at step " + std::to_string(position_);
            Asked& now = asked_[*target];
            if (now.round == 2) return "question " + std::to_string(now.number) + " was asked twice already";
            if (!now.revealed) return "reveal question " + std::to_string(now.number) + " first, then discuss, then ask again";
            now.round = 2, now.open = true, now.revealed = false;
            current_ = target;
            position_ = now.question->event;
            changed();
            return "step " + std::to_string(position_) + " of " + std::to_string(trace_.size()) + "; question " +
                   std::to_string(now.number) + " is open again, after discussion (round 2)";
        }
        case Command::Kind::skip: {
            if (!current_ || !asked_[*current_].open) return "no open question to skip";
            asked_[*current_].open = false;
            changed();
            return "question " + std::to_string(asked_[*current_].number) + " skipped";
        }
        case Command::Kind::results: case Command::Kind::status: case Command::Kind::end: return {};
    }
    return {};
}

// Joining, leaving and answering change what the projector shows, not what the pages show (a page sees
// its own answer, which its connection sends it): the pages' version stays.
void Session::join(const std::string& id) { ++connections_[id]; }

void Session::leave(const std::string& id) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    if (--it->second <= 0) connections_.erase(it);
}

bool Session::answer(const std::string& id, size_t question, int round, size_t option) {
    if (!current_) return false;
    Asked& now = asked_[*current_];
    if (!now.open || now.number != question || now.round != round || option >= now.question->options.size()) return false;
    now.votes[round - 1][id] = option;  // a second answer replaces the first
    return true;
}

nlohmann::json Session::student_view(const std::string& id) const {
    nlohmann::json view = {{"type", "state"}, {"step", position_}, {"granularity", granularity_}};
    const Asked* now = shown();
    if (!now) {
        view["question"] = nullptr;
        return view;
    }
    nlohmann::json question = {{"number", now->number}, {"round", now->round}, {"prompt", now->question->prompt},
                               {"options", now->question->options}, {"open", now->open}, {"revealed", now->revealed}};
    auto yours = now->votes[now->round - 1].find(id);
    question["yours"] = yours == now->votes[now->round - 1].end() ? nlohmann::json(nullptr) : nlohmann::json(yours->second);
    if (now->revealed) {
        question["answer"] = now->question->answer;
        question["counts"] = now->counts(now->round);
        if (now->round == 2) question["before"] = now->counts(1);
    }
    view["question"] = std::move(question);
    return view;
}

std::string Session::results_csv() const {
    std::string csv = "question,step,prompt,option,right,votes before discussion,votes after discussion\n";
    for (const Asked& asked : asked_) {
        std::vector<size_t> before = asked.counts(1), after = asked.counts(2);
        for (size_t i = 0; i < asked.question->options.size(); ++i) {
            csv += std::to_string(asked.number) + "," + std::to_string(asked.question->event) + "," +
                   csv_field(asked.question->prompt) + "," + csv_field(asked.question->options[i]) + "," +
                   (i == asked.question->answer ? "yes" : "no") + "," + std::to_string(before[i]) + "," +
                   (asked.round == 2 ? std::to_string(after[i]) : std::string()) + "\n";
        }
    }
    return csv;
}

}  // namespace cotrace::classroom
