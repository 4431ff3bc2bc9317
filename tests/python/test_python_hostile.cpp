// The Python recorder under programs as learners, and the odd hostile user, really write them (issue 28):
// folders with accents, threads, loops of their own, every way a program can end, files that are not
// programs, modules that must not be embedded, output and recursion without bounds, and programs that
// turn the recorder off. Each is compared with what python3 itself does, where python3 has an answer.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli_fixture.h"
#include "trace/trace_json.h"
#include "trace/views.h"

using namespace testing_support;

namespace {

const fs::path root = COTRACE_SOURCE_DIR;
const std::string cotrace_binary = COTRACE_BINARY;
const std::string python = COTRACE_PYTHON;

class Hostile : public Cli {
protected:
    // A program in a folder of the test's (made as needed).
    std::string program(const std::string& name, const std::string& text) {
        fs::create_directories((dir_ / name).parent_path());
        return file_with(name, text);
    }
    // python3 itself on the same program: its exit status and what it printed on stderr.
    Result python3(const std::string& path, const std::string& environment = "") {
        std::string out = (dir_ / "py_out").string(), err = (dir_ / "py_err").string();
        int status = std::system((environment + " '" + python + "' '" + path + "' >'" + out + "' 2>'" + err + "' </dev/null").c_str());
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
        return {code, read_text(out), read_text(err)};
    }
    cotrace::Trace recorded(const std::string& path, const std::string& options = "", Result* result = nullptr) {
        std::string trace = (dir_ / "trace.json").string();
        fs::remove(trace);
        Result got = run("record '" + path + "' -o '" + trace + "' " + options);
        if (result) *result = got;
        EXPECT_TRUE(fs::exists(trace)) << got.err;
        return fs::exists(trace) ? cotrace::load_trace(trace) : cotrace::Trace{};
    }
    // cotrace started in the background, signalled after `wait`, and its exit status.
    int signalled(const std::string& arguments, int signal_number, std::chrono::milliseconds wait) {
        pid_t child = ::fork();
        if (child == 0) {
            std::string command = "exec '" + cotrace_binary + "' " + arguments + " >/dev/null 2>'" + (dir_ / "err").string() + "'";
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(wait);
        ::kill(child, signal_number);
        int status = 0;
        ::waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

std::string last_words(const cotrace::Trace& trace) {
    if (trace.size() == 0) return "";
    cotrace::Event last = trace.events[trace.size() - 1];
    EXPECT_EQ(last.kind, cotrace::EventKind::program_end);
    return std::string(last.text);
}

const char* spinning = "import asyncio\n\nasync def main():\n    await asyncio.sleep(0)\n    while True:\n        pass\n\nasyncio.run(main())\n";

}  // namespace

// 1. A learner whose folder's name is not ASCII, under the C locale a service runs in.
TEST_F(Hostile, AProgramInAFolderWithAccentsAndCjkRecordsUnderTheCLocale) {
    std::string path = program("ünïcødé 目录/p_é.py",
                               "import asyncio, pathlib\n\nasync def main():\n    await asyncio.sleep(0)\n"
                               "    print(pathlib.Path(__file__).with_name('données.txt').read_text().strip())\n\n"
                               "asyncio.run(main())\n");
    program("ünïcødé 目录/données.txt", "café 咖啡\n");
    Result result = run("run '" + path + "'");
    Result plain = python3(path, "LC_ALL=C.UTF-8");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "café 咖啡\n");
    EXPECT_EQ(result.out, plain.out);
    int code = 0;
    std::string log = run_command("cd '" + dir_.string() + "' && LC_ALL=C LANG=C '" + cotrace_binary + "' log 'ünïcødé 目录/p_é.py' 2>&1", &code);
    EXPECT_EQ(code, 0) << log;
    EXPECT_NE(log.find("print café 咖啡"), std::string::npos) << log;
    EXPECT_EQ(log.find("SystemError"), std::string::npos) << log;
    cotrace::Trace trace = recorded(path);
    ASSERT_FALSE(trace.files.empty());
    EXPECT_TRUE(trace.files[0].path.ends_with("p_é.py")) << trace.files[0].path;
    EXPECT_NE(trace.files[0].text.find("données.txt"), std::string::npos);
}

// 2. Threads: run_in_executor, run_coroutine_threadsafe and call_soon_threadsafe from a thread of the
// program's, recorded over and over while other processes load both cores.
TEST_F(Hostile, ThreeHundredExecutorCallsRecordTwentyTimesUnderLoad) {
    std::string path = program("executor.py",
                               "import asyncio\n\ndef square(i):\n    return i * i\n\nasync def main():\n"
                               "    loop = asyncio.get_running_loop()\n"
                               "    results = await asyncio.gather(*(loop.run_in_executor(None, square, i) for i in range(300)))\n"
                               "    print(sum(results))\n\nasyncio.run(main())\n");
    std::vector<pid_t> burners;
    for (int i = 0; i < 2; ++i) {
        pid_t burner = ::fork();
        if (burner == 0) {
            ::alarm(300);  // never outlives the test
            for (;;) asm volatile("" ::: "memory");
        }
        burners.push_back(burner);
    }
    for (int i = 0; i < 20; ++i) {
        Result result;
        cotrace::Trace trace = recorded(path, "", &result);
        EXPECT_EQ(result.exit_code, 0) << "recording " << i << ": " << result.err;
        EXPECT_EQ(result.err, "") << "recording " << i;
        size_t results = 0;
        for (size_t e = 0; e < trace.size(); ++e)
            results += trace.events.kind(e) == cotrace::EventKind::run && trace.name(trace.events.subject(e)) == "set_state";
        EXPECT_EQ(results, 300u) << "recording " << i << ": every result reaches the loop";
        EXPECT_EQ(last_words(trace), "") << "recording " << i;
        if (HasFailure()) break;
    }
    for (pid_t burner : burners) ::kill(burner, SIGKILL), ::waitpid(burner, nullptr, 0);
    // The narration says which method queued each result, and from where.
    EXPECT_NE(run("narrate '" + (dir_ / "trace.json").string() + "'").out.find("call_soon_threadsafe from another thread puts set_state"),
              std::string::npos);
    EXPECT_EQ(run("run '" + path + "'").out, python3(path).out);
}

TEST_F(Hostile, ThreadsHandWorkToTheLoopThreadsafely) {
    std::string path = program("threads.py",
                               "import asyncio, threading\n\nasync def double(x):\n    await asyncio.sleep(0)\n    return 2 * x\n\n"
                               "def worker(loop, got):\n"
                               "    for i in range(50):\n"
                               "        got.append(asyncio.run_coroutine_threadsafe(double(i), loop).result())\n"
                               "        loop.call_soon_threadsafe(print, 'from the thread', i)\n\n"
                               "async def main():\n    got = []\n    loop = asyncio.get_running_loop()\n"
                               "    thread = threading.Thread(target=worker, args=(loop, got))\n    thread.start()\n"
                               "    while thread.is_alive():\n        await asyncio.sleep(0.01)\n    thread.join()\n"
                               "    await asyncio.sleep(0)\n    print(sum(got))\n\nasyncio.run(main())\n");
    for (int i = 0; i < 5; ++i) {
        Result result;
        cotrace::Trace trace = recorded(path, "--real-clock", &result);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        EXPECT_EQ(result.err, "");
        EXPECT_EQ(last_words(trace), "");
    }
    Result result = run("run --real-clock '" + path + "'");
    EXPECT_EQ(result.out, python3(path).out);
}

// 3. Loops that are not the default one: each runs as under CPython, and sees its own class.
TEST_F(Hostile, APlainSelectorLoopASubclassAndAPolicyOfTheProgramsRun) {
    std::string path = program("loops.py",
                               "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"
                               "    print(type(asyncio.get_running_loop()).__name__)\n\n"
                               "loop = asyncio.SelectorEventLoop()\nloop.run_until_complete(main())\nloop.close()\n\n"
                               "class MyLoop(asyncio.SelectorEventLoop):\n    pass\n\n"
                               "loop = MyLoop()\nloop.run_until_complete(main())\nloop.close()\n\n"
                               "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    def new_event_loop(self):\n        return MyLoop()\n\n"
                               "asyncio.set_event_loop_policy(MyPolicy())\nasyncio.run(main())\n");
    Result result = run("run '" + path + "'");
    Result plain = python3(path);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "_UnixSelectorEventLoop\nMyLoop\nMyLoop\n");
    EXPECT_EQ(result.out, plain.out);
    EXPECT_EQ(result.err, "") << "no warning, no note";
    cotrace::Trace trace = recorded(path);
    size_t loops = 0, timers = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        loops += trace.events.kind(i) == cotrace::EventKind::loop_start;
        timers += trace.events.kind(i) == cotrace::EventKind::timer_ready;
    }
    EXPECT_GE(loops, 3u);
    EXPECT_EQ(timers, 3u);  // each sleep(1), on the virtual clock
}

