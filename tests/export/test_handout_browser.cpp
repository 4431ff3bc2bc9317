// The web handout in a real browser (Debian's chromium, headless): it opens at a #step=N deep link, its
// keys move as the window's do, what it shows at each step is what `cotrace narrate` and the window say,
// and it loads nothing from outside. Screenshots are kept in the test's directory for a look.
#include <gtest/gtest.h>

#include "analysis/folds.h"
#include "analysis/stepping.h"

#include <regex>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "trace/trace_json.h"
#include "trace/views.h"

using namespace testing_support;
using json = nlohmann::json;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;

class HandoutInBrowser : public Cli {
protected:
    void SetUp() override {
        Cli::SetUp();
        ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is not installed: scripts/setup.sh installs it";
    }

    // Chromium as the machine allows it: headless, no sandbox (root), no network of its own.
    std::string chromium(const std::string& arguments) {
        int exit_code = 0;
        std::string out = run_command(
            "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
            "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" +
                (dir_ / "profile").string() + "' " + arguments + " 2>/dev/null",
            &exit_code);
        EXPECT_EQ(exit_code, 0) << arguments;
        return out;
    }

    std::string handout(const std::string& source) {
        std::string path = (dir_ / "handout.html").string();
        auto result = run("export " + source + " --html '" + path + "'");
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return path;
    }

