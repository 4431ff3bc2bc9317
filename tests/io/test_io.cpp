// Real I/O on libuv: files through uv_fs_*, sockets through uv_tcp_* on 127.0.0.1 only. Every test runs
// on the real clock with a guard timer that stops the loop, so each is bounded and ends by itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "recording.h"
#include "runtime/asyncio.h"

using namespace asyncio;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / "cotrace-io-tests";
    fs::create_directories(dir);
    return dir / name;
}

// Runs `coro` to completion on a real-clock loop, giving up (and failing) after `limit` seconds.
Value run(Coroutine<Value> coro, double limit = 30) {
    EventLoop loop(Clock::real_time);
    auto task = Task::create(std::move(coro), "test", &loop);
    auto guard = loop.call_later(limit, [&] { task->cancel(); }, "guard");
    Value result = loop.run_until_complete(task);
    guard->cancel();
    return result;
}

std::string random_bytes(size_t size) {
    std::mt19937 random(7);
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(random() & 0xff);
    return bytes;
}

AsyncGenerator<std::string> chunks_of(std::string path, size_t size) {
    auto file = co_await File::open(path);
    while (true) {
        std::string chunk = co_await file->read(size);
        if (chunk.empty()) break;
        co_yield chunk;
    }
    co_await file->close();
}

Coroutine<Value> read_in_chunks(std::string path) {
    auto chunks = chunks_of(path, 4096);
    std::string all;
    int count = 0;
    while (auto chunk = co_await chunks.next()) {
        all += *chunk;
        ++count;
    }
    co_return List{Value(all), Value(count)};
}

}  // namespace

TEST(Files, ReadsAMebibyteInChunksByteForByte) {
    std::string bytes = random_bytes(1 << 20);
    fs::path path = scratch("mebibyte.bin");
    std::ofstream(path, std::ios::binary) << bytes;
    Value result = run(read_in_chunks(path.string()));
    EXPECT_EQ(result.as_list()[1], Value(256));
    EXPECT_TRUE(result.as_list()[0].as_string() == bytes) << "the bytes read differ from the file";
    fs::remove(path);
}

TEST(Files, WritesAndReadsBack) {
    fs::path path = scratch("written.txt");
    auto body = [](std::string p) -> Coroutine<Value> {
        auto out = co_await File::open(p, "w");
        co_await out->write("first line\n");
        co_await out->write("second line\n");
        co_await out->close();
        auto in = co_await File::open(p);
        co_return co_await in->read(1000);
    };
    EXPECT_EQ(run(body(path.string())), Value("first line\nsecond line\n"));
    fs::remove(path);
}

TEST(Files, AMissingFileIsFileNotFoundErrorWithTheLibuvName) {
    auto body = []() -> Coroutine<Value> {
        try {
            co_await File::open("/nonexistent-dir/notes.txt");
        } catch (const FileNotFoundError& e) {
            co_return Value(std::string(e.type_name()) + " " + e.error_name + " " + e.message());
        }
        co_return None;
    };
    std::string caught = run(body()).as_string();
    EXPECT_NE(caught.find("FileNotFoundError ENOENT"), std::string::npos) << caught;
    EXPECT_NE(caught.find("/nonexistent-dir/notes.txt"), std::string::npos) << caught;
}

namespace {

Coroutine<> echo_lines(std::shared_ptr<Connection> client) {
    while (true) {
        std::string line = co_await client->read_line();
        if (line.empty()) break;
        client->write(line);
        co_await client->drain();
    }
    client->close();
}

}  // namespace

TEST(Tcp, EchoRoundTrip) {
    auto body = []() -> Coroutine<Value> {
        auto server = co_await start_server(echo_lines, "127.0.0.1", 0);
        auto connection = co_await open_connection("127.0.0.1", server->port());
        connection->write("hello, loop\n");
        co_await connection->drain();
        std::string reply = co_await connection->read_line();
        connection->close();
        server->close();
        co_return reply;
    };
    EXPECT_EQ(run(body()), Value("hello, loop\n"));
}

namespace {

// Each client sends its number and 1000 bytes of its own letter; the server echoes them back framed.
Coroutine<> echo_exactly(std::shared_ptr<Connection> client) {
    std::string request = co_await client->read_exactly(1006);
    client->write("ok:" + request);
    co_await client->drain();
    client->close();
}

Coroutine<Value> one_client(int port, int id) {
    auto connection = co_await open_connection("127.0.0.1", port);
    char head[7];
    std::snprintf(head, sizeof head, "%06d", id);
    std::string payload = std::string(head) + std::string(1000, static_cast<char>('a' + id % 26));
    connection->write(payload);
    co_await connection->drain();
    std::string reply = co_await connection->read_exactly(3 + payload.size());
    connection->close();
    co_return Value(reply == "ok:" + payload);
}

Coroutine<Value> many_clients(int count) {
    auto server = co_await start_server(echo_exactly, "127.0.0.1", 0);
    std::vector<std::shared_ptr<Future>> clients;
    for (int id = 0; id < count; ++id) clients.push_back(Task::create(one_client(server->port(), id)));
    Value results = co_await gather(clients);
    server->close();
    int good = 0;
    for (const auto& each : results.as_list()) good += each.as_bool();
    co_return good;
}

}  // namespace

