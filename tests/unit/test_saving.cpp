// Saving like a careful editor (issue 10): a fresh temporary file that no planted file or symlink can
// redirect, the old mode kept, a symlink left a link, and one clear message per failure.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "files.h"
#include "hostile_traces.h"
#include "test_directory.h"

using namespace cotrace;
using namespace testing_support;
namespace fs = std::filesystem;

namespace {

class Saving : public TestWithDirectory {
protected:
    Saving() : TestWithDirectory("cotrace-saving-") {}
    void SetUp() override {
        TestWithDirectory::SetUp();
        trace_ = titled("saved");
        trace_.events.push_back({.kind = EventKind::print, .text = "hello"});
    }
    std::vector<std::string> names_in_dir() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    // Runs `body` in a child process (for limits and identities the test itself must not take on);
    // returns what it wrote to its pipe: the save's error message, or "saved".
    std::string in_child(const std::function<void()>& prepare, const std::string& path) const {
        int pipe_fds[2];
        EXPECT_EQ(::pipe(pipe_fds), 0);
        pid_t child = ::fork();
        if (child == 0) {
            ::close(pipe_fds[0]);
            prepare();
            std::string said = "saved";
            try {
                save_trace(trace_, path);
            } catch (const TraceError& error) {
                said = error.what();
            }
            [[maybe_unused]] ssize_t wrote = ::write(pipe_fds[1], said.data(), said.size());
            ::_exit(0);
        }
        ::close(pipe_fds[1]);
        std::string said;
        char buffer[512];
        for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<size_t>(got));
        ::close(pipe_fds[0]);
        int status = 0;
        ::waitpid(child, &status, 0);
        EXPECT_TRUE(WIFEXITED(status));
        return said;
    }

    Trace trace_;
};

}  // namespace

TEST_F(Saving, APlantedSymlinkAtATemporaryNameRedirectsNothing) {
    fs::path victim = dir_ / "victim.txt", target = dir_ / "t.json";
    std::ofstream(victim) << "precious";
    // The old, predictable name, and names like the new ones: none is opened.
    fs::create_symlink(victim, dir_ / ("t.json.tmp-" + std::to_string(::getpid())));
    for (const char* name : {".t.json.XXXXXX", ".t.json.000000", ".t.json.tmp"}) fs::create_symlink(victim, dir_ / name);
    save_trace(trace_, target.string());
    EXPECT_EQ(read_text(victim), "precious");
    EXPECT_EQ(load_trace(target.string()), trace_);
    // Nothing left behind: only what was planted, the victim and the trace.
    EXPECT_EQ(names_in_dir().size(), 6u);
}

TEST_F(Saving, SavingOverASymlinkWritesItsTargetAndKeepsTheLink) {
    fs::create_directories(dir_ / "real");
    fs::path real = dir_ / "real" / "t.json", link = dir_ / "link.json";
    std::ofstream(real) << "old";
    fs::create_symlink("real/t.json", link);
    save_trace(trace_, link.string());
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link), "real/t.json");
    EXPECT_EQ(load_trace(real.string()), trace_);
    // A dangling link: the file it names is made.
    fs::create_symlink("real/new.cbor", dir_ / "dangling.cbor");
    save_trace(trace_, (dir_ / "dangling.cbor").string());
    EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.cbor"));
    EXPECT_EQ(load_trace((dir_ / "real" / "new.cbor").string()), trace_);
}

TEST_F(Saving, TheReplacedFilesModeIsKept) {
    fs::path path = dir_ / "private.msgpack";
    std::ofstream(path) << "old";
    ::chmod(path.c_str(), 0600);
    save_trace(trace_, path.string());
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    // A new file gets what the umask allows.
    mode_t mask = ::umask(022);
    save_trace(trace_, (dir_ / "new.json").string());
    ::umask(mask);
    ASSERT_EQ(::stat((dir_ / "new.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0644u);
}

TEST_F(Saving, AFullDiskFailsCleanlyAndKeepsTheOldFile) {
    // The file size limit stands in for a full disk: write() fails (EFBIG) part way, as with ENOSPC.
    fs::path path = dir_ / "t.json";
    std::ofstream(path) << "the old trace";
    for (int i = 0; i < 5000; ++i) trace_.events.push_back({.kind = EventKind::print, .text = "a line of output"});
    std::string said = in_child([] {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }, path.string());
    EXPECT_EQ(said.find(path.string()), 0u) << said;
    EXPECT_EQ(said.find(path.string(), 1), std::string::npos) << "the path once: " << said;
    EXPECT_NE(said.find("cannot write"), std::string::npos) << said;
    EXPECT_NE(said.find("File too large"), std::string::npos) << said;
    EXPECT_EQ(read_text(path), "the old trace");
    EXPECT_EQ(names_in_dir(), std::vector<std::string>{"t.json"});  // the temporary file is gone
}

TEST_F(Saving, AReadOnlyDirectoryIsSaidOnceWithTheReason) {
    fs::path path = dir_ / "t.json";
    std::string said;
    if (::geteuid() == 0) {
        // root may write anywhere: the save runs as nobody.
        said = in_child([] {
            [[maybe_unused]] int a = ::setgid(65534), b = ::setuid(65534);
        }, path.string());
    } else {
        fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
        said = in_child([] {}, path.string());
    }
    EXPECT_EQ(said, path.string() + ": cannot create a temporary file in " + dir_.string() + ": Permission denied");
    EXPECT_FALSE(fs::exists(path));
}

TEST_F(Saving, NoSuchDirectoryAndADirectoryAsTarget) {
    try {
        save_trace(trace_, (dir_ / "missing" / "t.json").string());
        ADD_FAILURE();
    } catch (const TraceError& error) {
        EXPECT_EQ(error.problem, "cannot create a temporary file in " + (dir_ / "missing").string() + ": No such file or directory");
    }
    try {
        save_trace(trace_, dir_.string());
        ADD_FAILURE();
    } catch (const TraceError& error) {
        EXPECT_EQ(error.problem, "is a directory");
    }
}
