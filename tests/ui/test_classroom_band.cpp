// The window's classroom (issue 31), headless: View > Classroom's session follows the window's steps,
// its band takes Predict's place (the join address, its QR code, who joined, the question), the class's
// answers are counted and shown only once the teacher reveals them (V), and the results can be saved.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "files.h"
#include "headless.h"
#include "test_directory.h"
#include "trace/trace_json.h"
#include "ws_client.h"

using namespace cotrace;
using namespace cotrace::ui;
using namespace testing_support;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

class ClassroomBand : public TestWithDirectory {
protected:
    ClassroomBand() : TestWithDirectory("cotrace-classroom-band-"), app_(walkthrough_choices(), Settings{}, "") {
        imgui_.load_fonts(app_);
        app_.show(load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json"), "triple_main");
    }
    // The next message that says the teacher is at `step`.
    static json state_at(WsClient& client, size_t step) {
        for (int i = 0; i < 20; ++i) {
            auto text = client.receive();
            if (!text) return json();
            json state = json::parse(*text);
            if (state["step"] == step) return state;
        }
        return json();
    }
    HeadlessImGui imgui_;
    App app_;
};

}  // namespace

TEST_F(ClassroomBand, TheClassFollowsTheWindowAnswersAndSeesTheRevealWhenTheTeacherPressesV) {
    ASSERT_TRUE(app_.start_classroom("127.0.0.1", 0)) << app_.error().value_or("");
    EXPECT_TRUE(app_.predict().on());  // the window stops at each decision: where the class answers
    const std::string& url = app_.classroom().join_url();
    std::string path = url.substr(url.find('/', 7)) + "ws";
    int port = std::stoi(url.substr(url.rfind(':') + 1));
    imgui_.frame(app_);
    ImGuiWindow* band = ImGui::FindWindowByName("##classroom");
    ASSERT_NE(band, nullptr);
    EXPECT_TRUE(band->Active);

    WsClient a(port, path), b(port, path);
    a.send(R"({"type":"hello","id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})");
    b.send(R"({"type":"hello","id":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})");
    ASSERT_FALSE(state_at(a, 0).is_null());
    ASSERT_FALSE(state_at(b, 0).is_null());
    // Right (Next) in Predict mode stops at the first decision: the class's question opens there.
    for (int presses = 0; presses < 50 && !app_.predict().asking(); ++presses) imgui_.press(app_, GLFW_KEY_RIGHT);
    imgui_.frame(app_);
    ASSERT_TRUE(app_.predict().asking());
    size_t at = app_.player().position();
    json state = state_at(a, at);
    ASSERT_TRUE(state["question"].is_object()) << state.dump();
    EXPECT_EQ(state["question"]["prompt"], app_.predict().asking()->prompt);
    EXPECT_FALSE(state["question"].contains("answer"));
    size_t right = app_.predict().asking()->answer, wrong = right == 0 ? 1 : 0;
    a.send(json({{"type", "answer"}, {"question", 1}, {"round", 1}, {"option", right}}).dump());
    b.send(json({{"type", "answer"}, {"question", 1}, {"round", 1}, {"option", wrong}}).dump());
    for (int i = 0; i < 100 && app_.classroom().status().answered < 2; ++i) a.serve_for(std::chrono::milliseconds(10));
    EXPECT_EQ(app_.classroom().status().answered, 2u);
    EXPECT_TRUE(app_.classroom().status().counts.empty());  // hidden until revealed
    // V: the class's answers, on the projector and on each page; the window steps past the decision.
    imgui_.press(app_, GLFW_KEY_V);
    imgui_.frame(app_);
    EXPECT_EQ(app_.player().position(), at + 1);
    auto status = app_.classroom().status();
    ASSERT_TRUE(status.revealed);
    EXPECT_EQ(status.counts[right], 1u);
    EXPECT_EQ(status.counts[wrong], 1u);
    json seen;
    for (int i = 0; i < 20 && !(seen.is_object() && seen["question"].is_object() && seen["question"].value("revealed", false)); ++i) {
        auto text = b.receive();
        if (!text) break;
        seen = json::parse(*text);
    }
    ASSERT_TRUE(seen["question"]["revealed"]);
    EXPECT_EQ(seen["question"]["answer"], right);
    EXPECT_EQ(seen["question"]["yours"], wrong);
    // File > Save class results, then End: every connection closes.
    fs::path csv = dir_ / "class.csv";
    EXPECT_TRUE(app_.save_class_results(csv.string()));
    EXPECT_NE(read_text(csv).find(",yes,1,\n"), std::string::npos) << read_text(csv);
    app_.classroom().end();
    EXPECT_TRUE(a.wait_closed());
    imgui_.frame(app_);
    EXPECT_TRUE(ImGui::FindWindowByName("##classroom") == nullptr || !ImGui::FindWindowByName("##classroom")->Active);
}

