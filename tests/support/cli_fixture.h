// Test helper: runs the `cotrace` command in a directory of its own, as a learner would.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "files.h"
#include "test_directory.h"

namespace testing_support {

namespace fs = std::filesystem;

struct Result {
    int exit_code;
    std::string out, err;
};

class Cli : public TestWithDirectory {
protected:
    Cli() : TestWithDirectory("cotrace-cli-") {}

    // Runs `cotrace ARGUMENTS` through the shell (so ARGUMENTS may redirect standard input).
    Result run(const std::string& arguments) {
        std::string command = "'" + std::string(COTRACE_BINARY) + "' " + arguments + " >'" + (dir_ / "out").string() + "' 2>'" +
                              (dir_ / "err").string() + "'";
        int status = std::system(command.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(dir_ / "out"), read_text(dir_ / "err")};
    }

    std::string file_with(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
        return (dir_ / name).string();
    }
};

}  // namespace testing_support
