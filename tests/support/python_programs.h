// Test helper: the Python programs the tests record: the oracle's, the walkthroughs' twins and the tests' own.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

namespace testing_support {

inline std::vector<std::string> python_programs() {
    const std::filesystem::path root = COTRACE_SOURCE_DIR;
    std::vector<std::string> found;
    for (const char* folder : {"tools/oracle/programs", "src/walkthroughs/python", "tests/analysis/programs"})
        for (const auto& entry : std::filesystem::directory_iterator(root / folder))
            if (entry.path().extension() == ".py") found.push_back(std::filesystem::relative(entry.path(), root).string());
    std::sort(found.begin(), found.end());
    return found;
}

// A program's path as a test's name.
inline std::string test_name_of(std::string path) {
    for (char& c : path)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return path;
}

}  // namespace testing_support
