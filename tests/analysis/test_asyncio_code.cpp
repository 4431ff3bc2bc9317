// asyncio's own code as the seed tells it: the runtime's C++ twins of the seed's Task.step and
// Future.__await__, line for line where they correspond.
#include <gtest/gtest.h>

#include "analysis/asyncio_code.h"
#include "analysis/source_text.h"
#include "trace/trace_json.h"

using namespace cotrace;
using analysis::AsyncioListing;

namespace {

std::string line_of(std::string_view text, int number) {
    for (int line = 1; !text.empty(); ++line) {
        size_t end = text.find('\n');
        if (line == number) return std::string(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return {};
}

}  // namespace

TEST(AsyncioCode, TheSeedsListingsAreTheSeedsTwelveLines) {
    const auto& step = analysis::asyncio_listing(AsyncioListing::task_step);
    EXPECT_EQ(line_of(step.seed, 3), "    def step(self):");
    EXPECT_EQ(line_of(step.seed, 5), "            yielded_value = self.coro.send(None)");
    EXPECT_EQ(line_of(step.seed, 11), "                yielded_value.add_done_callback(self.__step)");
    const auto& await = analysis::asyncio_listing(AsyncioListing::future_await);
    EXPECT_EQ(line_of(await.seed, 7), "            yield self");
    EXPECT_EQ(line_of(await.seed, 12), "        return self.result()");
}

TEST(AsyncioCode, EachSeedLineHasItsTwinInTheRuntime) {
    const auto& step = analysis::asyncio_listing(AsyncioListing::task_step);
    EXPECT_NE(line_of(step.cpp, step.cpp_line(3)).find("void Task::step("), std::string::npos);
    EXPECT_NE(line_of(step.cpp, step.cpp_line(5)).find("coro_.resume("), std::string::npos);
    EXPECT_NE(line_of(step.cpp, step.cpp_line(7)).find("Future::set_result("), std::string::npos);
    EXPECT_NE(line_of(step.cpp, step.cpp_line(10)).find("asyncio_future_blocking = false"), std::string::npos);
    EXPECT_NE(line_of(step.cpp, step.cpp_line(11)).find("add_done_callback("), std::string::npos);
    const auto& await = analysis::asyncio_listing(AsyncioListing::future_await);
    EXPECT_NE(line_of(await.cpp, await.cpp_line(5)).find("if (!self->done())"), std::string::npos);
    EXPECT_NE(line_of(await.cpp, await.cpp_line(6)).find("asyncio_future_blocking = true"), std::string::npos);
    EXPECT_NE(line_of(await.cpp, await.cpp_line(7)).find("yield_("), std::string::npos);
    EXPECT_NE(line_of(await.cpp, await.cpp_line(12)).find("self->result()"), std::string::npos);
}

TEST(AsyncioCode, TheMarkersAreNotShown) {
    EXPECT_EQ(analysis::without_seed_marker("    if (!self->done()) {  // seed 5"), "    if (!self->done()) {");
    EXPECT_EQ(analysis::without_seed_marker("        case Outcome::Kind::returned:  // StopIteration; seed 6"),
              "        case Outcome::Kind::returned:  // StopIteration");
    EXPECT_EQ(analysis::without_seed_marker("    x = 1;  // seed 9,10"), "    x = 1;");
    EXPECT_EQ(analysis::without_seed_marker("    // a seed of doubt"), "    // a seed of doubt");
    EXPECT_EQ(analysis::without_seed_marker("    int seed = 5;"), "    int seed = 5;");
}

TEST(SourceText, ReadersSeeTheLinesWithoutTheirMarkers) {
    // The window's listings and the exports show source this way.
    EXPECT_EQ(analysis::without_markers("    co_await sleep(1);  // py 4"), "    co_await sleep(1);");
    EXPECT_EQ(analysis::without_markers("    if (!self->done()) {  // seed 5"), "    if (!self->done()) {");
    EXPECT_EQ(analysis::without_markers("    // py 4 is the line"), "    // py 4 is the line");  // not a marker
    using Lines = std::vector<std::string_view>;
    EXPECT_EQ(analysis::lines_of("a\nb\n"), (Lines{"a", "b"}));
    EXPECT_EQ(analysis::lines_of("a\n\nb"), (Lines{"a", "", "b"}));
    EXPECT_EQ(analysis::lines_of(""), Lines{});
    // Line numbers, and whether the text ends with a newline, stay as they were.
    EXPECT_EQ(analysis::text_without_markers("x = 1;  // py 1\n\ny = 2;  // seed 3\n"), "x = 1;\n\ny = 2;\n");
    EXPECT_EQ(analysis::text_without_markers("x = 1;  // py 1\ny = 2;"), "x = 1;\ny = 2;");
    EXPECT_EQ(analysis::text_without_markers("\n\n"), "\n\n");
    EXPECT_EQ(analysis::text_without_markers(""), "");
}

// The Rock's own __await__ is the program's code, not asyncio's Future.__await__, though its frame's name
// ends the same way: what a frame is comes from the trace's facts (Future.__await__'s frame has the future
// it awaits as its owner), never from its name. While Rock.__await__ runs, control is in rock.cpp.
TEST(AsyncioCode, AClassesOwnAwaitIsNeverAsyncios) {
    Trace trace = load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/rock.json");
    bool seen_rock_await = false;
    for (size_t position = 1; position <= trace.size(); ++position) {
        analysis::AsyncioMarks marks = analysis::asyncio_marks(trace, position);
        EXPECT_FALSE(marks.in_asyncio) << "step " << position;
        EXPECT_EQ(marks.future_await.line, 0) << "step " << position;
        State state = trace.state_after(position);
        if (!state.control.empty() && state.control.back().kind == ControlEntry::Kind::frame &&
            trace.name(state.control.back().id) == "Rock.__await__")
            seen_rock_await = true;
    }
    EXPECT_TRUE(seen_rock_await);
    // triple_task's __await__ is asyncio's: there, control is in Future.__await__.
    Trace triple = load_trace(std::string(COTRACE_SOURCE_DIR) + "/traces/triple_main.json");
    bool in_future_await = false;
    for (size_t position = 1; position <= triple.size(); ++position) {
        analysis::AsyncioMarks marks = analysis::asyncio_marks(triple, position);
        in_future_await |= marks.in_asyncio && marks.focus == AsyncioListing::future_await && marks.future_await.line != 0;
    }
    EXPECT_TRUE(in_future_await);
}
