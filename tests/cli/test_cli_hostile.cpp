// Hostile inputs through the command (issue 10): files that are not regular files, files it may not
// read, and adversarial traces under a memory limit. Each must end promptly with exit 1 and a message
// that names the file and the OS's reason, or succeed within the bounds docs/trace-format.md states.
#include <sys/stat.h>
#include <unistd.h>

#include "cli_fixture.h"
#include "hostile_traces.h"

using namespace testing_support;

namespace {

// AddressSanitizer reserves terabytes of address space for its shadow: under it, no `ulimit -v`.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

class CliHostile : public Cli {
protected:
    // Runs the command through bash with limits: `run` gives cotrace's own arguments, this a script.
    Result run_bounded(const std::string& arguments, int megabytes = 1024) {
        std::string limit = sanitized ? std::string() : "ulimit -v " + std::to_string(megabytes * 1024) + "; ";
        std::string command = "bash -c \"" + limit + "exec timeout 120 '" +
                              std::string(COTRACE_BINARY) + "' " + arguments + "\" >'" + (dir_ / "out").string() +
                              "' 2>'" + (dir_ / "err").string() + "'";
        int status = std::system(command.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(dir_ / "out"), read_text(dir_ / "err")};
    }
    std::string trace_file(const std::string& name, const Trace& trace) {
        return file_with(name, encoded(trace, cotrace::encoding_for(name)));
    }
};

}  // namespace

TEST_F(CliHostile, AFifoIsRefusedAtOnceNotWaitedOn) {
    std::string fifo = (dir_ / "trace.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto result = run_bounded("log '" + fifo + "'");
    EXPECT_EQ(result.exit_code, 1);  // not 124: timeout's code for a hang
    EXPECT_EQ(result.err, "cotrace: error: " + fifo +
                              ": is a pipe (FIFO), not a trace file (to read a trace from a pipe, give - and send it "
                              "to standard input)\n");
}

TEST_F(CliHostile, StandardInputIsReadWithADash) {
    std::string trace = (fs::path(COTRACE_SOURCE_DIR) / "traces" / "triple_main.json").string();
    auto expected = run("log '" + trace + "'");
    auto piped = run("log - < '" + trace + "'");
    EXPECT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_EQ(piped.out, expected.out);
    auto through_cat = run("log - < /dev/null");
    EXPECT_EQ(through_cat.err, "cotrace: error: standard input: the file is empty\n");
    // /dev/stdin on a pipe is a pipe: said so, with the way to read it.
    std::string command = "cat '" + trace + "' | '" + std::string(COTRACE_BINARY) + "' log /dev/stdin 2>&1";
    int exit_code = 0;
    std::string said = run_command(command, &exit_code);
    EXPECT_EQ(exit_code, 1);
    EXPECT_NE(said.find("/dev/stdin: is a pipe (FIFO), not a trace file"), std::string::npos) << said;
}

TEST_F(CliHostile, AProcFileIsReadNotCalledEmpty) {
    auto result = run("log /proc/self/status");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("/proc/self/status: line 1, column 1: malformed JSON"), std::string::npos) << result.err;
    auto device = run("log /dev/null");
    EXPECT_EQ(device.err, "cotrace: error: /dev/null: is a character device, not a trace file (to read a trace from a "
                          "pipe, give - and send it to standard input)\n");
}

TEST_F(CliHostile, AFileItMayNotReadSaysPermissionDenied) {
    std::string path = file_with("secret.json", "{}");
    ::chmod(path.c_str(), 0600);
    // root reads anything: the command runs as nobody.
    std::string as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    if (as.empty()) ::chmod(path.c_str(), 0);
    int exit_code = 0;
    std::string said = run_command(as + "'" + std::string(COTRACE_BINARY) + "' log '" + path + "' 2>&1", &exit_code);
    EXPECT_EQ(exit_code, 1);
    EXPECT_EQ(said, "cotrace: error: " + path + ": cannot open it: Permission denied\n");
}

TEST_F(CliHostile, AdversarialTracesStayWithinTheirMemoryBounds) {
    // Each of these took gigabytes or minutes before; now each is a few MB and runs under a 1 GB limit.
    std::string deep = trace_file("deep.cbor", deep_frames(20000, 200000));
    std::string queue = trace_file("queue.msgpack", long_ready_queue(50000));
    std::string timers = trace_file("timers.json", long_timer_heap(50000));
    for (const std::string& file : {deep, queue, timers}) {
        EXPECT_LT(fs::file_size(file), 8u << 20) << file;
        for (const char* verb : {"log", "outline", "narrate"}) {
            auto result = run_bounded(std::string(verb) + " '" + file + "'");
            EXPECT_EQ(result.exit_code, 0) << verb << " " << file << ": " << result.err;
        }
    }
    // Refused ones end early, whatever their size.
    std::string programs = trace_file("programs.json", nested_program_starts(200000));
    auto result = run_bounded("outline '" + programs + "'", 256);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("/events/1: event 1 (program_start): the program starts again"), std::string::npos);
    std::string nested = file_with("nested.cbor", deeply_nested(cotrace::TraceEncoding::cbor, 200000));
    result = run_bounded("log '" + nested + "'", 256);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("nested deeper than 16 levels"), std::string::npos) << result.err;
}

TEST_F(CliHostile, RunningOutOfMemorySaysSoAndNamesTheFile) {
    if (sanitized) GTEST_SKIP() << "a memory limit needs a build without AddressSanitizer";
    Trace trace = titled("big texts");
    std::string text(6 << 20, 'x');
    for (int i = 0; i < 4; ++i) trace.events.push_back({.kind = EventKind::print, .text = text});
    std::string path = trace_file("big.json", trace);
    // 64 MB: room for cotrace itself (CPython's library included) and the mapped file, not for the trace.
    auto result = run_bounded("log '" + path + "'", 64);
    EXPECT_EQ(result.exit_code, 1);
    bool said = result.err.starts_with("cotrace: error: " + path + ": out of memory while loading it (24 MB)") ||
                result.err.starts_with("cotrace: error: " + path + ": cannot map it into memory: Cannot allocate memory");
    EXPECT_TRUE(said) << result.err;
}
