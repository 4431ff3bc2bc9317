#include "messages.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace cotrace::classroom {

std::optional<StudentMessage> parse_student_message(std::string_view text) {
    nlohmann::json message = nlohmann::json::parse(text, nullptr, false);
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) return std::nullopt;
    const std::string& type = message["type"].get_ref<const std::string&>();
    StudentMessage parsed;
    if (type == "hello") {
        if (message.size() != 2 || !message.contains("id") || !message["id"].is_string()) return std::nullopt;
        parsed.id = message["id"].get<std::string>();
        if (parsed.id.size() < 16 || parsed.id.size() > 64) return std::nullopt;
        for (char c : parsed.id)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
        return parsed;
    }
    if (type == "answer") {
        if (message.size() != 4) return std::nullopt;
        for (const char* key : {"question", "round", "option"})
            if (!message.contains(key) || !message[key].is_number_unsigned()) return std::nullopt;
        std::uint64_t round = message["round"];
        if (round < 1 || round > 2) return std::nullopt;
        parsed.kind = StudentMessage::Kind::answer;
        parsed.question = message["question"].get<std::uint64_t>();
        parsed.option = message["option"].get<std::uint64_t>();
        parsed.round = static_cast<int>(round);
        return parsed;
    }
    return std::nullopt;
}

}  // namespace cotrace::classroom
