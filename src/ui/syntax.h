// A small syntax highlighter for the two languages a trace shows: C++ and Python.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cotrace::ui {

enum class Language { cpp, python };

struct Token {
    enum class Kind { plain, keyword, type, string, number, comment, function, preprocessor };
    Kind kind;
    std::string_view text;
};

// Splits one line into tokens. `in_block_comment` carries a C++ /* comment */ across lines.
std::vector<Token> tokenize(std::string_view line, Language language, bool& in_block_comment);

Language language_of(std::string_view path);

}  // namespace cotrace::ui