    // What the page says after pressing `keys` at `#step=N`: the harness loads it in a frame, presses
    // the keys, and writes each state into its own page, which chromium prints.
    json states_after_keys(const std::string& page, size_t step, const std::vector<std::string>& keys) {
        std::string list;
        for (const auto& key : keys) list += (list.empty() ? "\"" : ",\"") + key + "\"";
        std::ofstream(dir_ / "harness.html")
            << "<!doctype html><meta charset=utf-8><iframe id=f src=\"" << fs::path(page).filename().string() << "#step=" << step
            << "\"></iframe><pre id=out></pre><script>\n"
               "const f = document.getElementById('f');\n"
               "f.onload = () => {\n"
               "  const d = f.contentDocument, states = [];\n"
               "  const record = () => states.push({position: Number(d.body.dataset.position), current: d.body.dataset.current,\n"
               "    narration: d.getElementById('narration').textContent, label: d.getElementById('step-label').textContent});\n"
               "  record();\n"
               "  for (const key of [" << list << "]) {\n"
               "    if (key.startsWith('click:')) {\n"
               "      d.querySelector(key.slice(6)).click();\n"
               "    } else if (key.startsWith('granularity:')) {\n"
               "      const select = d.getElementById('granularity');\n"
               "      select.value = key.slice(12);\n"
               "      select.dispatchEvent(new Event('change'));\n"
               "    } else {\n"
               "      d.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));\n"
               "    }\n"
               "    record();\n"
               "  }\n"
               "  document.getElementById('out').textContent = JSON.stringify(states);\n"
               "};\n</script>\n";
        std::string dom = chromium("--allow-file-access-from-files --virtual-time-budget=5000 --dump-dom 'file://" +
                                   (dir_ / "harness.html").string() + "'");
        std::smatch found;
        std::string text = dom;
        if (!std::regex_search(text, found, std::regex("<pre id=\"out\">([^<]*)</pre>"))) {
            ADD_FAILURE() << "the harness wrote nothing:\n" << dom.substr(0, 2000);
            return json::array();
        }
        std::string states = found[1];
        for (auto [from, to] : {std::pair{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
            for (size_t at = states.find(from); at != std::string::npos; at = states.find(from, at + 1))
                states.replace(at, std::string(from).size(), to);
        return json::parse(states);
    }
};

// The window marks a line strongly when a frame (or the program) holds control.
std::string window_current(const cotrace::Trace& trace, size_t position) {
    cotrace::State state = trace.state_after(position);
    cotrace::Location at = state.current_location();
    bool runs = !state.control.empty() && (state.control.back().kind == cotrace::ControlEntry::Kind::frame ||
                                           state.control.back().kind == cotrace::ControlEntry::Kind::program);
    if (!runs || !at.valid()) return "";
    return trace.files[static_cast<size_t>(at.file)].path + ":" + std::to_string(at.line);
}

}  // namespace

TEST_F(HandoutInBrowser, KeysMoveAsTheWindowsDoAndShowWhatNarrateSays) {
    std::string page = handout("triple_main");
    cotrace::Trace trace = cotrace::load_trace((root / "traces/triple_main.json").string());
    auto sentences = cotrace::narration(trace);
    json states = states_after_keys(page, 20, {"ArrowRight", "ArrowRight", "ArrowLeft", "End", "Home", "ArrowRight"});
    ASSERT_EQ(states.size(), 7u) << states.dump();
    std::vector<size_t> expected = {20, 21, 22, 21, trace.size(), 0, 1};
    for (size_t i = 0; i < states.size(); ++i) {
        size_t position = states[i]["position"];
        SCOPED_TRACE("state " + std::to_string(i) + ": " + states[i].dump());
        EXPECT_EQ(position, expected[i]);
        EXPECT_EQ(states[i]["label"], "Step " + std::to_string(position) + " of " + std::to_string(trace.size()));
        if (position > 0) {
            EXPECT_EQ(states[i]["narration"], sentences[position - 1]);
        }
        EXPECT_EQ(states[i]["current"], window_current(trace, position));
    }
}

// A Python program's handout (issue 30): it starts at the lines granularity, and shows the Frames and
// variables the window shows, with the value that changed at the step marked beside its old one.
TEST_F(HandoutInBrowser, APythonProgramsHandoutShowsItsFramesAndVariables) {
    std::string page = handout("'" + (root / "tests/analysis/programs/lost_update.py").string() + "'");
    std::string dom = chromium("--virtual-time-budget=5000 --dump-dom 'file://" + page + "#step=89'");
    size_t from = dom.find("<div id=\"variables\""), to = dom.find("</section>", from);
    ASSERT_NE(from, std::string::npos) << dom.substr(0, 2000);
    std::string shown = std::regex_replace(dom.substr(from, to - from), std::regex("<[^>]*>"), "|");
    EXPECT_NE(shown.find("Globals"), std::string::npos) << shown;
    EXPECT_NE(shown.find("counter = |1||  (was 0)"), std::string::npos) << shown;
    EXPECT_NE(shown.find("Task-2 bump('A'), line 11  (runs)"), std::string::npos) << shown;
    EXPECT_NE(shown.find("Task-3 bump('B'), line 10  (waits)"), std::string::npos) << shown;
    EXPECT_NE(dom.find("<option value=\"lines\">lines and task steps</option>"), std::string::npos);
    // Right goes to the first line of the program's own, as in the window.
    auto recorded = run("record '" + (root / "tests/analysis/programs/lost_update.py").string() + "' -o '" + (dir_ / "trace.json").string() + "'");
    ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
    auto stops = cotrace::analysis::line_stops(cotrace::load_trace((dir_ / "trace.json").string()));
    ASSERT_FALSE(stops.empty());
    json states = states_after_keys(page, 0, {"ArrowRight"});
    ASSERT_EQ(states.size(), 2u) << states.dump();
    EXPECT_EQ(states[1]["position"], stops[0]) << states.dump();
}

// asyncio.run's teardown is one step in the handout too, and its button makes each of its steps a stop.
TEST_F(HandoutInBrowser, AFoldIsOneStepUntilItsButtonShowsItsSteps) {
    fs::path program = root / "tests/analysis/programs/lost_update.py";
    std::string page = handout("'" + program.string() + "'");
    auto recorded = run("record '" + program.string() + "' -o '" + (dir_ / "trace.json").string() + "'");
    ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
    cotrace::Trace trace = cotrace::load_trace((dir_ / "trace.json").string());
    auto folds = cotrace::analysis::folds(trace, cotrace::analysis::line_stops(trace));
    ASSERT_EQ(folds.size(), 2u);
    const auto& teardown = folds[1];
    json states = states_after_keys(page, teardown.last, {"click:.unfold", "ArrowRight"});
    ASSERT_EQ(states.size(), 3u) << states.dump();
    EXPECT_EQ(states[0]["narration"], "Show all " + std::to_string(teardown.steps()) + " " + teardown.text);
    EXPECT_EQ(states[1]["position"], teardown.first);
    EXPECT_EQ(states[2]["position"], teardown.first + 1);
}

TEST_F(HandoutInBrowser, AtTheTransfersOfControlGranularityKeysGoFromStopToStop) {
    std::string page = handout("triple_main");
    cotrace::Trace trace = cotrace::load_trace((root / "traces/triple_main.json").string());
    std::vector<size_t> stops;
    for (const auto& line : cotrace::outline_lines(trace)) stops.push_back(line.event + 1);
    json states = states_after_keys(page, 0, {"granularity:control", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"});
    ASSERT_EQ(states.size(), 6u) << states.dump();
    EXPECT_EQ(states[1]["position"], 0);
    EXPECT_EQ(states[2]["position"], stops[0]);
    EXPECT_EQ(states[3]["position"], stops[1]);
    EXPECT_EQ(states[4]["position"], stops[2]);
    EXPECT_EQ(states[5]["position"], stops[1]);
    // Stop 0 is before anything; stops[2] is the third transfer of control, as the window counts it.
    EXPECT_EQ(states[4]["label"], "Step 3 of " + std::to_string(stops.size() + (stops.back() == trace.size() ? 0 : 1)));
}

TEST_F(HandoutInBrowser, OpensAtTheStepItsLinkNamesAndScreenshotsLookRight) {
    std::string page = handout("io_gather");
    for (size_t step : {0, 75, 150}) {
        fs::path png = dir_ / ("step" + std::to_string(step) + ".png");
        chromium("--window-size=1280,900 --virtual-time-budget=3000 --screenshot='" + png.string() + "' 'file://" + page +
                 "#step=" + std::to_string(step) + "'");
        ASSERT_TRUE(fs::exists(png));
        EXPECT_GT(fs::file_size(png), 20000u) << "a blank page?";
        json states = states_after_keys(page, step, {});
        ASSERT_EQ(states.size(), 1u);
        EXPECT_EQ(states[0]["position"], step);
    }
    // At a phone's width too.
    fs::path phone = dir_ / "phone.png";
    chromium("--window-size=390,844 --virtual-time-budget=3000 --screenshot='" + phone.string() + "' 'file://" + page + "#step=75'");
    EXPECT_TRUE(fs::exists(phone));
}

TEST_F(HandoutInBrowser, LoadsNothingFromOutside) {
    std::string html = read_text(handout("network_io"));
    // No address, no linked file: every script and style is inline, and so is the trace.
    for (const char* outside : {"http://", "https://", "src=", "<link", "@import", "url("})
        EXPECT_EQ(html.find(outside), std::string::npos) << outside;
    EXPECT_NE(html.find("id=\"trace-data\""), std::string::npos);
}

// A program that prints what HTML's script parsing acts on ("<!--<script>", "</script>") still gives a
// handout that opens and shows it: the data escapes "<", ">" and "&" for the page's JSON.
TEST_F(HandoutInBrowser, PrintedScriptTagsNeitherBlankNorBreakThePage) {
    std::string program = file_with("tags.py", "print('<!--<script>')\nprint('</script><b>&amp;</b>')\nprint('after')\n");
    std::string page = handout("'" + program + "'");
    std::string trace_path = (dir_ / "tags.json").string();
    ASSERT_EQ(run("record '" + program + "' -o '" + trace_path + "'").exit_code, 0);
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    auto sentences = cotrace::narration(trace);
    std::string html = read_text(page);
    EXPECT_EQ(html.find("<!--<script>"), std::string::npos);
    for (size_t i = 0; i < trace.size(); ++i) {
        if (trace.events.kind(i) != cotrace::EventKind::print) continue;
        json states = states_after_keys(page, i + 1, {"End"});
        ASSERT_EQ(states.size(), 2u) << "the page did not run: " << states.dump();
        EXPECT_EQ(states[0]["narration"], sentences[i]);
        EXPECT_EQ(states[1]["position"], trace.size());
    }
}

// At a phone's width the marked line's label has a row of its own, inside the code box, however long the
// line or the label: it is never off screen to the right.
TEST_F(HandoutInBrowser, AtPhoneWidthTheMarkedLinesLabelStaysInView) {
    std::string page = handout("io_gather");
    std::ofstream(dir_ / "phone.html")
        << "<!doctype html><meta charset=utf-8><iframe id=f style='width:390px;height:844px;border:0' src=\""
        << fs::path(page).filename().string() << "#step=60\"></iframe><pre id=out></pre><script>\n"
           "const f = document.getElementById('f');\n"
           "f.onload = () => setTimeout(() => {\n"
           "  const d = f.contentDocument, box = d.getElementById('code').getBoundingClientRect();\n"
           "  const labels = [...d.querySelectorAll('#code .label')].map((l) => l.getBoundingClientRect());\n"
           "  document.getElementById('out').textContent = JSON.stringify({box: [box.left, box.right],\n"
           "    labels: labels.map((r) => [r.left, r.right, r.width])});\n"
           "}, 200);\n</script>\n";
    std::string dom = chromium("--allow-file-access-from-files --virtual-time-budget=5000 --dump-dom 'file://" +
                               (dir_ / "phone.html").string() + "'");
    std::smatch found;
    ASSERT_TRUE(std::regex_search(dom, found, std::regex("<pre id=\"out\">([^<]*)</pre>"))) << dom.substr(0, 2000);
    std::string text = found[1];
    for (size_t at = text.find("&quot;"); at != std::string::npos; at = text.find("&quot;", at + 1)) text.replace(at, 6, "\"");
    json geometry = json::parse(text);
    ASSERT_FALSE(geometry["labels"].empty()) << "no marked line with a label at step 60";
    double right = geometry["box"][1];
    for (const auto& label : geometry["labels"]) {
        EXPECT_GT(label[2].get<double>(), 0);
        EXPECT_LE(label[1].get<double>(), right + 1) << geometry.dump();
    }
}