TEST(Tcp, TwoHundredConcurrentClientsOneServerTaskNoLostOrMixedBytes) {
    EXPECT_EQ(run(many_clients(200)), Value(200));
}

TEST(Tcp, ConnectionRefusedIsAnExceptionInTheCoroutine) {
    auto body = []() -> Coroutine<Value> {
        // A port that was free a moment ago: listen on it, then stop.
        auto server = co_await start_server(echo_lines, "127.0.0.1", 0);
        int port = server->port();
        server->close();
        try {
            co_await open_connection("127.0.0.1", port);
        } catch (const ConnectionRefusedError& e) {
            co_return Value(std::string(e.type_name()) + " " + e.error_name);
        }
        co_return None;
    };
    EXPECT_EQ(run(body()), Value("ConnectionRefusedError ECONNREFUSED"));
}

namespace {

Coroutine<> says_three_bytes_and_hangs_up(std::shared_ptr<Connection> client) {
    client->write("abc");
    co_await client->drain();
    client->close();
}

}  // namespace

TEST(Tcp, APeerClosingMidReadIsIncompleteReadError) {
    auto body = []() -> Coroutine<Value> {
        auto server = co_await start_server(says_three_bytes_and_hangs_up, "127.0.0.1", 0);
        auto connection = co_await open_connection("127.0.0.1", server->port());
        try {
            co_await connection->read_exactly(10);
        } catch (const IncompleteReadError& e) {
            server->close();
            co_return Value(std::string(e.type_name()) + " " + e.partial + " " + std::to_string(e.expected));
        }
        co_return None;
    };
    EXPECT_EQ(run(body()), Value("IncompleteReadError abc 10"));
}

namespace {

Coroutine<> says_nothing(std::shared_ptr<Connection> client) {
    co_await client->read(1);  // waits until the client goes away
}

Coroutine<Value> read_forever(std::shared_ptr<Connection> connection) { co_return co_await connection->read(100); }

}  // namespace

TEST(Tcp, CancellingAPendingReadStopsItAndTheConnectionStaysUsable) {
    auto body = []() -> Coroutine<Value> {
        auto server = co_await start_server(echo_lines, "127.0.0.1", 0);
        auto connection = co_await open_connection("127.0.0.1", server->port());
        auto reader = Task::create(read_forever(connection), "reader");
        co_await asyncio::sleep(0.05);
        reader->cancel();
        std::string outcome;
        try {
            co_await reader;
        } catch (const CancelledError&) {
            outcome = "cancelled";
        }
        // The read was stopped, not broken: the connection still works.
        connection->write("still here\n");
        co_await connection->drain();
        outcome += " / " + co_await connection->read_line();
        server->close();
        co_return outcome;
    };
    EXPECT_EQ(run(body()), Value("cancelled / still here\n"));
}

TEST(Tcp, ClosingTheLoopClosesEveryHandle) {
    EventLoop loop(Clock::real_time);
    std::shared_ptr<Server> server;
    std::shared_ptr<Connection> connection;
    auto body = [](std::shared_ptr<Server>* s, std::shared_ptr<Connection>* c) -> Coroutine<> {
        *s = co_await start_server(says_nothing, "127.0.0.1", 0);
        *c = co_await open_connection("127.0.0.1", (*s)->port());
        co_await asyncio::sleep(0.05);  // the server's task is now waiting in read()
    };
    loop.run_until_complete(Task::create(body(&server, &connection), "setup", &loop));
    EXPECT_FALSE(server->closed());
    loop.close();  // the server, both ends of the connection and the server's pending read
    EXPECT_TRUE(loop.uv_closed_cleanly());
    EXPECT_TRUE(server->closed());
    EXPECT_TRUE(connection->closed());
}

TEST(IoTrace, PendingIoAndPollsAreRecorded) {
    fs::path path = scratch("traced.txt");
    std::ofstream(path) << "some text";
    auto trace = testing_support::record_program([&] {
        EventLoop loop(Clock::real_time);
        auto body = [](std::string p) -> Coroutine<Value> {
            auto file = co_await File::open(p);
            co_return co_await file->read(4096);
        };
        loop.run_until_complete(Task::create(body(path.string()), "reader", &loop));
    });
    std::vector<std::string> started, done;
    bool polled_with_io = false;
    for (const auto& event : trace.events) {
        if (event.kind == cotrace::EventKind::io_start) started.emplace_back(event.text);
        if (event.kind == cotrace::EventKind::io_done) done.emplace_back(event.text);
        if (event.kind == cotrace::EventKind::poll_done && event.text != "0") polled_with_io = true;
    }
    EXPECT_EQ(started, (std::vector<std::string>{"open of traced.txt (\"r\")", "read of traced.txt, 4096 bytes"}));
    EXPECT_EQ(done, (std::vector<std::string>{"opened", "9 bytes"}));
    EXPECT_TRUE(polled_with_io);
    // While the read is in flight, the state lists it as pending.
    for (size_t i = 0; i < trace.events.size(); ++i)
        if (trace.events[i].kind == cotrace::EventKind::io_start && trace.events[i].text.starts_with("read")) {
            auto state = trace.state_after(i + 1);
            ASSERT_EQ(state.io_pending.size(), 1u);
            EXPECT_EQ(trace.text(state.object(*state.io_pending.begin()).io), "read of traced.txt, 4096 bytes");
        }
    fs::remove(path);
}