TEST_F(Hostile, AWarningNamesTheLearnersLineAsPython3Does) {
    std::string path = program("unawaited.py",
                               "import asyncio\n\nasync def helper():\n    pass\n\nasync def main():\n    helper()\n"
                               "    await asyncio.sleep(0)\n\nasyncio.run(main())\n");
    Result result = run("run '" + path + "'");
    EXPECT_EQ(result.err.substr(0, result.err.find('\n')), python3(path).err.substr(0, python3(path).err.find('\n')));
    EXPECT_NE(result.err.find(path + ":7: RuntimeWarning: coroutine 'helper' was never awaited"), std::string::npos) << result.err;
}

// 4. Exit statuses and what is said on stderr, as python3 ends the same program.
TEST_F(Hostile, ExitsInsideATaskOrAtTheTopEndAsPython3Ends) {
    std::vector<std::pair<std::string, std::string>> programs = {
        {"system_exit_in_task.py", "import asyncio\n\nasync def work():\n    await asyncio.sleep(0)\n    raise SystemExit(5)\n\n"
                                   "async def main():\n    await asyncio.create_task(work())\n\nasyncio.run(main())\n"},
        {"sys_exit_in_task.py", "import asyncio, sys\n\nasync def work():\n    await asyncio.sleep(0)\n    sys.exit(3)\n\n"
                                "async def main():\n    await asyncio.gather(work())\n\nasyncio.run(main())\n"},
        {"interrupt_in_task.py", "import asyncio\n\nasync def work():\n    await asyncio.sleep(0)\n    raise KeyboardInterrupt\n\n"
                                 "async def main():\n    await asyncio.create_task(work())\n\nasyncio.run(main())\n"},
        {"top_exit.py", "import sys\nprint('bye')\nsys.exit(3)\n"},
        {"top_message.py", "import sys\nsys.exit('no input file given')\n"},
        {"raises.py", "raise ValueError('boom')\n"},
        // A coroutine closed behind its task's back: its task's step throws into no frame (this lost track
        // once, a fuzz find). And a print to stderr, which the oracle logs as any print.
        {"closed_coroutine.py", "import asyncio, sys\n\nasync def forever():\n    await asyncio.sleep(10)\n\n"
                                "async def main():\n    t = asyncio.create_task(forever())\n    await asyncio.sleep(0)\n"
                                "    t.get_coro().close()\n    print('closed', t.done(), file=sys.stderr)\n\n"
                                "asyncio.run(main())\n"},
    };
    for (const auto& [name, text] : programs) {
        std::string path = program(name, text);
        Result plain = python3(path);
        Result result = run("run '" + path + "'");
        EXPECT_EQ(result.exit_code, plain.exit_code) << name << ": " << result.err;
        EXPECT_EQ(result.out, plain.out) << name;
        EXPECT_EQ(lines_of(result.err).empty() ? "" : lines_of(result.err).back(),
                  lines_of(plain.err).empty() ? "" : lines_of(plain.err).back()) << name;
        // The trace is whole and says how it ended.
        Result recording;
        cotrace::Trace trace = recorded(path, "", &recording);
        EXPECT_EQ(recording.exit_code, plain.exit_code) << name;
        EXPECT_EQ(trace.events[trace.size() - 1].number, plain.exit_code) << name;
        EXPECT_EQ(recording.err.find("lost track"), std::string::npos) << name << ": " << recording.err;
        // Its step log agrees with the oracle's.
        if (text.find("asyncio") != std::string::npos) {
            std::string oracle = run_command("cd '" + (root / "tools/oracle").string() + "' && '" + python + "' asyncio_oracle.py '" + path +
                                             "' 2>/dev/null");
            EXPECT_EQ(lines_of(run("log '" + path + "'").out), lines_of(oracle)) << name;
        }
    }
}

