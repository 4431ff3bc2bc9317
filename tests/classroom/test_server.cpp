// The classroom's server over loopback (issue 31): a student's page joins with the token, follows the
// teacher, answers once, sees the reveal; and what must be refused is: no token, a student trying the
// teacher's commands, oversized, malformed, binary and flooding messages, each closing that connection
// only. Ending the session closes every connection and the port.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "classroom/server.h"
#include "files.h"
#include "trace/trace_json.h"
#include "ws_client.h"

using namespace cotrace;
using namespace cotrace::classroom;
using testing_support::WsClient;
using nlohmann::json;

namespace {

class ClassServer : public ::testing::Test {
protected:
    ClassServer() : trace_(load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json")) {
        server_ = std::make_unique<Server>(trace_, "triple_main", ServerOptions{.bind = "127.0.0.1", .port = 0});
        std::string url = server_->join_url();
        size_t slash = url.find('/', 7);
        path_ = url.substr(slash);  // "/TOKEN/"
    }
    std::string ws_path() const { return path_ + "ws"; }
    std::string say(const std::string& line) {
        std::string problem;
        return server_->post(*parse_command(line, problem)).get();
    }
    // The next state message, skipping none.
    static json next_state(WsClient& client) {
        auto text = client.receive();
        return text ? json::parse(*text) : json();
    }
    // Messages until one says the teacher is at `step`.
    static json state_at(WsClient& client, size_t step) {
        for (int i = 0; i < 20; ++i) {
            json state = next_state(client);
            if (state.is_null() || state["step"] == step) return state;
        }
        return json();
    }

    Trace trace_;
    std::unique_ptr<Server> server_;
    std::string path_;
};

}  // namespace

TEST_F(ClassServer, TheTokenIsLongAndRandomAndTheJoinAddressCarriesIt) {
    std::string token = path_.substr(1, path_.size() - 2);
    EXPECT_EQ(token.size(), 32u);  // 128 bits, in hex
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    Server other(trace_, "triple_main", {.bind = "127.0.0.1", .port = 0});
    EXPECT_EQ(other.join_url().find(token), std::string::npos);
    EXPECT_EQ(server_->join_url().rfind("http://127.0.0.1:" + std::to_string(server_->port()) + "/", 0), 0u);
}

