// The classroom's session, apart from the network (issue 31): the teacher's commands, the questions on
// the way, each student's one vote, the two rounds, and the results file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analysis/questions.h"
#include "classroom/messages.h"
#include "classroom/session.h"
#include "trace/trace_json.h"
#include "../fuzz/classroom_exercise.h"

using namespace cotrace;
using namespace cotrace::classroom;

namespace {

const Trace& triple_main() {
    static const Trace trace = load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json");
    return trace;
}

Command command(const std::string& line) {
    std::string problem;
    auto parsed = parse_command(line, problem);
    EXPECT_TRUE(parsed) << line << ": " << problem;
    return parsed.value_or(Command{});
}

}  // namespace

TEST(ClassSession, CommandsAreParsedAndAnythingElseIsSaidWhy) {
    std::string problem;
    EXPECT_EQ(parse_command("  step 12 ", problem)->step, 12u);
    EXPECT_EQ(parse_command("results out.csv", problem)->file, "out.csv");
    EXPECT_EQ(parse_command("reveal\r", problem)->kind, Command::Kind::reveal);
    EXPECT_FALSE(parse_command("step twelve", problem));
    EXPECT_EQ(problem, "step needs a number: step N");
    EXPECT_FALSE(parse_command("next 3", problem));
    EXPECT_FALSE(parse_command("rm -rf /", problem));
    EXPECT_NE(problem.find("unknown command \"rm\""), std::string::npos);
    EXPECT_NE(problem.find(std::string(command_list())), std::string::npos);
    EXPECT_EQ(parse_command("granularity lines", problem)->granularity, "lines");
    EXPECT_FALSE(parse_command("granularity fast", problem));
    EXPECT_EQ(problem, "granularity takes event, control or lines");
    EXPECT_FALSE(parse_command("granularity", problem));
}

// The teacher's granularity: how Next steps, and (sent to every page) how each page numbers its steps,
// as the projector does. A C++ program's trace has no lines to step by.
TEST(ClassSession, TheGranularityIsEveryPagesAndNextStepsByIt) {
    Session session(triple_main());
    EXPECT_EQ(session.granularity(), "control");  // the window's default for a trace without lines
    EXPECT_EQ(session.student_view("a")["granularity"], "control");
    auto version = session.version();
    EXPECT_EQ(session.apply(command("granularity event")), "the class steps by every event");
    EXPECT_GT(session.version(), version);  // every page is told
    EXPECT_EQ(session.student_view("a")["granularity"], "event");
    session.apply(command("next"));
    EXPECT_EQ(session.position(), 1u);
    session.apply(command("next"));
    EXPECT_EQ(session.position(), 2u);
    session.apply(command("back"));
    EXPECT_EQ(session.position(), 1u);
    session.apply(command("granularity control"));
    session.apply(command("next"));
    EXPECT_GT(session.position(), 2u);  // the next transfer of control (or question) is further on
    EXPECT_NE(session.apply(command("granularity lines")).find("no lines"), std::string::npos);
    EXPECT_EQ(session.granularity(), "control");
}

TEST(ClassSession, NextStopsAtEachQuestionOnTheWayAndOpensIt) {
    Session session(triple_main());
    auto questions = analysis::questions(triple_main());
    ASSERT_FALSE(questions.empty());
    // Next until the first question's step: it opens there, and the students are told (version changes).
    size_t presses = 0;
    while (session.position() < questions[0].event && presses++ < 100) session.apply(command("next"));
    EXPECT_EQ(session.position(), questions[0].event);
    ASSERT_NE(session.current(), nullptr);
    EXPECT_TRUE(session.current()->open);
    EXPECT_EQ(session.current()->number, 1u);
    // Moving on closes it; coming back shows it as it was, closed, and `ask` opens it again.
    session.apply(command("next"));
    EXPECT_EQ(session.current() == nullptr || session.current()->number != 1, true);
    session.apply(command("step " + std::to_string(questions[0].event)));
    ASSERT_NE(session.current(), nullptr);
    EXPECT_FALSE(session.current()->open);
    EXPECT_EQ(session.asked().size(), session.current()->number);  // not asked twice over
    session.apply(command("ask"));
    EXPECT_TRUE(session.current()->open);
}

