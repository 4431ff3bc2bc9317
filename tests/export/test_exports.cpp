// Exports, checked against their formats' rules: the Chrome trace event JSON (required fields, every flow
// start has its end, slices nest and never go back in time on a track), the Markdown handout (a section
// per transfer of control), and the web handout's data (a step per event, within its size).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "export/handout.h"
#include "export/markdown.h"
#include "export/perfetto.h"
#include "trace/views.h"
#include "walkthroughs/registry.h"
#include "workload.h"

using namespace cotrace;
using json = nlohmann::json;

namespace {

std::vector<std::string> walkthrough_ids() {
    std::vector<std::string> ids;
    for (const auto& walkthrough : walkthroughs()) ids.push_back(walkthrough.id);
    return ids;
}

json perfetto_of(const Trace& trace) {
    std::ostringstream out;
    exports::write_perfetto(trace, out);
    return json::parse(out.str());
}

// The format's documented rules (the Trace Event Format, "JSON Array/Object Format").
void expect_valid_chrome_trace(const json& doc, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_TRUE(doc.contains("traceEvents"));
    std::map<int, std::vector<std::pair<std::string, double>>> open;  // track -> open B slices
    std::map<int, double> last_ts;                                    // track -> last B, E or i
    std::map<std::string, int> flows;                                 // id -> starts minus ends
    std::map<std::string, std::pair<double, double>> flow_times;      // id -> (start, end)
    for (const auto& e : doc["traceEvents"]) {
        ASSERT_TRUE(e.contains("ph") && e.contains("ts") && e.contains("pid") && e.contains("tid")) << e.dump();
        std::string ph = e["ph"];
        int track = e["tid"];
        double ts = e["ts"];
        if (ph == "M") continue;
        if (ph != "E") {
            ASSERT_TRUE(e.contains("name")) << e.dump();  // an end takes its begin's name
        }
        if (ph == "B" || ph == "E" || ph == "i") {
            EXPECT_GE(ts, last_ts[track]) << "time goes back on track " << track << ": " << e.dump();
            last_ts[track] = ts;
        }
        if (ph == "B") {
            open[track].push_back({e["name"], ts});
            EXPECT_TRUE(e["args"].contains("step")) << e.dump();
        } else if (ph == "E") {
            ASSERT_FALSE(open[track].empty()) << "an end with no begin on track " << track;
            open[track].pop_back();
        } else if (ph == "i") {
            EXPECT_EQ(e["s"], "t");
        } else if (ph == "s" || ph == "f") {
            std::string id = e["id"].dump();
            flows[id] += ph == "s" ? 1 : -1;
            (ph == "s" ? flow_times[id].first : flow_times[id].second) = ts;
            if (ph == "f") {
                EXPECT_EQ(e["bp"], "e");
            }
        } else {
            ADD_FAILURE() << "unexpected phase " << ph;
        }
    }
    for (const auto& [track, slices] : open) EXPECT_TRUE(slices.empty()) << "track " << track << " left open";
    for (const auto& [id, balance] : flows) EXPECT_EQ(balance, 0) << "flow " << id << " has a start without an end";
    for (const auto& [id, times] : flow_times) EXPECT_LE(times.first, times.second) << "flow " << id << " ends before it starts";
}

class EveryWalkthrough : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(EveryWalkthrough, PerfettoFollowsTheFormatsRules) {
    expect_valid_chrome_trace(perfetto_of(record(*find_walkthrough(GetParam()))), GetParam());
}

TEST_P(EveryWalkthrough, HandoutDataHasAStepPerEventAndStaysUnderAMegabyte) {
    Trace trace = record(*find_walkthrough(GetParam()));
    std::ostringstream page;
    exports::write_handout(trace, GetParam(), page);
    EXPECT_LE(page.str().size(), 1'000'000u) << GetParam();
    json data = json::parse(exports::handout_data(trace, GetParam()));
    ASSERT_EQ(data["steps"].size(), trace.size() + 1);
    auto sentences = narration(trace);
    for (size_t i = 0; i < trace.size(); ++i) EXPECT_EQ(data["steps"][i + 1]["n"], sentences[i]);
}

INSTANTIATE_TEST_SUITE_P(Walkthroughs, EveryWalkthrough, ::testing::ValuesIn(walkthrough_ids()),
                         [](const auto& info) { return info.param; });

TEST(Perfetto, TripleMainHasATrackPerTaskAndItsWakeUps) {
    json doc = perfetto_of(record(*find_walkthrough("triple_main")));
    std::map<int, std::string> tracks;
    int steps = 0, waits = 0, flow_ends = 0;
    for (const auto& e : doc["traceEvents"]) {
        if (e["ph"] == "M" && e["name"] == "thread_name") tracks[e["tid"]] = e["args"]["name"];
        if (e["ph"] == "B" && e["cat"] == "step") ++steps;
        if (e["ph"] == "B" && e["cat"] == "wait") {
            ++waits;
            EXPECT_EQ(e["name"], "await triple_task");
        }
        if (e["ph"] == "f") ++flow_ends;
    }
    std::set<std::string> names;
    for (const auto& [track, name] : tracks) names.insert(name);
    EXPECT_EQ(names, (std::set<std::string>{"program", "event loop", "main_task", "triple_task"}));
    EXPECT_EQ(steps, 3);      // main_task.step, triple_task.step, main_task.wakeup
    EXPECT_EQ(waits, 1);      // main_task waits on triple_task
    EXPECT_EQ(flow_ends, 1);  // triple_task.set_result(15) wakes main_task
}

TEST(Perfetto, AGeneratedHundredThousandEventTraceFollowsTheRules) {
    Trace trace = workload::record(20, workload::rounds_for(100000, 20));
    expect_valid_chrome_trace(perfetto_of(trace), "workload");
}

TEST(Markdown, TripleMainHasASectionPerTransferOfControlWithCode) {
    Trace trace = record(*find_walkthrough("triple_main"));
    std::ostringstream out;
    exports::write_markdown(trace, out);
    std::string text = out.str();
    size_t sections = 0;
    for (size_t at = text.find("\n## Step "); at != std::string::npos; at = text.find("\n## Step ", at + 1)) ++sections;
    EXPECT_EQ(sections, outline_lines(trace).size());
    // In main_task.step after main yields: the seed's Task.step, the else branch marked.
    EXPECT_NE(text.find("## Step 20: main_task.step"), std::string::npos);
    EXPECT_NE(text.find(">  8          else:"), std::string::npos) << text;
    // In main, the C++ line and its Python twin.
    EXPECT_NE(text.find("> 16      int tripled_val = co_await triple_task;"), std::string::npos) << text;
    EXPECT_NE(text.find(">  9      tripled_val = await triple_task"), std::string::npos) << text;
    EXPECT_EQ(text.find("// py "), std::string::npos);  // the twins' markers are not shown
}

TEST(Handout, AHundredThousandEventTraceStaysUnderTwentyMegabytes) {
    Trace trace = workload::record(20, workload::rounds_for(100000, 20));
    ASSERT_GE(trace.size(), 100000u);
    std::ostringstream page;
    exports::write_handout(trace, "workload", page);
    EXPECT_LE(page.str().size(), 20'000'000u);
    std::cout << "a " << trace.size() << "-event handout is " << page.str().size() / 1000 << " kB\n";
}

TEST(Handout, BeyondItsLimitTheExporterSaysSo) {
    Trace trace = workload::record(20, workload::rounds_for(exports::handout_most_events + 1000, 20));
    ASSERT_GT(trace.size(), exports::handout_most_events);
    EXPECT_THROW(exports::handout_data(trace, "big"), exports::HandoutTooBig);
}

TEST(Handout, TheDataCannotEndItsScriptEarly) {
    Trace trace = record(*find_walkthrough("rock"));
    std::ostringstream page;
    exports::write_handout(trace, "rock</script><script>alert(1)//", page);
    std::string html = page.str();
    size_t data = html.find("id=\"trace-data\"");
    ASSERT_NE(data, std::string::npos);
    // The name is inside the data (as "<\/script>"), and the data's script ends after it.
    size_t inside = html.find("alert(1)", data);
    ASSERT_NE(inside, std::string::npos);
    EXPECT_LT(inside, html.find("</script>", data));
}