TEST_F(ClassroomBand, APortInUseIsSaidInTheErrorDialogAndTheTraceStays) {
    ASSERT_TRUE(app_.start_classroom("127.0.0.1", 0));
    int port = std::stoi(app_.classroom().join_url().substr(app_.classroom().join_url().rfind(':') + 1));
    App other(walkthrough_choices(), Settings{}, "");
    other.show(load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json"), "triple_main");
    EXPECT_FALSE(other.start_classroom("127.0.0.1", port));
    ASSERT_TRUE(other.error());
    EXPECT_NE(other.error()->find("Address already in use"), std::string::npos) << *other.error();
    EXPECT_EQ(other.trace().size(), app_.trace().size());
}

// View > Classroom asks where to serve, offering this computer's addresses with the classroom network's
// first; while it is open the window's keys go to it (Right does not step behind it): Escape cancels,
// Enter starts on the address it offers first.
TEST_F(ClassroomBand, TheStartDialogOffersTheNetworksAddressEnterStartsAndEscapeCancels) {
    auto dialog_shown = [&] {
        imgui_.frame(app_);
        ImGuiWindow* dialog = ImGui::FindWindowByName("Start a classroom session");
        return dialog != nullptr && dialog->Active;
    };
    size_t at = app_.player().position();
    app_.classroom().open_dialog();
    ASSERT_TRUE(dialog_shown());
    imgui_.press(app_, GLFW_KEY_RIGHT);
    EXPECT_EQ(app_.player().position(), at);
    imgui_.press(app_, GLFW_KEY_ESCAPE);
    EXPECT_FALSE(dialog_shown());
    EXPECT_FALSE(app_.classroom().running());

    app_.classroom().open_dialog();
    ASSERT_TRUE(dialog_shown());
    imgui_.press(app_, GLFW_KEY_ENTER);
    imgui_.frame(app_);
    ASSERT_TRUE(app_.classroom().running()) << app_.error().value_or("");
    EXPECT_FALSE(dialog_shown());
    std::string first = classroom::local_addresses().front();
    EXPECT_EQ(app_.classroom().join_url().rfind("http://" + first + ":8765/", 0), 0u) << app_.classroom().join_url();
    WsClient student(8765, app_.classroom().join_url().substr(app_.classroom().join_url().find('/', 7)) + "ws", "cotrace-classroom", first);
    student.send(R"({"type":"hello","id":"cccccccccccccccccccccccccccccccc"})");
    EXPECT_FALSE(state_at(student, at).is_null());
    app_.classroom().end();
}

// The pages number their steps as the window does: the window's granularity goes to every page, and when
// the teacher switches it, every page hears.
TEST_F(ClassroomBand, ThePagesTakeTheWindowsGranularity) {
    ASSERT_TRUE(app_.start_classroom("127.0.0.1", 0));
    const std::string& url = app_.classroom().join_url();
    WsClient student(std::stoi(url.substr(url.rfind(':') + 1)), url.substr(url.find('/', 7)) + "ws");
    student.send(R"({"type":"hello","id":"dddddddddddddddddddddddddddddddd"})");
    imgui_.frame(app_);
    ASSERT_EQ(app_.player().granularity(), Granularity::every_event);
    json state = state_at(student, 0);
    ASSERT_FALSE(state.is_null());
    EXPECT_EQ(state["granularity"], "event");
    app_.player().set_granularity(Granularity::control_transfers);
    imgui_.frame(app_);
    json changed;
    for (int i = 0; i < 20 && !(changed.is_object() && changed["granularity"] == "control"); ++i) {
        auto text = student.receive();
        if (!text) break;
        changed = json::parse(*text);
    }
    EXPECT_EQ(changed["granularity"], "control");
    app_.classroom().end();
}