TEST(ClassSession, EachStudentCountsOnceAndTheAnswerIsHiddenUntilRevealed) {
    Session session(triple_main());
    auto question = analysis::questions(triple_main()).at(0);
    session.apply(command("step " + std::to_string(question.event)));
    session.join("aaaaaaaaaaaaaaaa");
    session.join("bbbbbbbbbbbbbbbb");
    EXPECT_EQ(session.joined(), 2u);
    size_t wrong = question.answer == 0 ? 1 : 0;
    EXPECT_TRUE(session.answer("aaaaaaaaaaaaaaaa", 1, 1, wrong));
    EXPECT_TRUE(session.answer("aaaaaaaaaaaaaaaa", 1, 1, question.answer));  // a second answer replaces the first
    EXPECT_TRUE(session.answer("bbbbbbbbbbbbbbbb", 1, 1, wrong));
    EXPECT_FALSE(session.answer("bbbbbbbbbbbbbbbb", 1, 2, wrong));   // no round 2 yet
    EXPECT_FALSE(session.answer("bbbbbbbbbbbbbbbb", 2, 1, wrong));   // no such question open
    EXPECT_FALSE(session.answer("bbbbbbbbbbbbbbbb", 1, 1, 99));      // no such option
    auto view = session.student_view("aaaaaaaaaaaaaaaa");
    EXPECT_EQ(view["question"]["yours"], question.answer);
    EXPECT_FALSE(view["question"].contains("answer"));
    EXPECT_FALSE(view["question"].contains("counts"));
    EXPECT_EQ(session.current()->counts(1)[question.answer], 1u);
    EXPECT_EQ(session.current()->counts(1)[wrong], 1u);
    // Revealed: the right answer and the counts; answers are closed.
    session.apply(command("reveal"));
    view = session.student_view("bbbbbbbbbbbbbbbb");
    EXPECT_EQ(view["question"]["answer"], question.answer);
    EXPECT_EQ(view["question"]["counts"][wrong], 1);
    EXPECT_FALSE(session.answer("bbbbbbbbbbbbbbbb", 1, 1, question.answer));
    // Again, after discussion: round 2, and both charts once revealed.
    session.apply(command("again"));
    EXPECT_TRUE(session.answer("bbbbbbbbbbbbbbbb", 1, 2, question.answer));
    EXPECT_TRUE(session.answer("aaaaaaaaaaaaaaaa", 1, 2, question.answer));
    session.apply(command("reveal"));
    view = session.student_view("bbbbbbbbbbbbbbbb");
    EXPECT_EQ(view["question"]["counts"][question.answer], 2);
    EXPECT_EQ(view["question"]["before"][question.answer], 1);
    std::string csv = session.results_csv();
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "question,step,prompt,option,right,votes before discussion,votes after discussion");
    EXPECT_NE(csv.find(",yes,1,2\n"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("aaaaaaaa"), std::string::npos);  // no student is named
    session.leave("aaaaaaaaaaaaaaaa");
    EXPECT_EQ(session.joined(), 1u);
}

// The teacher reveals, then steps on to show what happened: the verdict and the chart stay on every page
// until the next question; "again" goes back to the question for a second round.
TEST(ClassSession, ARevealedQuestionStaysShownUntilTheNextAndAgainGoesBackToIt) {
    Session session(triple_main());
    auto questions = analysis::questions(triple_main());
    ASSERT_GE(questions.size(), 2u);
    session.apply(command("step " + std::to_string(questions[0].event)));
    session.join("aaaaaaaaaaaaaaaa");
    session.answer("aaaaaaaaaaaaaaaa", 1, 1, questions[0].answer);
    session.apply(command("reveal"));
    session.apply(command("step " + std::to_string(questions[0].event + 1)));
    auto view = session.student_view("aaaaaaaaaaaaaaaa");
    ASSERT_TRUE(view["question"].is_object());
    EXPECT_EQ(view["question"]["number"], 1);
    EXPECT_EQ(view["question"]["revealed"], true);
    std::string said = session.apply(command("again"));
    EXPECT_EQ(session.position(), questions[0].event) << said;
    EXPECT_TRUE(session.current()->open);
    EXPECT_EQ(session.current()->round, 2);
    session.apply(command("step " + std::to_string(questions[0].event)));  // the window follows: nothing closes
    EXPECT_TRUE(session.current()->open);
    // The next question replaces the verdict.
    session.apply(command("reveal"));
    session.apply(command("step " + std::to_string(questions[1].event)));
    EXPECT_EQ(session.student_view("aaaaaaaaaaaaaaaa")["question"]["number"], 2);
}

// A page's messages, read and checked (the server closes a connection for anything else).
TEST(ClassMessages, OnlyHelloAndAnswerAsAPageSendsThem) {
    auto hello = parse_student_message(R"({"type":"hello","id":"0123456789abcdef"})");
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->id, "0123456789abcdef");
    auto answer = parse_student_message(R"({"type":"answer","question":2,"round":2,"option":3})");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->question, 2u);
    EXPECT_EQ(answer->round, 2);
    EXPECT_EQ(answer->option, 3u);
    for (const char* bad : {"", "null", "[]", R"({"type":"next"})", R"({"type":"hello","id":"short"})",
                            R"({"type":"hello","id":"0123456789abcdef","admin":true})", R"({"type":"hello","id":"0123456789abcdef<script>"})",
                            R"({"type":"answer","question":1,"round":0,"option":0})", R"({"type":"answer","question":1,"round":1,"option":-1})",
                            R"({"type":"answer","question":1.5,"round":1,"option":0})", R"({"type":"answer","question":"1","round":1,"option":0})",
                            R"({"type":"answer","question":1,"round":1})", R"({"type":1})"})
        EXPECT_FALSE(parse_student_message(bad)) << bad;
}

// The classroom fuzzer's checked-in inputs (tests/fuzz/classroom/), replayed: nothing crashes or hangs.
TEST(ClassFuzzRegressions, EachInputRunsThroughASession) {
    size_t replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(COTRACE_SOURCE_DIR) + "/tests/fuzz/classroom")) {
        std::ifstream file(entry.path(), std::ios::binary);
        std::string input((std::istreambuf_iterator<char>(file)), {});
        fuzzing::exercise_classroom(triple_main(), input);
        ++replayed;
    }
    EXPECT_GE(replayed, 4u);
}
