// Test helper: a test with a fresh directory of its own under the system's temporary directory, named
// after the test (so parallel tests never share one), and removed afterwards.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace testing_support {

class TestWithDirectory : public ::testing::Test {
protected:
    explicit TestWithDirectory(std::string prefix) : prefix_(std::move(prefix)) {}
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               (prefix_ + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::permissions(dir_, std::filesystem::perms::all, ignored);
        std::filesystem::remove_all(dir_, ignored);
    }

    std::filesystem::path dir_;

private:
    std::string prefix_;
};

}  // namespace testing_support
