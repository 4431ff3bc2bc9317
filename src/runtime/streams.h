// TCP streams on libuv (uv_tcp_*), shaped like asyncio's streams (Lib/asyncio/streams.py):
// open_connection() and start_server() give Connections you read from and write to with co_await.
// Reads complete an IoFuture from libuv's read callback; the waiting task wakes on a later round.
#pragma once

#include <memory>
#include <string>

#include "coroutine.h"

namespace asyncio {

class EventLoop;
struct StreamHandle;
struct ServerHandle;

class Connection {
public:
    // StreamReader.read(n): up to n bytes, as soon as any are there; "" once the peer has closed.
    Coroutine<std::string> read(size_t n);
    // StreamReader.readline(): up to and including "\n" (what is left, at the end).
    Coroutine<std::string> read_line();
    // StreamReader.readexactly(n): IncompleteReadError if the peer closes first.
    Coroutine<std::string> read_exactly(size_t n);
    // StreamWriter.write(): queues the bytes; drain() waits until they are written.
    void write(std::string data);
    Coroutine<> drain();
    // StreamWriter.close(): what is queued is still sent, then the connection closes.
    void close();
    bool closed() const { return handle_ == nullptr; }
    const std::string& peer() const { return peer_; }

    Connection(EventLoop& loop, StreamHandle* handle, std::string peer);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

private:
    enum class Want { some, line, exactly };
    Coroutine<std::string> read_until(Want want, size_t n);

    EventLoop* loop_;
    StreamHandle* handle_;  // null once closed (by us, or by the loop closing)
    std::string peer_;
};

// asyncio.open_connection(host, port). ConnectionRefusedError when nobody listens.
Coroutine<std::shared_ptr<Connection>> open_connection(std::string host, int port);

using ClientHandler = Coroutine<> (*)(std::shared_ptr<Connection>);

class Server {
public:
    int port() const { return port_; }
    // Server.close(): stops listening; connections already made go on.
    void close();
    bool closed() const { return handle_ == nullptr; }

    Server(EventLoop& loop, ServerHandle* handle, int port);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

private:
    ServerHandle* handle_;
    int port_;
};

// asyncio.start_server(handler, host, port): each client gets a Task running handler(connection).
// Port 0 picks a free port (see Server::port()).
Coroutine<std::shared_ptr<Server>> start_server(ClientHandler handler, std::string host, int port);

}  // namespace asyncio