TEST_F(ClassServer, AStudentFollowsTheTeacherAnswersOnceAndSeesTheReveal) {
    WsClient student(server_->port(), ws_path());
    ASSERT_TRUE(student.connected());
    student.send(R"({"type":"hello","id":"0123456789abcdef0123456789abcdef"})");
    json state = state_at(student, 0);
    ASSERT_FALSE(state.is_null());
    EXPECT_EQ(server_->status().joined, 1u);
    // The first question's step: the steps up to it come with it, the question without its answer.
    auto question = analysis::questions(trace_).at(0);
    say("step " + std::to_string(question.event));
    state = state_at(student, question.event);
    ASSERT_FALSE(state.is_null());
    EXPECT_EQ(state["grow"]["steps"].size(), question.event);  // steps 1..event: step 0 came with the page
    EXPECT_EQ(state["question"]["prompt"], question.prompt);
    EXPECT_FALSE(state["question"].contains("answer"));
    size_t wrong = question.answer == 0 ? 1 : 0;
    student.send(json({{"type", "answer"}, {"question", 1}, {"round", 1}, {"option", wrong}}).dump());
    student.send(json({{"type", "answer"}, {"question", 1}, {"round", 1}, {"option", question.answer}}).dump());
    student.serve_for(std::chrono::milliseconds(200));
    EXPECT_EQ(server_->status().answered, 1u);  // replaced, never counted twice
    say("reveal");
    json revealed;
    for (int i = 0; i < 20 && !(revealed.is_object() && revealed["question"].value("revealed", false)); ++i) revealed = next_state(student);
    ASSERT_TRUE(revealed["question"]["revealed"]);
    EXPECT_EQ(revealed["question"]["answer"], question.answer);
    EXPECT_EQ(revealed["question"]["yours"], question.answer);
    EXPECT_EQ(revealed["question"]["counts"][question.answer], 1);
    std::string csv = server_->results_csv();
    EXPECT_NE(csv.find(",yes,1,\n"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("127.0.0.1"), std::string::npos);
}

TEST_F(ClassServer, AStudentWhoRejoinsGetsTheStepAndQuestionAtOnce) {
    auto question = analysis::questions(trace_).at(0);
    say("step " + std::to_string(question.event));
    std::string hello = R"({"type":"hello","id":"fedcba9876543210fedcba9876543210"})";
    {
        WsClient student(server_->port(), ws_path());
        student.send(hello);
        ASSERT_FALSE(state_at(student, question.event).is_null());
        student.send(json({{"type", "answer"}, {"question", 1}, {"round", 1}, {"option", 0}}).dump());
        student.serve_for(std::chrono::milliseconds(100));
    }
    WsClient again(server_->port(), ws_path());
    again.send(hello);
    json state = next_state(again);
    EXPECT_EQ(state["step"], question.event);
    EXPECT_EQ(state["question"]["yours"], 0);
    EXPECT_EQ(server_->status().answered, 1u);
}

TEST_F(ClassServer, WithoutTheTokenThereIsOnlyARefusal) {
    WsClient no_token(server_->port(), "/ws");
    EXPECT_FALSE(no_token.connected());
    WsClient wrong_token(server_->port(), "/00000000000000000000000000000000/ws");
    EXPECT_FALSE(wrong_token.connected());
    std::string port = std::to_string(server_->port());
    std::string refused = testing_support::run_command("curl -s -w ' %{http_code}' http://127.0.0.1:" + port + "/ 2>&1");
    EXPECT_EQ(refused, "This is a cotrace classroom session. Ask your teacher for its address.\n 403");
    refused = testing_support::run_command("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/etc/passwd 2>&1");
    EXPECT_EQ(refused, "403");
    std::string page = testing_support::run_command("curl -s -D - http://127.0.0.1:" + port + path_ + " 2>&1");
    EXPECT_NE(page.find("200"), std::string::npos);
    EXPECT_NE(page.find("content-security-policy: default-src 'none'"), std::string::npos);
    EXPECT_NE(page.find("cotraceHandout"), std::string::npos);
}

TEST_F(ClassServer, BadMessagesCloseThatConnectionOnly) {
    WsClient good(server_->port(), ws_path());
    good.send(R"({"type":"hello","id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})");
    ASSERT_FALSE(state_at(good, 0).is_null());
    auto closes = [&](const std::string& text, bool binary = false, bool hello_first = true) {
        WsClient bad(server_->port(), ws_path());
        if (!bad.connected()) return false;
        if (hello_first) bad.send(R"({"type":"hello","id":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})");
        bad.send(text, binary);
        return bad.wait_closed();
    };
    EXPECT_TRUE(closes(R"({"type":"next"})"));            // a teacher's command from a student
    EXPECT_TRUE(closes(R"({"type":"reveal"})"));
    EXPECT_TRUE(closes("not json at all"));
    EXPECT_TRUE(closes(std::string(4096, 'x')));           // oversized
    EXPECT_TRUE(closes(R"({"type":"answer"})", true));     // binary
    EXPECT_TRUE(closes(R"({"type":"answer","question":1,"round":1,"option":0})", false, false));  // no hello first
    EXPECT_TRUE(closes(R"({"type":"hello","id":"short"})", false, false));
    EXPECT_TRUE(closes(R"({"type":"answer","question":1,"round":3,"option":0})"));
    EXPECT_TRUE(closes(R"({"type":"answer","question":-1,"round":1,"option":0})"));
    // (While an answer to a question that is not open is only ignored: the page was behind.)
    {
        WsClient behind(server_->port(), ws_path());
        behind.send(R"({"type":"hello","id":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"})");
        behind.send(R"({"type":"answer","question":9,"round":1,"option":0})");
        EXPECT_FALSE(behind.wait_closed(std::chrono::milliseconds(300)));
    }
    // A flood: far more messages than a page sends.
    {
        WsClient flood(server_->port(), ws_path());
        flood.send(R"({"type":"hello","id":"cccccccccccccccccccccccccccccccc"})");
        for (int i = 0; i < 100 && !flood.closed(); ++i) flood.send(R"({"type":"answer","question":9,"round":1,"option":0})");
        EXPECT_TRUE(flood.wait_closed());
    }
    // The teacher's step never moved, and the good student is still there, and still told.
    EXPECT_EQ(server_->status().step, 0u);
    say("next");
    EXPECT_FALSE(state_at(good, server_->status().step).is_null());
    EXPECT_TRUE(good.connected());
}

TEST_F(ClassServer, EndingClosesEveryConnectionAndThePort) {
    WsClient student(server_->port(), ws_path());
    student.send(R"({"type":"hello","id":"dddddddddddddddddddddddddddddddd"})");
    ASSERT_FALSE(state_at(student, 0).is_null());
    int port = server_->port();
    server_->end();
    EXPECT_TRUE(student.wait_closed());
    WsClient late(port, ws_path());
    EXPECT_FALSE(late.connected());
    EXPECT_EQ(server_->post({.kind = Command::Kind::next}).get(), "the session has ended");
}

TEST(ClassServerStart, APortInUseIsSaidWithTheOSsReason) {
    Trace trace = load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json");
    Server first(trace, "triple_main", {.bind = "127.0.0.1", .port = 0});
    try {
        Server second(trace, "triple_main", {.bind = "127.0.0.1", .port = first.port()});
        FAIL() << "two servers on one port";
    } catch (const ServerError& error) {
        EXPECT_NE(std::string(error.what()).find("Address already in use"), std::string::npos) << error.what();
    }
    EXPECT_THROW(Server(trace, "triple_main", {.bind = "not-an-address", .port = 0}), ServerError);
}
