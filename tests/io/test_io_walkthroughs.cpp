// The real-I/O walkthroughs: the trace varies from run to run (real clock, real I/O), so these check
// the order of what happens, which does not.
#include <gtest/gtest.h>

#include <sstream>

#include "trace/views.h"
#include "walkthroughs/registry.h"

using namespace cotrace;

namespace {

struct Found {
    const Trace& trace;
    size_t index(EventKind kind, const std::string& text_prefix, size_t from = 0) const {
        for (size_t i = from; i < trace.events.size(); ++i)
            if (trace.events[i].kind == kind && trace.events[i].text.rfind(text_prefix, 0) == 0) return i;
        return trace.events.size();
    }
    size_t log_line(const std::string& line, size_t from = 0) const {
        for (size_t i = from; i < trace.events.size(); ++i)
            if (step_log_line(trace, trace.events[i]) == line) return i;
        return trace.events.size();
    }
    size_t count(EventKind kind, const std::string& subject, size_t from, size_t to) const {
        size_t n = 0;
        for (size_t i = from; i < to && i < trace.events.size(); ++i)
            n += trace.events[i].kind == kind && (subject.empty() || trace.name(trace.events[i].subject) == subject);
        return n;
    }
};

}  // namespace

// The order: the request sent, the loop polling with the compute task interleaved, the
// reply's completion, the waiting task woken by its done callback, and the final result.
TEST(NetworkIo, TheTraceShowsTheWaitOnTheNetworkInOrder) {
    std::ostringstream printed;
    Trace trace = record(*find_walkthrough("network_io"), &printed);
    EXPECT_EQ(trace.meta.clock, "real");
    Found find{trace};
    size_t sent = find.index(EventKind::io_done, "all written");
    size_t reply_read = find.index(EventKind::io_start, "read of a line from 127.0.0.1", sent);
    // The server reads the request on its side first; the fetcher's read is the one after its write.
    ASSERT_LT(sent, trace.size()) << "no request was sent";
    ASSERT_LT(reply_read, trace.size());
    size_t reply = trace.size();
    for (size_t i = reply_read; i < trace.size(); ++i)
        if (trace.events[i].kind == EventKind::io_done && trace.events[i].subject == trace.events[reply_read].subject) {
            reply = i;
            break;
        }
    ASSERT_LT(reply, trace.size()) << "the reply never completed";
    EXPECT_EQ(trace.events[reply].text, "19 bytes");  // "reply to GET /data\n"
    // While the reply was pending, the loop polled and the computer kept getting its turns.
    EXPECT_GE(find.count(EventKind::poll, "", reply_read, reply), 3u);
    EXPECT_GE(find.count(EventKind::step_begin, "computer", reply_read, reply), 3u);
    // libuv's callback only completed the future: the fetcher wakes through its done callback, later.
    size_t scheduled = find.log_line("call_soon fetcher.wakeup", reply);
    size_t woken = find.log_line("run fetcher.wakeup", scheduled);
    size_t result = find.log_line("set_result fetcher 'reply to GET /data'", woken);
    EXPECT_LT(scheduled, woken);
    EXPECT_LT(woken, result);
    EXPECT_LT(result, trace.size());
    EXPECT_NE(printed.str().find("'reply to GET /data' and 20 slices of work"), std::string::npos) << printed.str();
    EXPECT_NE(printed.str().find("together: "), std::string::npos);
}

TEST(FileChunks, ReadsTheFileInOrderWhileTheLoopPolls) {
    std::ostringstream printed;
    Trace trace = record(*find_walkthrough("file_chunks"), &printed);
    EXPECT_NE(printed.str().find("read a chunk of 4096 bytes\n"), std::string::npos);
    EXPECT_NE(printed.str().find("read a chunk of 3808 bytes\n"), std::string::npos);
    EXPECT_NE(printed.str().find("12000 bytes in all\n"), std::string::npos);
    std::vector<std::string> reads;
    Found find{trace};
    for (size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace.events[i];
        if (e.kind != EventKind::io_start || e.text != "read of notes.txt, 4096 bytes") continue;
        // Each read is in flight across at least one poll, and ends with its size.
        size_t done = i;
        while (done < trace.size() && !(trace.events[done].kind == EventKind::io_done && trace.events[done].subject == e.subject))
            ++done;
        ASSERT_LT(done, trace.size());
        EXPECT_GE(find.count(EventKind::poll, "", i, done), 1u);
        reads.emplace_back(trace.events[done].text);
    }
    EXPECT_EQ(reads, (std::vector<std::string>{"4096 bytes", "4096 bytes", "3808 bytes", "0 bytes"}));
}

TEST(IoWalkthroughs, CheckedInTracesLoadAndSayTheyUsedTheRealClock) {
    for (std::string id : {"file_chunks", "network_io"}) {
        const Walkthrough& walkthrough = *find_walkthrough(id);
        EXPECT_TRUE(walkthrough.real_io);
        Trace trace = record(walkthrough);
        EXPECT_EQ(trace.meta.clock, "real") << id;
        EXPECT_FALSE(trace.python.text.empty()) << id;
        EXPECT_FALSE(narration(trace).empty()) << id;
    }
}
