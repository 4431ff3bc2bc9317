// The fuzzer's finds, replayed on every build (tests/fuzz/regressions/), and its seeds: each is given to
// exercise_trace() in this process (built with GCC, as the shipped cotrace is) and to the command under a
// memory and time limit. Each must load and hold up, or be refused with a message naming the file.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_fixture.h"
#include "exercise.h"
#include "trace/trace_json.h"

using namespace testing_support;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

std::vector<fs::path> regressions() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root / "tests" / "fuzz" / "regressions"))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST(FuzzRegressions, EachIsRefusedOrHoldsUpInProcess) {
    auto files = regressions();
    ASSERT_GE(files.size(), 10u);
    for (const auto& file : files) {
        std::string bytes = read_text(file);
        cotrace::fuzz::exercise_trace(bytes, file.string());  // aborts the test on a broken promise
    }
}

TEST(FuzzRegressions, TheSeedsLoadAndHoldUpInEveryEncoding) {
    for (const auto& entry : fs::directory_iterator(root / "traces")) {
        cotrace::Trace trace = cotrace::load_trace(entry.path().string());
        for (auto encoding : {cotrace::TraceEncoding::json, cotrace::TraceEncoding::cbor, cotrace::TraceEncoding::messagepack}) {
            std::string bytes = encoding == cotrace::TraceEncoding::json ? cotrace::to_json(trace) : cotrace::to_binary(trace, encoding);
            EXPECT_TRUE(cotrace::fuzz::exercise_trace(bytes, entry.path().string())) << entry.path();
        }
    }
}

class FuzzRegressionsCli : public Cli {};

TEST_F(FuzzRegressionsCli, EveryVerbEndsWithAnAnswerOrAMessage) {
    for (const auto& file : regressions()) {
        for (std::string verb : {"log", "outline", "narrate", "record"}) {
            std::string arguments = verb + " '" + file.string() + "'" + (verb == "record" ? " -o '" + (dir_ / "again.cbor").string() + "'" : "");
#if defined(__SANITIZE_ADDRESS__)
            std::string limit;  // AddressSanitizer's shadow needs more address space than any limit
#else
            std::string limit = "ulimit -v 1048576; ";
#endif
            std::string command = "bash -c \"" + limit + "exec timeout 60 '" + std::string(COTRACE_BINARY) + "' " +
                                  arguments + "\" >/dev/null 2>'" + (dir_ / "err").string() + "'";
            int status = std::system(command.c_str());
            int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            std::string err = read_text(dir_ / "err");
            EXPECT_TRUE(exit_code == 0 || exit_code == 1) << verb << " " << file << " exited " << exit_code << ": " << err;
            if (exit_code == 1) {
                EXPECT_EQ(err.find("cotrace: error: " + file.string() + ": "), 0u) << err;
            }
        }
    }
}