TEST_F(Hostile, OsExitWritesTheTraceUpToThereAndExitsWithItsStatus) {
    std::string path = program("os_exit.py",
                               "import asyncio, os\n\nasync def main():\n    print('before')\n    await asyncio.sleep(1)\n"
                               "    os._exit(3)\n    print('never')\n\nasyncio.run(main())\n");
    Result result;
    cotrace::Trace trace = recorded(path, "", &result);
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(python3(path).exit_code, 3);
    EXPECT_NE(last_words(trace).find("os._exit(3) at " + path + ":6"), std::string::npos) << last_words(trace);
    EXPECT_EQ(trace.events[trace.size() - 1].number, 3);
    Result log = run("log '" + path + "'");
    EXPECT_EQ(log.exit_code, 3);
    EXPECT_NE(log.out.find("print before"), std::string::npos) << "the verb's work is done before the process ends";
}

TEST_F(Hostile, AForkedChildNeitherRecordsNorWritesTheTrace) {
    std::string path = program("forks.py",
                               "import asyncio, os, select\n\nasync def main():\n    await asyncio.sleep(0)\n"
                               "    if os.fork() == 0:\n        select.select([], [], [], 0.5)  # outlives the parent, really\n"
                               "        print('child')\n        return\n    print('parent')\n\nasyncio.run(main())\n");
    std::string trace_path = (dir_ / "forked.json").string();
    Result result = run("record '" + path + "' -o '" + trace_path + "'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string written = read_text(trace_path);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(read_text(trace_path), written) << "the child rewrote the trace";
    Result log = run("log '" + path + "'");
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    std::string out = read_text(dir_ / "out");
    EXPECT_EQ(lines_of(out), lines_of(log.out)) << "the child printed a second step log";
    EXPECT_NE(out.find("print parent"), std::string::npos);
    EXPECT_EQ(out.find("print child"), std::string::npos);
}

TEST_F(Hostile, OneSigintStopsAProgramThatNeverAwaitsAndKeepsTheTrace) {
    std::string path = program("spins.py", spinning);
    std::string trace_path = (dir_ / "spun.json").string();
    // --control-only: its lines would be steps, a million of them (--max-events) in about a second.
    EXPECT_EQ(signalled("record --control-only '" + path + "' -o '" + trace_path + "'", SIGINT, std::chrono::milliseconds(1500)), 130);
    ASSERT_TRUE(fs::exists(trace_path)) << read_text(dir_ / "err");
    cotrace::Trace trace = cotrace::load_trace(trace_path);
    EXPECT_NE(last_words(trace).find("interrupted by SIGINT"), std::string::npos) << last_words(trace);
    EXPECT_NE(read_text(dir_ / "err").find("the trace so far is kept"), std::string::npos);
    fs::remove(trace_path);
    EXPECT_EQ(signalled("record --control-only '" + path + "' -o '" + trace_path + "'", SIGTERM, std::chrono::milliseconds(1500)), 143);
    EXPECT_TRUE(fs::exists(trace_path));
}

TEST_F(Hostile, TheTimeoutStopsAProgramThatNeverAwaits) {
    std::string path = program("spins.py", spinning);
    Result result;
    cotrace::Trace trace = recorded(path, "--timeout 1 --control-only", &result);  // (its lines: see above)
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.err.find("--timeout (1 s of wall-clock time)"), std::string::npos) << result.err;
    EXPECT_NE(last_words(trace).find("--timeout"), std::string::npos);
    // A screenshot of the window on it ends too: the window records in a child that has the same limit.
    int code = 0;
    run_command("timeout 120 '" + cotrace_binary + "' --screenshot '" + (dir_ / "shot.png").string() + "' '" + path +
                    "' --timeout 1 >/dev/null 2>&1",
                &code);
    EXPECT_NE(code, 124) << "the screenshot waited for ever";
}

