// The Python recorder (issue 11), through the command as a learner uses it: every Python program the
// oracle knows gives the oracle's log line for line, the Python twins tell the same story as the C++
// walkthroughs, recordings are deterministic, and bad programs are answered plainly.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "analysis/asyncio_code.h"
#include "cli_fixture.h"
#include "trace/trace_json.h"
#include "trace/views.h"

using namespace testing_support;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;
const std::string cotrace_binary = COTRACE_BINARY;

std::vector<std::string> python_files(const fs::path& directory) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(directory))
        if (entry.path().extension() == ".py") files.push_back(fs::relative(entry.path(), root).string());
    std::sort(files.begin(), files.end());
    return files;
}

// The walkthroughs on real I/O: their twins do the I/O another way (below), so they are not compared.
bool real_io(const std::string& path) { return path.find("file_chunks") != std::string::npos || path.find("network_io") != std::string::npos; }

std::vector<std::string> oracle_programs() {
    std::vector<std::string> all = python_files(root / "tools/oracle/programs");
    for (const auto& file : python_files(root / "tests/python/programs")) all.push_back(file);
    for (const auto& file : python_files(root / "src/walkthroughs/python"))
        if (!real_io(file)) all.push_back(file);
    return all;
}

std::string output_of(const std::string& command, int* exit_code = nullptr) {
    return run_command("cd '" + root.string() + "' && " + command, exit_code);
}

// CPython itself, now, on the interpreter cotrace embeds.
std::string oracle_log(const std::string& program) {
    return output_of("cd tools/oracle && '" + std::string(COTRACE_PYTHON) + "' asyncio_oracle.py '../../" + program + "' 2>/dev/null");
}

