// `cotrace classroom SOURCE --no-window` (issue 31): the headless teacher types commands; students'
// browsers (headless chromium) follow; the results file holds counts, never names or addresses.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "files.h"
#include "test_directory.h"

using namespace testing_support;
namespace fs = std::filesystem;

namespace {

// The teacher: `cotrace classroom` as a child, its standard input a pipe we write commands to, its
// output a file we read.
class Teacher {
public:
    Teacher(const std::string& source, const fs::path& output, const std::string& more = "") : output_(output) {
        int in[2];
        if (pipe(in) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(in[0], 0);
            close(in[1]);
            int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, 1);
            dup2(out, 2);
            std::string command = "exec '" + std::string(COTRACE_BINARY) + "' classroom " + source +
                                  " --no-window --bind 127.0.0.1 --port 0 " + more;
            execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
            _exit(127);
        }
        close(in[0]);
        input_ = in[1];
    }
    ~Teacher() {
        if (input_ >= 0) close(input_);
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
    }
    // Writes a command and waits (a bound, not a measure) until the output has grown by a line.
    std::string say(const std::string& line) {
        size_t before = read_text(output_).size();
        std::string text = line + "\n";
        if (write(input_, text.data(), text.size()) < 0) return {};
        return wait_for([&](const std::string& out) { return out.size() > before && out.back() == '\n'; }).substr(before);
    }
    template <typename Ready>
    std::string wait_for(Ready ready) {
        for (int i = 0; i < 1000; ++i) {
            std::string out = read_text(output_);
            if (ready(out)) return out;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return read_text(output_);
    }
    std::string join_url() {
        std::string out = wait_for([](const std::string& o) { return o.find("Type a command") != std::string::npos; });
        std::smatch found;
        return std::regex_search(out, found, std::regex("join: (http://\\S+)")) ? found[1].str() : std::string();
    }
    int finish() {
        close(input_);
        input_ = -1;
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    fs::path output_;
    pid_t pid_ = -1;
    int input_ = -1;
};

class ClassroomCli : public TestWithDirectory {
protected:
    ClassroomCli() : TestWithDirectory("cotrace-classroom-cli-") {}
};

}  // namespace

TEST_F(ClassroomCli, TheTeacherTypesCommandsAndTheResultsAreSavedAtTheEnd) {
    fs::path results = dir_ / "class.csv";
    Teacher teacher("triple_main", dir_ / "out.txt", "--results '" + results.string() + "'");
    std::string url = teacher.join_url();
    ASSERT_FALSE(url.empty()) << read_text(dir_ / "out.txt");
    EXPECT_NE(teacher.say("next"), "");
    EXPECT_NE(teacher.say("status").find("0 students joined"), std::string::npos);
    EXPECT_NE(teacher.say("dance").find("unknown command \"dance\""), std::string::npos);  // said, and the session goes on
    EXPECT_NE(teacher.say("reveal").find("question 1 revealed"), std::string::npos);
    EXPECT_EQ(teacher.finish(), 0);
    std::string out = read_text(dir_ / "out.txt");
    EXPECT_NE(out.find("wrote " + results.string()), std::string::npos) << out;
    EXPECT_NE(out.find("the session has ended"), std::string::npos);
    std::string csv = read_text(results);
    EXPECT_EQ(csv.rfind("question,step,prompt,option,right,", 0), 0u) << csv;
    EXPECT_EQ(csv.find("127.0.0.1"), std::string::npos);
}

// A real browser opens the join address: the page follows the teacher's step and shows the open question.
TEST_F(ClassroomCli, AStudentsBrowserFollowsTheTeacherAndSeesTheQuestion) {
    Teacher teacher("triple_main", dir_ / "out.txt");
    std::string url = teacher.join_url();
    ASSERT_FALSE(url.empty());
    teacher.say("next");  // the first question, main() just called
    std::string dom = run_command("timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 --dump-dom '" +
                                  url + "' 2>/dev/null");
    std::smatch position;
    ASSERT_TRUE(std::regex_search(dom, position, std::regex("data-position=\"(\\d+)\""))) << dom.substr(0, 3000);
    std::string status = teacher.say("status");
    std::smatch step;
    ASSERT_TRUE(std::regex_search(status, step, std::regex("step (\\d+) of")));
    EXPECT_EQ(position[1].str(), step[1].str());
    EXPECT_NE(dom.find("has just been called. Has its body started to run?"), std::string::npos);
    EXPECT_NE(dom.find("Pick one: your teacher shows the class's answers after."), std::string::npos);
    // The page numbers its steps as the teacher does (transfers of control, for a C++ program), the live
    // bar as the page's own "Step N of M".
    auto numbers = [](const std::string& page) {
        std::smatch label, bar;
        bool found = std::regex_search(page, label, std::regex("Step (\\d+) of \\d+ so far")) &&
                     std::regex_search(page, bar, std::regex("Live: following your teacher \\(step (\\d+)\\)"));
        return found ? std::make_pair(label[1].str(), bar[1].str()) : std::make_pair(std::string("none"), std::string());
    };
    auto dump = [&] {
        return run_command("timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 --dump-dom '" + url +
                           "' 2>/dev/null");
    };
    teacher.say("step 30");
    dom = dump();
    auto [label, bar] = numbers(dom);
    EXPECT_EQ(label, bar) << dom.substr(0, 3000);
    EXPECT_LT(std::stoi("0" + label), 30);  // a transfer of control's number, not the event's
    // The teacher steps by every event: the page numbers by event too.
    EXPECT_EQ(teacher.say("granularity event"), "the class steps by every event\n");
    dom = dump();
    EXPECT_EQ(numbers(dom), std::make_pair(std::string("30"), std::string("30"))) << dom.substr(0, 3000);
}
