// What the classroom's fuzz target does with an input, shared with the ctest that replays the checked-in
// inputs (tests/fuzz/classroom/): the whole input as a page's message, then each line as a teacher's
// command or a page's message, applied to a session of triple_main.
#pragma once

#include <string>
#include <string_view>

#include "classroom/messages.h"
#include "classroom/session.h"

namespace fuzzing {

inline void exercise_classroom(const cotrace::Trace& trace, std::string_view input) {
    using namespace cotrace;
    classroom::Session session(trace);
    (void)classroom::parse_student_message(input);
    std::string id = "aaaaaaaaaaaaaaaa";
    size_t start = 0;
    while (start <= input.size()) {
        size_t end = input.find('\n', start);
        std::string_view line = input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::string problem;
        if (auto command = classroom::parse_command(line, problem)) {
            if (command->kind != classroom::Command::Kind::results && command->kind != classroom::Command::Kind::end)
                (void)session.apply(*command);
        } else if (auto said = classroom::parse_student_message(line)) {
            if (said->kind == classroom::StudentMessage::Kind::hello) session.join(id = said->id);
            else (void)session.answer(id, said->question, said->round, said->option);
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    (void)session.student_view(id).dump();
    (void)session.results_csv();
}

}  // namespace fuzzing