class PythonGolden : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(PythonGolden, LogEqualsTheOracleRunNow) {
    std::string expected = oracle_log(GetParam());
    ASSERT_FALSE(expected.empty()) << "the oracle printed nothing for " << GetParam();
    int exit_code = 0;
    std::string log = output_of("'" + cotrace_binary + "' log '" + GetParam() + "' 2>/dev/null", &exit_code);
    EXPECT_EQ(exit_code, 0);
    EXPECT_EQ(lines_of(log), lines_of(expected)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Programs, PythonGolden, ::testing::ValuesIn(oracle_programs()),
                         [](const auto& info) {
                             std::string name = fs::path(info.param).parent_path().filename().string() + "_" +
                                                fs::path(info.param).stem().string();
                             std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                             return name;
                         });

// The expected logs checked in beside the oracle's programs (tools/oracle/expected) too.
TEST(PythonRecorder, LogsEqualTheOraclesExpectedLogs) {
    for (const auto& program : python_files(root / "tools/oracle/programs")) {
        std::string expected = read_text(root / "tools/oracle/expected" / (fs::path(program).stem().string() + ".log"));
        EXPECT_EQ(lines_of(output_of("'" + cotrace_binary + "' log '" + program + "'")), lines_of(expected)) << program;
    }
}

// An outline without the arguments a Python trace shows after each frame's name ("fetch_data('a', 2)"):
// the C++ runtime records none, and the story told is the same.
std::string without_arguments(const std::string& outline) {
    std::string out;
    for (const auto& line : lines_of(outline)) out += line.substr(0, line.find('(')) + "\n";
    return out;
}

// Two recorders, one story: the outline of each Python twin equals the C++ walkthrough's (but for the
// arguments the Python trace names its frames' calls with).
TEST(PythonRecorder, EachTwinsOutlineEqualsItsWalkthroughs) {
    for (const auto& twin : python_files(root / "src/walkthroughs/python")) {
        std::string id = fs::path(twin).stem().string();
        std::string python = without_arguments(output_of("'" + cotrace_binary + "' outline '" + twin + "'"));
        std::string cpp = output_of("'" + cotrace_binary + "' outline " + id);
        if (real_io(twin)) {
            // They must differ: the C++ walkthrough does its I/O with libuv's own coroutines (File.open,
            // File.read, streams), the Python twin in executor threads and asyncio's streams, and real I/O
            // completes in a different order from run to run.
            EXPECT_NE(python, cpp) << twin;
            continue;
        }
        EXPECT_EQ(lines_of(python), lines_of(cpp)) << twin;
    }
    std::string triple = output_of("'" + cotrace_binary + "' outline src/walkthroughs/python/triple_main.py");
    EXPECT_NE(triple.find("  triple(5)\n"), std::string::npos) << triple;  // which triple: the one made with 5
    EXPECT_EQ(without_arguments(triple), read_text(root / "tests/golden/triple_main.outline"));
}

class PythonCli : public Cli {
protected:
    std::string program(const std::string& name, const std::string& text) { return file_with(name, text); }
};

TEST_F(PythonCli, RecordingTwiceGivesTheSameBytes) {
    for (const char* extension : {".json", ".cbor"}) {
        std::string first = (dir_ / (std::string("first") + extension)).string();
        std::string second = (dir_ / (std::string("second") + extension)).string();
        std::string source = (root / "tests/python/programs/queue_workers.py").string();
        ASSERT_EQ(run("record '" + source + "' -o '" + first + "'").exit_code, 0);
        ASSERT_EQ(run("record '" + source + "' -o '" + second + "'").exit_code, 0);
        EXPECT_EQ(read_text(first), read_text(second)) << extension;
        EXPECT_GT(read_text(first).size(), 1000u);
    }
}

TEST_F(PythonCli, TheTraceEmbedsTheProgramAndTheAsyncioItShows) {
    std::string source = (root / "src/walkthroughs/python/triple_main.py").string();
    std::string trace_path = (dir_ / "t.json").string();
    ASSERT_EQ(run("record '" + source + "' -o '" + trace_path + "'").exit_code, 0);
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_EQ(trace.meta.title, "triple_main.py");
    EXPECT_EQ(trace.meta.clock, "virtual");
    std::vector<std::string> paths;
    for (const auto& file : trace.files) paths.push_back(file.path);
    ASSERT_GE(paths.size(), 2u);
    EXPECT_EQ(paths[0], source);
    EXPECT_EQ(trace.files[0].text, read_text(source));
    EXPECT_NE(std::find_if(paths.begin(), paths.end(), [](const std::string& p) { return p.ends_with("/asyncio/futures.py"); }),
              paths.end());
    // Future.__await__'s blocking marks its `yield self` line, in the interpreter's own futures.py.
    bool marked = false;
    for (size_t i = 0; i < trace.size(); ++i) {
        cotrace::Event event = trace.events[i];
        if (event.kind != cotrace::EventKind::future_blocking) continue;
        ASSERT_TRUE(event.where.valid());
        const std::string& text = trace.files[static_cast<size_t>(event.where.file)].text;
        auto lines = lines_of(text);
        ASSERT_LE(static_cast<size_t>(event.where.line), lines.size());
        EXPECT_NE(lines[static_cast<size_t>(event.where.line) - 1].find("yield self"), std::string::npos);
        marked = true;
    }
    EXPECT_TRUE(marked);
    // Future.__await__ is named after its future, as in the C++ runtime.
    bool await_frame = false;
    for (const auto& object : trace.objects) await_frame |= object.name == "triple_task.__await__";
    EXPECT_TRUE(await_frame);
}

// A frame that ends by raising shows what it raised, as the C++ runtime's frames do: CPython 3.11 hides
// the exception from a profile hook at that moment, and the recorder's trace hook (see_exceptions)
// sees it on its way.
std::vector<std::pair<std::string, std::string>> raises_in(const cotrace::Trace& trace) {
    std::vector<std::pair<std::string, std::string>> raises;
    for (size_t i = 0; i < trace.size(); ++i) {
        cotrace::Event event = trace.events[i];
        if (event.kind == cotrace::EventKind::frame_raise)
            raises.emplace_back(trace.name(event.subject), std::string(event.text));
    }
    return raises;
}

TEST_F(PythonCli, AFrameThatRaisesShowsWhatItRaised) {
    std::string path = program("raises_inside.py",
                               "import asyncio\n\n"
                               "async def inner():\n    await asyncio.sleep(0)\n    raise ValueError('bad input')\n\n"
                               "async def middle():\n    try:\n        await inner()\n    finally:\n        print('cleaning up')\n\n"
                               "async def outer():\n    try:\n        await middle()\n    except ValueError as e:\n"
                               "        print('caught', repr(e))\n\n"
                               "asyncio.run(outer())\n");
    std::string trace_path = (dir_ / "raises_inside.json").string();
    ASSERT_EQ(run("record '" + path + "' -o '" + trace_path + "'").exit_code, 0);
    using Raises = std::vector<std::pair<std::string, std::string>>;
    // middle's `finally` (a print, then the exception raised again) still shows what middle raises.
    EXPECT_EQ(raises_in(cotrace::load_trace(trace_path)),
              (Raises{{"inner", "ValueError('bad input')"}, {"middle", "ValueError('bad input')"}}));

    // The cancel_throw walkthrough: the Python original's frames raise what its C++ twin's raise.
    std::string python_trace = (dir_ / "cancel_throw_py.json").string(), cpp_trace = (dir_ / "cancel_throw.json").string();
    ASSERT_EQ(run("record '" + (root / "src/walkthroughs/python/cancel_throw.py").string() + "' -o '" + python_trace + "'").exit_code, 0);
    ASSERT_EQ(run("record cancel_throw -o '" + cpp_trace + "'").exit_code, 0);
    Raises python = raises_in(cotrace::load_trace(python_trace));
    EXPECT_FALSE(python.empty());
    EXPECT_EQ(python, raises_in(cotrace::load_trace(cpp_trace)));
}

TEST_F(PythonCli, ASyntaxErrorGivesFileLineColumnAndPythonsMessage) {
    std::string path = program("broken.py", "import asyncio\n\nasync def main(:\n    pass\n");
    auto result = run("log '" + path + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, "cotrace: error: " + path + ": line 3, column 16: SyntaxError: invalid syntax\n");
    EXPECT_EQ(result.out, "");
}

TEST_F(PythonCli, AnEscapingExceptionStillWritesTheTraceWhichEndsWithIt) {
    std::string path = program("raises.py",
                               "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    raise ValueError('boom')\n\n"
                               "asyncio.run(main())\n");
    std::string trace_path = (dir_ / "raises.cbor").string();
    auto result = run("record '" + path + "' -o '" + trace_path + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("Traceback (most recent call last):"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("ValueError: boom"), std::string::npos) << result.err;
    auto narration = run("narrate '" + trace_path + "'");
    ASSERT_EQ(narration.exit_code, 0) << narration.err;
    std::string last = narration.out.substr(narration.out.rfind("\n", narration.out.rfind(". The program ends")) + 1);
    EXPECT_NE(last.find("The program ends with an exception that nothing caught: ValueError: boom"), std::string::npos) << last;
}

TEST_F(PythonCli, AProgramThatNeverEndsStopsAtTheEventLimit) {
    std::string path = program("forever.py",
                               "import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n\n"
                               "asyncio.run(main())\n");
    std::string trace_path = (dir_ / "forever.json").string();
    auto result = run("record '" + path + "' -o '" + trace_path + "' --max-events 5000");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.err, "cotrace: note: the recording reached its limit of 5000 events (--max-events), and stopped the "
                          "program there; the trace so far is kept\n");
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_LE(trace.size(), 5100u);
    EXPECT_EQ(trace.events.kind(trace.size() - 1), cotrace::EventKind::program_end);
}

TEST_F(PythonCli, InputReadsEndOfFileAndAMissingImportGivesPythonsMessage) {
    auto input = run("run '" + program("asks.py", "name = input('name? ')\n") + "'");
    EXPECT_EQ(input.exit_code, 1);
    EXPECT_NE(input.err.find("EOFError: EOF when reading a line"), std::string::npos) << input.err;
    auto missing = run("log '" + program("imports.py", "import no_such_module\n") + "'");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("ModuleNotFoundError: No module named 'no_such_module'"), std::string::npos) << missing.err;
}

