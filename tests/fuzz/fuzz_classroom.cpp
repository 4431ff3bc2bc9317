// libFuzzer over what a classroom session reads from outside: a student's message (the WebSocket's text)
// and the teacher's command lines (standard input), applied to a session of triple_main. Nothing may
// crash, hang or leak; every message is read as valid or not, and the session stays consistent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "classroom/messages.h"
#include "classroom/session.h"
#include "trace/trace_json.h"

using namespace cotrace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Trace trace = load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json");
    std::string_view input(reinterpret_cast<const char*>(data), size);
    classroom::Session session(trace);
    // The whole input as one page's message, then each line as a teacher's command or a page's message.
    auto message = classroom::parse_student_message(input);
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
    (void)message;
    (void)session.student_view(id).dump();
    (void)session.results_csv();
    return 0;
}
