#include "syntax.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace cotrace::ui {

namespace {

constexpr std::array<std::string_view, 47> cpp_keywords = {
    "alignas", "auto", "break", "case", "catch", "class", "co_await", "co_return", "co_yield", "const",
    "constexpr", "continue", "default", "delete", "do", "else", "enum", "explicit", "false", "for",
    "friend", "if", "inline", "namespace", "new", "noexcept", "nullptr", "operator", "override",
    "private", "protected", "public", "requires", "return", "static", "static_cast", "struct",
    "switch", "template", "this", "throw", "true", "try", "typename", "using", "virtual", "while"};
constexpr std::array<std::string_view, 14> cpp_types = {
    "bool", "char", "double", "float", "int", "long", "size_t", "std", "string", "unsigned", "void",
    "Value", "Coroutine", "List"};
constexpr std::array<std::string_view, 34> python_keywords = {
    "False", "None", "True", "and", "as", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
constexpr std::array<std::string_view, 6> python_builtins = {"print", "range", "isinstance", "str", "int",
                                                             "self"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

bool identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Index just past a string literal that opens at `start` with `quote`.
size_t string_end(std::string_view line, size_t start, char quote) {
    size_t i = start + 1;
    while (i < line.size() && line[i] != quote) i += line[i] == '\\' ? 2 : 1;
    return std::min(i + 1, line.size());
}

}  // namespace

Language language_of(std::string_view path) {
    return path.ends_with(".py") ? Language::python : Language::cpp;
}

std::vector<Token> tokenize(std::string_view line, Language language, bool& in_block_comment) {
    using K = Token::Kind;
    std::vector<Token> tokens;
    size_t i = 0;
    auto push = [&](K kind, size_t end) {
        if (end > i) tokens.push_back({kind, line.substr(i, end - i)});
        i = end;
    };
    if (in_block_comment) {
        size_t close = line.find("*/");
        if (close == std::string_view::npos) {
            push(K::comment, line.size());
            return tokens;
        }
        in_block_comment = false;
        push(K::comment, close + 2);
    }
    while (i < line.size()) {
        char c = line[i];
        bool python = language == Language::python;
        if (!python && line.substr(i, 2) == "//") {
            push(K::comment, line.size());
        } else if (!python && line.substr(i, 2) == "/*") {
            size_t close = line.find("*/", i + 2);
            if (close == std::string_view::npos) {
                in_block_comment = true;
                push(K::comment, line.size());
            } else {
                push(K::comment, close + 2);
            }
        } else if (python && c == '#') {
            push(K::comment, line.size());
        } else if (!python && c == '#') {
            push(K::preprocessor, line.size());
        } else if (python && c == '@' && tokens.empty()) {
            push(K::preprocessor, line.size());
        } else if (c == '"' || c == '\'') {
            push(K::string, string_end(line, i, c));
        } else if (python && (c == 'f' || c == 'r' || c == 'b') && i + 1 < line.size() &&
                   (line[i + 1] == '"' || line[i + 1] == '\'') && (i == 0 || !identifier_char(line[i - 1]))) {
            size_t end = string_end(line, i + 1, line[i + 1]);
            push(K::string, end);
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t end = i;
            while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '.')) ++end;
            push(K::number, end);
        } else if (identifier_start(c)) {
            size_t end = i;
            while (end < line.size() && identifier_char(line[end])) ++end;
            std::string_view word = line.substr(i, end - i);
            size_t next = end;
            while (next < line.size() && line[next] == ' ') ++next;
            K kind = K::plain;
            if (python ? contains(python_keywords, word) : contains(cpp_keywords, word)) kind = K::keyword;
            else if (python ? contains(python_builtins, word) : contains(cpp_types, word)) kind = K::type;
            else if (next < line.size() && line[next] == '(') kind = K::function;
            push(kind, end);
        } else {
            size_t end = i + 1;
            while (end < line.size() && !identifier_start(line[end]) && !std::isdigit(static_cast<unsigned char>(line[end])) &&
                   line[end] != '"' && line[end] != '\'' && line[end] != '#' && line[end] != '/')
                ++end;
            push(K::plain, end);
        }
    }
    return tokens;
}

}  // namespace cotrace::ui