TEST_F(PythonCli, AsCompletedAndWaitPrintWhatPythonPrints) {
    std::string path = (root / "tests/python/unordered/as_completed_wait.py").string();
    auto result = run("run '" + path + "'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "got one\ngot two\ngot three\nfirst done: ['quick'], still pending: 1\n");
    EXPECT_EQ(run("log '" + path + "'").exit_code, 0);
}

TEST_F(PythonCli, OnTheRealClockSocketsShowAsPendingIo) {
    std::string source = (root / "src/walkthroughs/python/network_io.py").string();
    std::string trace_path = (dir_ / "net.json").string();
    auto result = run("record --real-clock '" + source + "' -o '" + trace_path + "'");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_EQ(trace.meta.clock, "real");
    size_t watches = 0, polls = 0;
    std::string listening;
    for (size_t i = 0; i < trace.size(); ++i) {
        if (trace.events.kind(i) == cotrace::EventKind::io_start) {
            ++watches;
            if (trace.name(trace.events.subject(i)).starts_with("listening socket 127.0.0.1:")) listening = trace.name(trace.events.subject(i));
        }
        polls += trace.events.kind(i) == cotrace::EventKind::poll_done;
    }
    EXPECT_GE(watches, 2u);  // the server's socket, and the connections
    EXPECT_GT(polls, 0u);
    EXPECT_FALSE(listening.empty());
    auto narration = run("narrate '" + trace_path + "'");
    EXPECT_NE(narration.out.find("The loop's selector now watches " + listening + " for reading"), std::string::npos);
    EXPECT_NE(run("run --real-clock '" + source + "'").out.find("'reply to GET /data' and 20 slices of work"), std::string::npos);
}

TEST_F(PythonCli, DatetimeReadsTheVirtualClockAndALoneSurrogatePrintsAsQuestionMark) {
    std::string path = program("clocks.py",
                               "import asyncio, datetime\n\nasync def main():\n    await asyncio.sleep(3600)\n"
                               "    print(datetime.datetime.now(datetime.timezone.utc).isoformat())\n"
                               "    print('bad \\udcff end')\n\nasyncio.run(main())\n");
    auto result = run("run '" + path + "'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "1970-01-01T01:00:00+00:00\nbad ? end\n");
}

TEST_F(PythonCli, ArgumentsAfterADashDashReachTheProgram) {
    std::string path = program("args.py", "import sys\nprint(sys.argv[1:])\n");
    auto result = run("run '" + path + "' -- one --two 3");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "['one', '--two', '3']\n");
}

TEST_F(PythonCli, TheProgramsOwnModulesAreFollowedAndTimeIsVirtual) {
    program("helper.py", "import asyncio\n\nasync def nap():\n    await asyncio.sleep(100)\n    return 'rested'\n");
    std::string path = program("uses_helper.py",
                               "import asyncio, time\nfrom helper import nap\n\nasync def main():\n    start = time.time()\n"
                               "    print(await nap())\n    time.sleep(0.5)\n    print(f'{time.time() - start:.1f} s')\n\n"
                               "asyncio.run(main())\n");
    auto result = run("run '" + path + "'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "rested\n100.5 s\n");  // a hundred seconds of virtual sleep, at once
    auto outline = run("outline '" + path + "'");
    EXPECT_NE(outline.out.find("      nap\n"), std::string::npos) << outline.out;
}

// The fuzzer's grammar (tests/fuzz/python_programs.py), replayed on every build for a few seeds: each
// program's recording loads, and, without threads, its step log equals the oracle's run now.
TEST_F(PythonCli, ProgramsFromTheFuzzGrammarEqualTheOracle) {
    for (int seed = 1; seed <= 40; ++seed) {
        bool threads = seed % 4 == 0;
        std::string path = (dir_ / ("fuzz_" + std::to_string(seed) + ".py")).string();
        int code = 0;
        output_of("'" + std::string(COTRACE_PYTHON) + "' tests/fuzz/python_programs.py " + std::to_string(seed) +
                      (threads ? " --threads" : "") + " > '" + path + "'",
                  &code);
        ASSERT_EQ(code, 0);
        std::string trace_path = (dir_ / "fuzz.cbor").string();
        auto recorded = run("record '" + path + "' -o '" + trace_path + "'");
        EXPECT_LE(recorded.exit_code, 1) << path << ": " << recorded.err;
        EXPECT_EQ(recorded.err.find("lost track"), std::string::npos) << path << ": " << recorded.err;
        auto log = run("log '" + trace_path + "'");
        EXPECT_EQ(log.exit_code, 0) << path << ": " << log.err;
        if (threads) continue;
        auto oracle = [&] {
            return output_of("cd tools/oracle && '" + std::string(COTRACE_PYTHON) + "' asyncio_oracle.py '" + path + "' 2>/dev/null");
        };
        std::string first = oracle();
        // Tasks left over when asyncio.run ends are cancelled in the order of a WeakSet (memory addresses): if
        // CPython's own log changes from run to run, cotrace's may be any of them (fuzz_python.sh does the same).
        bool agrees = log.out == first;
        for (int again = 0; again < 4 && !agrees; ++again) {
            std::string next = oracle();
            if (next == log.out || next != first) agrees = true;
        }
        EXPECT_TRUE(agrees) << path << "\n" << log.out << "\noracle:\n" << first;
    }
}

// A Python program's step is asyncio's own Task.__step: the trace records where it is (the interpreter's
// tasks.py), so the Source panel shows that code rather than the simplified listing.
TEST_F(PythonCli, APythonTasksStepPointsIntoTheInterpretersTasksPy) {
    std::string trace_path = (dir_ / "triple.json").string();
    ASSERT_EQ(run("record '" + (root / "src/walkthroughs/python/triple_main.py").string() + "' -o '" + trace_path + "'").exit_code, 0);
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    size_t checked = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        if (trace.events.kind(i) != cotrace::EventKind::step_begin) continue;
        cotrace::analysis::AsyncioMarks marks = cotrace::analysis::asyncio_marks(trace, i + 1);
        ASSERT_TRUE(marks.task_step_code.valid()) << "step " << i + 1;
        const cotrace::SourceFile& file = trace.files[static_cast<size_t>(marks.task_step_code.file)];
        EXPECT_TRUE(file.path.ends_with("/asyncio/tasks.py")) << file.path;
        EXPECT_NE(lines_of(file.text)[static_cast<size_t>(marks.task_step_code.line) - 1].find("def __step("), std::string::npos);
        ++checked;
    }
    EXPECT_GE(checked, 3u);
    // The C++ runtime's steps have no such place: its trace shows the simplified listing beside task.cpp.
    cotrace::Trace cpp = cotrace::load_trace((root / "traces/triple_main.json").string());
    for (size_t i = 0; i < cpp.size(); ++i)
        if (cpp.events.kind(i) == cotrace::EventKind::step_begin) EXPECT_FALSE(cotrace::analysis::asyncio_marks(cpp, i + 1).task_step_code.valid());
}

// What each handle runs and what each frame's code is, told by asyncio's own functions and code objects,
// not by names: a task renamed after its step was scheduled still owns that step, and a class's own
// __await__ is the program's code.
TEST_F(PythonCli, HandlesRecordTheirTaskAndFramesTheirCode) {
    std::string path = program("roles.py",
        "import asyncio\n"
        "class Rock:\n"
        "    def __await__(self):\n"
        "        yield\n"
        "        return 7\n"
        "async def work():\n"
        "    await asyncio.sleep(0)\n"
        "    return await Rock()\n"
        "async def main():\n"
        "    task = asyncio.create_task(work())\n"
        "    task.set_name('renamed')\n"
        "    fut = asyncio.get_running_loop().create_future()\n"
        "    asyncio.get_running_loop().call_soon(fut.set_result, 1)\n"
        "    print(await fut, await task)\n"
        "asyncio.run(main())\n");
    std::string trace_path = (dir_ / "roles.json").string();
    ASSERT_EQ(run("record '" + path + "' -o '" + trace_path + "'").exit_code, 0);
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_EQ(trace.meta.recorder, "cpython");
    using cotrace::ObjectRole;
    std::map<std::string, ObjectRole> frames;
    size_t renamed_steps = 0, wakeups = 0;
    for (const cotrace::TraceObject& object : trace.objects) {
        if (object.kind == cotrace::ObjectKind::frame) frames[std::string(object.name)] = object.role;
        if (object.role == ObjectRole::task_step && trace.name(object.owner) == "renamed") ++renamed_steps;
        if (object.role == ObjectRole::task_wakeup) {
            ++wakeups;
            EXPECT_EQ(trace.kind(object.owner), cotrace::ObjectKind::task);
        }
        if (object.name.find("set_result") != std::string_view::npos) {
            EXPECT_EQ(object.role, ObjectRole::none) << object.name;  // the program's own callback
        }
    }
    EXPECT_GE(renamed_steps, 2u);  // its first step was named Task-2.step, before the rename
    EXPECT_GE(wakeups, 2u);
    EXPECT_EQ(frames["Rock.__await__"], ObjectRole::none);
    EXPECT_EQ(frames["work"], ObjectRole::none);
    EXPECT_EQ(frames["sleep"], ObjectRole::asyncio);
    size_t future_awaits = 0;
    for (const cotrace::TraceObject& object : trace.objects) future_awaits += object.role == ObjectRole::future_await;
    EXPECT_GE(future_awaits, 1u);
}