// 5. Files that are not programs are refused at once, naming the file and the reason.
TEST_F(Hostile, AFifoADirectoryAndADeviceAreRefusedAtOnce) {
    std::string fifo = (dir_ / "pipe.py").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    fs::create_directory(dir_ / "folder.py");
    fs::create_symlink("/dev/zero", dir_ / "zero.py");
    for (auto [name, kind] : {std::pair{"pipe.py", "a pipe (FIFO)"}, {"folder.py", "a directory"}, {"zero.py", "a character device"}}) {
        std::string path = (dir_ / name).string();
        int code = 0;
        std::string said = run_command("timeout 20 '" + cotrace_binary + "' log '" + path + "' 2>&1", &code);
        EXPECT_EQ(code, 1) << name << ": " << said;
        EXPECT_EQ(said, "cotrace: error: " + path + ": not a Python program: it is " + kind + ", not a regular file\n");
    }
}

TEST_F(Hostile, ANulByteIsASyntaxErrorAndACodingCookieIsHonoured) {
    std::string nul = program("nul.py", std::string("print('a')\nprint('b')\0print('c')\n", 31));
    Result result = run("log '" + nul + "'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, "cotrace: error: " + nul + ": line 2: SyntaxError: source code cannot contain null bytes\n");
    EXPECT_EQ(result.out, "");
    std::string latin = program("latin.py", "# -*- coding: latin-1 -*-\nprint('caf\xe9')\n");
    Result ran = run("run '" + latin + "'");
    EXPECT_EQ(ran.out, "café\n");
    cotrace::Trace trace = recorded(latin);
    ASSERT_FALSE(trace.files.empty());
    EXPECT_EQ(trace.files[0].text, "# -*- coding: latin-1 -*-\nprint('café')\n");
}

// 6. What a trace embeds: the program's folder and asyncio, as they were when first read; nothing else.
TEST_F(Hostile, AModuleOutsideTheFolderIsNamedButNeverEmbedded) {
    program("elsewhere/secrets_module.py",
            "import asyncio\n\nAPI_KEY = 'sk-live-0123456789abcdef'\n\nasync def fetch():\n    await asyncio.sleep(0)\n    return 'data'\n");
    std::string path = program("mine/uses_secret.py",
                               "import asyncio, sys\nsys.path.insert(0, sys.argv[1])\nfrom secrets_module import fetch\n\n"
                               "exec(compile('async def f():\\n    return 1\\n', '/etc/passwd', 'exec'))\n\n"
                               "async def main():\n    print(await fetch())\n    print(await f())\n\nasyncio.run(main())\n");
    std::string elsewhere = (dir_ / "elsewhere").string();
    Result result;
    cotrace::Trace trace = recorded(path, "-- '" + elsewhere + "'", &result);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string saved = read_text(dir_ / "trace.json");
    EXPECT_EQ(saved.find("sk-live-0123456789abcdef"), std::string::npos) << "the secret was embedded";
    EXPECT_EQ(saved.find("root:x:0"), std::string::npos) << "/etc/passwd was embedded";
    bool named = false, asyncio_embedded = false;
    for (const auto& file : trace.files) {
        if (file.path.ends_with("secrets_module.py") || file.path == "/etc/passwd") {
            named = true;
            EXPECT_FALSE(file.embedded) << file.path;
            EXPECT_EQ(file.text, "");
        }
        if (file.path.ends_with("/asyncio/tasks.py")) asyncio_embedded = file.embedded && !file.text.empty();
    }
    EXPECT_TRUE(named);
    EXPECT_TRUE(asyncio_embedded);
    // The handout names the file and says it is not embedded (its listing says so), and holds no secret either.
    std::string page = (dir_ / "secret.html").string();
    ASSERT_EQ(run("export '" + (dir_ / "trace.json").string() + "' --html '" + page + "'").exit_code, 0);
    std::string html = read_text(page);
    EXPECT_NE(html.find("\"embedded\":false"), std::string::npos);
    EXPECT_EQ(html.find("sk-live-0123456789abcdef"), std::string::npos);
    // So does `cotrace show`, where control is in that file.
    auto narration = run("narrate '" + (dir_ / "trace.json").string() + "'");
    size_t at = narration.out.find(". Control is now in fetch");
    ASSERT_NE(at, std::string::npos) << narration.out;
    size_t start = narration.out.rfind('\n', at) + 1;
    auto shown = run("show '" + (dir_ / "trace.json").string() + "' --step " + narration.out.substr(start, at - start));
    EXPECT_NE(shown.out.find("(not embedded: the trace keeps only this file's name)"), std::string::npos) << shown.out;
    // --embed adds a folder of the learner's choosing.
    trace = recorded(path, "--embed '" + elsewhere + "' -- '" + elsewhere + "'");
    EXPECT_NE(read_text(dir_ / "trace.json").find("sk-live-0123456789abcdef"), std::string::npos);
}

TEST_F(Hostile, TextsAreTakenBeforeTheRunNotAfter) {
    std::string helper = program("rewrites/helper.py", "import asyncio\n\nasync def nap():\n    await asyncio.sleep(1)\n    return 'old'\n");
    std::string path = program("rewrites/main.py",
                               "import asyncio, pathlib\nfrom helper import nap\n\nasync def main():\n    print(await nap())\n"
                               "    for name in ('main.py', 'helper.py'):\n"
                               "        pathlib.Path(__file__).with_name(name).write_text('# rewritten during the run\\n')\n\n"
                               "asyncio.run(main())\n");
    std::string original = read_text(path);
    cotrace::Trace trace = recorded(path);
    bool helper_seen = false;
    for (const auto& file : trace.files) {
        if (file.path.ends_with("rewrites/main.py")) {
            EXPECT_EQ(file.text, original);
        }
        if (file.path.ends_with("rewrites/helper.py")) {
            helper_seen = true;
            EXPECT_NE(file.text.find("return 'old'"), std::string::npos) << file.text;
        }
    }
    EXPECT_TRUE(helper_seen);
    EXPECT_EQ(read_text(helper), "# rewritten during the run\n");
}

// 7. Size: printed text is capped; a deep program's handout stays small; deep recursion raises.
TEST_F(Hostile, PrintedTextIsCappedWithANote) {
    std::string path = program("chatty.py", "for i in range(20000):\n    print('x' * 99)\n");
    Result result;
    cotrace::Trace trace = recorded(path, "--max-output 100000", &result);
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.err.find("--max-output"), std::string::npos) << result.err;
    size_t printed = 0, prints = 0;
    std::string last;
    for (size_t i = 0; i < trace.size(); ++i)
        if (trace.events.kind(i) == cotrace::EventKind::print) printed += trace.events[i].text.size(), ++prints, last = trace.events[i].text;
    EXPECT_LE(printed, 101000u);
    EXPECT_NE(last.find("--max-output"), std::string::npos);
    EXPECT_EQ(run("run '" + path + "' --max-output 100000").out.size(), 2'000'000u) << "what it prints is all shown";
}

