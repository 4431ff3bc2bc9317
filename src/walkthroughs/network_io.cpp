// network_io: a request to a real server on 127.0.0.1 while a local computation yields to the loop in
// slices; then the same two jobs one after the other.
// Each "// py N" marks the line of the Python original (python/network_io.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::network_io {

using namespace asyncio;

Coroutine<> handle(std::shared_ptr<Connection> client) {                // py 5
    std::string request = co_await client->read_line();                 // py 6
    co_await asyncio::sleep(0.5);  // the server is slow                // py 7
    client->write("reply to " + request);                               // py 8
    co_await client->drain();                                           // py 9
    client->close();                                                    // py 10
}

Coroutine<std::string> fetch(int port) {                                // py 12
    auto connection = co_await open_connection("127.0.0.1", port);      // py 13
    connection->write("GET /data\n");                                   // py 14
    co_await connection->drain();                                       // py 15
    std::string reply = co_await connection->read_line();              // py 16
    connection->close();                                                // py 17
    co_return reply.substr(0, reply.find('\n'));                        // py 18
}

Coroutine<int> compute(int slices) {                                    // py 20
    for (int i = 0; i < slices; ++i) {                                  // py 21
        blocking_sleep(0.02);  // 20 ms of CPU work, holding the loop   // py 22
        co_await asyncio::sleep(0);  // let the loop look at the network   // py 23
    }
    co_return slices;                                                   // py 24
}

Coroutine<> main() {                                                    // py 26
    auto server = co_await start_server(handle, "127.0.0.1", 0);        // py 27
    int port = server->port();                                          // py 28
    EventLoop& loop = get_running_loop();                               // py 29

    double start = loop.time();                                         // py 31
    auto fetcher = Task::create(fetch(port), "fetcher");                // py 32
    auto computer = Task::create(compute(20), "computer");              // py 33
    Value results = co_await gather(fetcher, computer);                 // py 34
    double concurrent = loop.time() - start;                            // py 35

    start = loop.time();                                                // py 37
    std::string reply = co_await fetch(port);                           // py 38
    int slices = co_await compute(20);                                  // py 39
    double serial = loop.time() - start;                                // py 40

    print(repr(reply) + " and " + std::to_string(slices) + " slices of work");  // py 42
    print("together: " + format_fixed(concurrent, 2) + " s; one after the other: " + format_fixed(serial, 2) + " s");  // py 43
    server->close();                                                    // py 44
}

void program() {
    EventLoop loop(Clock::real_time);                                   // py 46
    loop.run_until_complete(Task::create(main(), "main_task", &loop));  // py 47
}

}  // namespace walkthroughs::network_io

cotrace::Walkthrough cotrace::network_io_walkthrough() {
    return {"network_io", "The loop waiting on the network while a computation runs",
            "A real request to a server on 127.0.0.1 while a computation yields in slices; then serially.",
            "The fetcher sends its request and waits on the network; the computer works in 20 ms slices and "
            "hands control back after each. Watch the loop poll between slices: the reply is pending I/O, "
            "not work, so the computer keeps running until libuv reports the reply, and the fetcher wakes "
            "through its done callback. Together the two jobs take about as long as the slower one; one "
            "after the other, their times add up. Real sockets on the real clock: the numbers vary.",
            "src/walkthroughs/network_io.cpp", "src/walkthroughs/python/network_io.py",
            walkthroughs::network_io::program, true};
}
