// A classroom session's state, apart from the network: where the teacher is, the Predict question open
// (if any), each student's answer, and the results. The server (server.h) feeds it what the teacher and
// the students send, and sends each student what this makes of it. It knows nothing of sockets, so that
// the tests drive it directly.
//
// The teacher moves through the trace as the window does (the lines granularity for a Python program,
// transfers of control otherwise, or another the teacher picks: every page then numbers its steps the
// same way), and stops at each Predict question on the way (analysis::questions):
// it is open until the teacher reveals it (every student's page says whether they were right) or moves
// on. After a discussion the teacher may ask it again: a second round, whose chart sits beside the first.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/questions.h"
#include "trace/trace.h"

namespace cotrace::classroom {

// What the teacher can do: the headless teacher's commands (one a line), and the window's buttons.
struct Command {
    enum class Kind { next, back, step, granularity, ask, reveal, again, skip, results, status, end };
    Kind kind = Kind::next;
    size_t step = 0;   // step N
    std::string file;  // results [FILE]
    std::string granularity;  // granularity event|control|lines
};
// "next", "back", "step 12", "granularity lines", "ask", "reveal", "again", "skip", "results [FILE]",
// "status", "end"; nullopt with `problem` said for anything else.
std::optional<Command> parse_command(std::string_view line, std::string& problem);
// The commands, for a help line: "next, back, step N, granularity event|control|lines, ask, ...".
std::string_view command_list();

class Session {
public:
    explicit Session(const Trace& trace);

    // The teacher. Returns a line that says what happened ("step 12 of 187", "question 2 (round 1) is
    // open: ...", "nothing to reveal"). `results`, `status` and `end` are the server's to carry out.
    std::string apply(const Command& command);
    size_t position() const { return position_; }
    size_t steps() const { return trace_.size(); }
    // How the teacher steps and numbers steps: "event", "control" or "lines" (a trace with line steps).
    const std::string& granularity() const { return granularity_; }

    // A student's browser connected (`id`: its random id, kept in the browser) or went away.
    void join(const std::string& id);
    void leave(const std::string& id);
    size_t joined() const { return connections_.size(); }

    // A student answers the open question (its number and round, as their page showed it): the first
    // answer counts; a second replaces the first and never counts twice. False: there is no such question
    // open now, or no such option (the page was behind, or the message is not one a page sends).
    bool answer(const std::string& id, size_t question, int round, size_t option);

    // What the projector shows of the open question: how many answered, and, once revealed, the counts.
    struct Asked {
        size_t number = 0;        // 1, 2, ... in the order asked
        const analysis::Question* question = nullptr;
        int round = 1;            // 2 after "again"
        bool open = true;         // accepting answers (until revealed, skipped, or the teacher moves on)
        bool revealed = false;
        std::map<std::string, size_t> votes[2];  // each round's answers, by student id
        std::vector<size_t> counts(int round) const;
    };
    const Asked* current() const;  // the question at the teacher's step, if one was asked there
    // What pages and the projector show: the question here, or else the one last revealed (its verdict and
    // chart stay while the teacher steps on to show what happened, until the next question).
    const Asked* shown() const;
    const std::vector<Asked>& asked() const { return asked_; }

    // What a student's page is sent (without the steps themselves, which the server streams): the
    // teacher's step and granularity, and the question as that student sees it. Never the answer before
    // it is revealed.
    nlohmann::json student_view(const std::string& id) const;
    // Changes each time anything every page shows changes (the step, the question): not for a join, a
    // leave or an answer, which only the projector and the one page show.
    std::uint64_t version() const { return version_; }

    // Each question asked: its options, the counts before and after discussion, and the right answer,
    // as CSV (no names, no addresses: students are counted, never named).
    std::string results_csv() const;

private:
    std::string go(size_t position);  // moves there, opening the question there if it was never asked
    void changed() { ++version_; }

    const Trace& trace_;
    bool has_lines_;                             // the trace has line steps (a Python program's)
    std::string granularity_;
    std::vector<size_t> stops_;                  // the teacher's stops, ascending, 0 and the end included (none
                                                 // at every-event granularity, where each position is one)
    std::vector<analysis::Question> questions_;  // every decision point, in order
    std::vector<Asked> asked_;
    std::optional<size_t> current_;              // index into asked_ of the question at position_
    std::optional<size_t> last_revealed_;        // index into asked_ of the question revealed last
    std::map<std::string, int> connections_;     // student id -> connections open
    size_t position_ = 0;
    std::uint64_t version_ = 1;
};

}  // namespace cotrace::classroom