TEST_F(Hostile, NineThousandNestedAwaitsExportUnderAGigabyte) {
    std::string path = program("deep.py",
                               "import asyncio, sys\nsys.setrecursionlimit(100000)\n\nasync def nest(n):\n    if n == 0:\n"
                               "        await asyncio.sleep(0)\n        return 0\n    return 1 + await nest(n - 1)\n\n"
                               "print(asyncio.run(nest(9000)))\n");
    std::string page = (dir_ / "deep.html").string();
    int code = 0;
    std::string said = run_command("ulimit -v 1048576 && '" + cotrace_binary + "' export '" + path + "' --html '" + page + "' 2>&1", &code);
    EXPECT_EQ(code, 0) << said;
    // A small constant times the trace: no step holds the whole stack.
    std::string trace_path = (dir_ / "deep.cbor").string();
    ASSERT_EQ(run("record '" + path + "' -o '" + trace_path + "'").exit_code, 0);
    EXPECT_LE(fs::file_size(page), 6 * fs::file_size(trace_path));
}

TEST_F(Hostile, DeepRecursionRaisesRecursionErrorAndNeverCrashes) {
    std::string path = program("deeper.py",
                               "import asyncio, sys\nsys.setrecursionlimit(10**7)\n\nasync def nest(n):\n    if n == 0:\n"
                               "        return 0\n    return 1 + await nest(n - 1)\n\n"
                               "print(asyncio.run(nest(int(sys.argv[1]))))\n");
    Result fine = run("run '" + path + "' --max-events 10000000 -- 20000");
    EXPECT_EQ(fine.exit_code, 0) << fine.err.substr(0, 500);
    EXPECT_EQ(fine.out, "20000\n");
    Result too_deep = run("run '" + path + "' --max-events 100000000 -- 2000000");
    EXPECT_EQ(too_deep.exit_code, 1);
    EXPECT_NE(too_deep.err.find("RecursionError: maximum recursion depth exceeded"), std::string::npos) << too_deep.err.substr(0, 500);
}

