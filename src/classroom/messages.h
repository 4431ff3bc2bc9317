// What a student's page may send, read and checked: {"type":"hello","id":ID} and {"type":"answer",
// "question":N,"round":R,"option":K} (docs/classroom.md). Anything else is not a page's message, and
// the server closes the connection that sent it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cotrace::classroom {

struct StudentMessage {
    enum class Kind { hello, answer };
    Kind kind = Kind::hello;
    std::string id;                 // hello: 16 to 64 letters, digits, '-' or '_'
    size_t question = 0, option = 0;
    int round = 1;                  // answer: 1 or 2
};
std::optional<StudentMessage> parse_student_message(std::string_view text);

}  // namespace cotrace::classroom
