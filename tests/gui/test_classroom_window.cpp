// The whole classroom (issue 31), for real: the window under Xvfb runs the session, three headless
// chromiums (each its own browser: its own id) open the join address, follow the teacher's steps (Right,
// pressed with xdotool), answer the question on their pages (clicked through DevTools), and see the
// reveal (V). Screenshots of the projector with the chart and of a phone-width student page are kept in
// the test's folder (COTRACE_KEEP_SCREENSHOTS=DIR copies them there, for looking at; with
// COTRACE_CLASSROOM_PRESENTATION=1 the window is 1920x1080 in presentation mode, as on a projector).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "files.h"
#include "test_directory.h"
#include "ws_client.h"

using namespace testing_support;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A process of the test's, killed (with its children) when it goes.
class Child {
public:
    Child(const std::string& command, const fs::path& output) {
        pid_ = fork();
        if (pid_ == 0) {
            setpgid(0, 0);
            std::string line = "exec " + command + " >'" + output.string() + "' 2>&1";
            execl("/bin/sh", "sh", "-c", line.c_str(), nullptr);
            _exit(127);
        }
    }
    ~Child() {
        if (pid_ > 0) {
            kill(-pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

private:
    pid_t pid_ = -1;
};

int free_port() {
    return std::stoi(run_command("/usr/bin/python3 -c \"import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); "
                                 "print(s.getsockname()[1])\""));
}

template <typename Ready>
bool wait_until(Ready ready, int tenths = 300) {
    for (int i = 0; i < tenths; ++i) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return ready();
}

// A student's browser: headless chromium with the DevTools protocol open, reached with the tests'
// WebSocket client.
class Browser {
public:
    Browser(const fs::path& dir, const std::string& url, const std::string& size)
        : port_(free_port()),
          process_("chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                   "--remote-allow-origins=* --remote-debugging-port=" + std::to_string(port_) + " --user-data-dir='" +
                       (dir / "profile").string() + "' --window-size=" + size + " '" + url + "'",
                   dir / "chromium.log") {
        fs::create_directories(dir);
        std::string page;
        wait_until([&] {
            json list = json::parse(run_command("curl -s http://127.0.0.1:" + std::to_string(port_) + "/json/list"), nullptr, false);
            if (!list.is_array()) return false;
            for (const auto& target : list)
                if (target.value("type", "") == "page" && target.value("url", "").find("/ws") == std::string::npos)
                    page = target.value("webSocketDebuggerUrl", "");
            return !page.empty();
        });
        if (page.empty()) return;
        devtools_ = std::make_unique<WsClient>(port_, page.substr(page.find("/devtools/")), nullptr);
    }
    // The value of a JavaScript expression in the page (null on failure).
    json evaluate(const std::string& expression) {
        if (!devtools_ || !devtools_->connected()) return nullptr;
        int id = ++id_;
        devtools_->send(json({{"id", id}, {"method", "Runtime.evaluate"},
                              {"params", {{"expression", expression}, {"returnByValue", true}}}}).dump());
        for (int i = 0; i < 50; ++i) {
            auto text = devtools_->receive();
            if (!text) return nullptr;
            json reply = json::parse(*text, nullptr, false);
            if (reply.value("id", 0) == id) return reply["result"]["result"].value("value", json());
        }
        return nullptr;
    }
    bool screenshot(const fs::path& png) {
        int id = ++id_;
        devtools_->send(json({{"id", id}, {"method", "Page.captureScreenshot"}}).dump());
        for (int i = 0; i < 50; ++i) {
            auto text = devtools_->receive();
            if (!text) return false;
            json reply = json::parse(*text, nullptr, false);
            if (reply.value("id", 0) != id) continue;
            std::string data = reply["result"].value("data", "");
            std::ofstream(png.string() + ".b64") << data;
            return run_command("base64 -d '" + png.string() + ".b64' > '" + png.string() + "' && echo ok").find("ok") == 0;
        }
        return false;
    }

private:
    int port_;
    Child process_;
    std::unique_ptr<WsClient> devtools_;
    int id_ = 0;
};

class ClassroomWindow : public TestWithDirectory {
protected:
    ClassroomWindow() : TestWithDirectory("cotrace-classroom-window-") {}
};

}  // namespace

TEST_F(ClassroomWindow, ThreeBrowsersFollowTheWindowAnswerAndSeeTheReveal) {
    // A display of our own: Xvfb tells which with -displayfd.
    fs::path display_file = dir_ / "display";
    bool presentation = std::getenv("COTRACE_CLASSROOM_PRESENTATION") != nullptr;
    std::string size = presentation ? "1920x1080" : "1280x800";
    Child xvfb("sh -c 'Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>\"" + display_file.string() + "\"'", dir_ / "xvfb.log");
    ASSERT_TRUE(wait_until([&] { return !read_text(display_file).empty(); })) << read_text(dir_ / "xvfb.log");
    std::string display = ":" + std::to_string(std::stoi(read_text(display_file)));
    std::string env = "env DISPLAY=" + display + " XDG_CONFIG_HOME='" + (dir_ / "config").string() + "' ";
    Child window(env + "'" + std::string(COTRACE_BINARY) + "' --verbose --size " + size + (presentation ? " --presentation" : "") +
                     " classroom '" + COTRACE_SOURCE_DIR +
                     "/traces/triple_main.json' --bind 127.0.0.1 --port 0",
                 dir_ / "window.txt");
    std::string url;
    ASSERT_TRUE(wait_until([&] {
        std::smatch found;
        std::string out = read_text(dir_ / "window.txt");
        if (std::regex_search(out, found, std::regex("join: (http://\\S+)"))) url = found[1];
        return !url.empty();
    })) << read_text(dir_ / "window.txt");

    std::vector<std::unique_ptr<Browser>> browsers;
    for (int i = 0; i < 3; ++i)
        browsers.push_back(std::make_unique<Browser>(dir_ / ("browser" + std::to_string(i)), url, i == 0 ? "390,900" : "1280,900"));
    for (auto& browser : browsers)
        ASSERT_TRUE(wait_until([&] { return browser->evaluate("document.body.dataset.teacher") == "0"; })) << "a page did not join";

    // The teacher presses Right until the window asks (Predict, on for the class): every page shows it.
    auto keys = [&](const std::string& key) {
        run_command(env + "xdotool mousemove 400 300 key " + key + " 2>&1");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    };
    auto question_open = [&](Browser& b) { return b.evaluate("document.querySelectorAll('#question .option:not([disabled])').length") == 2; };
    for (int presses = 0; presses < 20 && !question_open(*browsers[0]); ++presses) keys("Right");
    for (auto& browser : browsers) ASSERT_TRUE(wait_until([&] { return question_open(*browser); }, 50));
    std::string teacher = browsers[0]->evaluate("document.body.dataset.teacher").get<std::string>();
    for (auto& browser : browsers) EXPECT_EQ(browser->evaluate("document.body.dataset.position"), teacher);

    // A student steps back to look (Left, on their page): the page says where the teacher is, and Live
    // brings it back.
    Browser& looking = *browsers[1];
    looking.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}))");
    EXPECT_EQ(looking.evaluate("document.body.classList.contains('away')"), true);
    EXPECT_NE(looking.evaluate("document.body.dataset.position"), teacher);
    looking.evaluate("document.getElementById('live').click()");
    EXPECT_EQ(looking.evaluate("document.body.dataset.position"), teacher);
    EXPECT_EQ(looking.evaluate("document.body.classList.contains('away')"), false);

    // Two answer the first option, one the second (clicked on their pages).
    for (int i = 0; i < 3; ++i)
        browsers[static_cast<size_t>(i)]->evaluate("document.querySelectorAll('#question .option')[" + std::to_string(i == 2 ? 1 : 0) + "].click()");
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(wait_until([&] {
            return browsers[static_cast<size_t>(i)]->evaluate("document.querySelector('#question .said').textContent") ==
                   "Your answer is in (you may change it).";
        }, 50));
    keys("v");
    // Each page says whether its student was right, and shows the class's counts.
    std::vector<std::string> said;
    for (auto& browser : browsers) {
        ASSERT_TRUE(wait_until([&] {
            json text = browser->evaluate("(document.querySelector('#question .said') || {}).textContent");
            return text.is_string() && (text.get<std::string>().starts_with("You were right") || text.get<std::string>().starts_with("Not this time"));
        }, 50));
        said.push_back(browser->evaluate("document.querySelector('#question .said').textContent").get<std::string>());
        EXPECT_EQ(browser->evaluate("Array.from(document.querySelectorAll('#question .count')).map(c => c.textContent.split(' ')[0]).join('/')"),
                  "2/1");
    }
    EXPECT_EQ(said[0], said[1]);  // the two who agreed were both right, or both not
    EXPECT_NE(said[0], said[2]);

    // Screenshots: the projector (the window, through the X server) and a student's phone.
    std::string suffix = presentation ? "_presentation.png" : ".png";
    fs::path projector = dir_ / ("classroom_projector" + suffix), phone = dir_ / ("classroom_phone_reveal" + suffix);
    run_command("ffmpeg -loglevel error -y -f x11grab -draw_mouse 0 -video_size " + size + " -i " + display + " -frames:v 1 '" + projector.string() + "' 2>&1");
    EXPECT_TRUE(browsers[0]->screenshot(phone));
    ASSERT_TRUE(fs::exists(projector));
    EXPECT_GT(fs::file_size(projector), 20000u);
    EXPECT_GT(fs::file_size(phone), 20000u);
    if (const char* keep = std::getenv("COTRACE_KEEP_SCREENSHOTS")) {
        fs::copy_file(projector, fs::path(keep) / projector.filename(), fs::copy_options::overwrite_existing);
        fs::copy_file(phone, fs::path(keep) / phone.filename(), fs::copy_options::overwrite_existing);
    }
}