// 9. A program that turns the recorder off is told where.
TEST_F(Hostile, AProgramThatTurnsTheProfilerOffIsNamedWithItsLine) {
    std::string off = program("off.py", "import asyncio, sys\n\nasync def main():\n    await asyncio.sleep(0)\n    sys.setprofile(None)\n"
                                        "    await asyncio.sleep(0)\n\nasyncio.run(main())\n");
    Result result = run("log '" + off + "'");
    EXPECT_NE(result.err.find("the program called sys.setprofile(None) at " + off + ":5"), std::string::npos) << result.err;
    std::string profiled = program("profiled.py", "import asyncio, cProfile\n\nasync def main():\n    await asyncio.sleep(0)\n"
                                                  "    cProfile.Profile().enable()\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n");
    result = run("log '" + profiled + "'");
    EXPECT_NE(result.err.find("the program replaced the profile or trace hook cotrace records through"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(profiled + ":"), std::string::npos) << result.err;
}

// A learner's folder that happens to be called "asyncio" is still the learner's: its helpers keep their
// names and are the program's code (before, a path containing "/asyncio/" had its "_helper" renamed).
TEST_F(Hostile, AFolderNamedAsyncioIsTheLearnersOwn) {
    std::string path = program("asyncio/lesson.py", "import asyncio\n\nasync def _helper():\n    await asyncio.sleep(0)\n\n"
                                                    "asyncio.run(_helper())\n");
    cotrace::Trace trace = recorded(path);
    bool found = false;
    for (const cotrace::TraceObject& object : trace.objects)
        if (object.kind == cotrace::ObjectKind::frame && object.name == "_helper") {
            found = true;
            EXPECT_EQ(object.role, cotrace::ObjectRole::none);
        }
    EXPECT_TRUE(found);
}
