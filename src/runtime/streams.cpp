#include "streams.h"

#include <uv.h>

#include "event_loop.h"
#include "io_errors.h"
#include "io_future.h"
#include "task.h"
#include "tracing.h"

namespace asyncio {

// A connected TCP socket and what has arrived on it but was not read yet.
struct StreamHandle : IoHandle {
    uv_tcp_t tcp{};
    EventLoop* loop = nullptr;
    std::string peer;
    std::string buffer;
    bool eof = false;
    int error = 0;
    bool reading = false;
    // The one read in progress, and what it waits for.
    std::shared_ptr<IoFuture> reader;
    int want = 0;  // Connection::Want
    size_t want_n = 0;
    // Writes libuv has not finished, and drain()'s future.
    size_t writes_pending = 0;
    int write_error = 0;
    std::shared_ptr<IoFuture> drainer;

    uv_handle_t* uv_handle() override { return reinterpret_cast<uv_handle_t*>(&tcp); }
    uv_stream_t* stream() { return reinterpret_cast<uv_stream_t*>(&tcp); }
    ~StreamHandle() override {
        // The loop closed us while someone waited: they would wait for ever.
        if (reader) reader->fail(UV_ECANCELED, peer);
        if (drainer) drainer->fail(UV_ECANCELED, peer);
    }
};

struct ServerHandle : IoHandle {
    uv_tcp_t tcp{};
    EventLoop* loop = nullptr;
    ClientHandler handler = nullptr;
    std::string address;
    // The accept the loop waits for: nobody awaits it, but the trace and the window show it pending.
    std::shared_ptr<IoFuture> accepting;
    void wait_for_client() { accepting = std::make_shared<IoFuture>(*loop, "accept on " + address); }
    uv_handle_t* uv_handle() override { return reinterpret_cast<uv_handle_t*>(&tcp); }
    ~ServerHandle() override {
        if (accepting && !loop->is_closed()) accepting->cancel();
    }
};

namespace {

std::string address_of(const sockaddr_storage& address) {
    char host[64] = "?";
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
        uv_ip4_name(in, host, sizeof host);
        port = ntohs(in->sin_port);
    }
    return std::string(host) + ":" + std::to_string(port);
}

std::string peer_of(uv_tcp_t* tcp) {
    sockaddr_storage address{};
    int length = sizeof address;
    if (uv_tcp_getpeername(tcp, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
    return address_of(address);
}

// Whether what has arrived satisfies the read in progress; if so, complete it.
void try_to_finish_read(StreamHandle* h) {
    if (!h->reader) return;
    using Want = int;
    constexpr Want some = 0, line = 1, exactly = 2;
    std::string taken;
    bool ready = false;
    if (h->want == some && !h->buffer.empty()) {
        taken = h->buffer.substr(0, std::min(h->want_n, h->buffer.size()));
        ready = true;
    } else if (h->want == line) {
        auto newline = h->buffer.find('\n');
        if (newline != std::string::npos) {
            taken = h->buffer.substr(0, newline + 1);
            ready = true;
        }
    } else if (h->want == exactly && h->buffer.size() >= h->want_n) {
        taken = h->buffer.substr(0, h->want_n);
        ready = true;
    }
    auto reader = h->reader;
    if (ready) {
        h->buffer.erase(0, taken.size());
        h->reader.reset();
        reader->complete(Value(taken), std::to_string(taken.size()) + " bytes");
    } else if (h->error) {
        h->reader.reset();
        reader->fail(h->error, "reading from " + h->peer);
    } else if (h->eof) {
        h->reader.reset();
        if (h->want == exactly) {
            reader->fail(std::make_exception_ptr(IncompleteReadError(std::exchange(h->buffer, {}), h->want_n)),
                         "the peer closed early");
        } else {
            reader->complete(Value(std::exchange(h->buffer, {})), "the peer closed");
        }
    }
    if (!h->reader && h->reading) {  // nobody is waiting: stop reading, let the kernel buffer it
        uv_read_stop(h->stream());
        h->reading = false;
    }
}

void start_reading(StreamHandle* h) {
    if (h->reading || h->eof || h->error) return;
    h->reading = true;
    uv_read_start(
        h->stream(),
        [](uv_handle_t*, size_t suggested, uv_buf_t* buffer) {
            buffer->base = new char[suggested];
            buffer->len = suggested;
        },
        [](uv_stream_t* stream, ssize_t n, const uv_buf_t* buffer) {
            auto* h = static_cast<StreamHandle*>(stream->data);
            if (n > 0) h->buffer.append(buffer->base, static_cast<size_t>(n));
            else if (n == UV_EOF) h->eof = true;
            else if (n < 0) h->error = static_cast<int>(n);
            delete[] buffer->base;
            if (n != 0) try_to_finish_read(h);
        });
}

StreamHandle* new_stream(EventLoop& loop) {
    auto* h = new StreamHandle;
    h->loop = &loop;
    uv_tcp_init(loop.uv_loop(), &h->tcp);
    h->tcp.data = h;
    return h;
}

}  // namespace

Connection::Connection(EventLoop& loop, StreamHandle* handle, std::string peer)
    : loop_(&loop), handle_(handle), peer_(std::move(peer)) {
    handle_->on_closed = [this] { handle_ = nullptr; };
}

Connection::~Connection() { close(); }

Coroutine<std::string> Connection::read(size_t n) { return read_until(Want::some, n); }
Coroutine<std::string> Connection::read_line() { return read_until(Want::line, 0); }
Coroutine<std::string> Connection::read_exactly(size_t n) { return read_until(Want::exactly, n); }

Coroutine<std::string> Connection::read_until(Want want, size_t n) {
    if (!handle_) throw OSError(UV_EBADF, "read from a closed connection to " + peer_);
    if (handle_->reader) throw RuntimeError("read() called while another task is already waiting for data");
    std::string what = want == Want::line ? "a line" : want == Want::some ? "up to " + std::to_string(n) + " bytes"
                                                                          : std::to_string(n) + " bytes";
    auto future = std::make_shared<IoFuture>(*loop_, "read of " + what + " from " + peer_);
    handle_->reader = future;
    handle_->want = static_cast<int>(want);
    handle_->want_n = n;
    StreamHandle* h = handle_;
    future->on_cancel = [h] {  // cancelling the read stops it; the bytes stay for the next read
        h->reader.reset();
        if (h->reading) uv_read_stop(h->stream());
        h->reading = false;
    };
    try_to_finish_read(h);  // it may be in the buffer already
    if (!future->done()) start_reading(h);
    Value data = co_await future;
    co_return data.as_string();
}

void Connection::write(std::string data) {
    if (!handle_) throw OSError(UV_EBADF, "write to a closed connection to " + peer_);
    struct WriteRequest {
        uv_write_t request;
        std::string data;
        StreamHandle* handle;
    };
    auto* request = new WriteRequest{{}, std::move(data), handle_};
    uv_buf_t buffer = uv_buf_init(request->data.data(), static_cast<unsigned>(request->data.size()));
    ++handle_->writes_pending;
    int status = uv_write(&request->request, handle_->stream(), &buffer, 1, [](uv_write_t* r, int status) {
        auto* request = reinterpret_cast<WriteRequest*>(r);
        StreamHandle* h = request->handle;
        --h->writes_pending;
        if (status < 0 && !h->write_error) h->write_error = status;
        if (h->writes_pending == 0 && h->drainer) {
            auto drainer = std::exchange(h->drainer, nullptr);
            if (h->write_error) drainer->fail(h->write_error, "writing to " + h->peer);
            else drainer->complete(None, "all written");
        }
        delete request;
    });
    if (status < 0) {
        --handle_->writes_pending;
        handle_->write_error = status;
        delete request;
    }
}

Coroutine<> Connection::drain() {
    if (!handle_) throw OSError(UV_EBADF, "drain a closed connection to " + peer_);
    if (handle_->write_error) std::rethrow_exception(os_error(handle_->write_error, "writing to " + peer_));
    if (handle_->writes_pending == 0) co_return;
    auto future = std::make_shared<IoFuture>(*loop_, "write of " + std::to_string(handle_->writes_pending) +
                                                         " pending buffers to " + peer_);
    handle_->drainer = future;
    co_await future;
}

void Connection::close() {
    if (!handle_) return;
    StreamHandle* h = handle_;
    h->on_closed = nullptr;
    handle_ = nullptr;
    if (h->writes_pending == 0) {
        h->close();
        return;
    }
    // Let what is queued go out first: shutdown waits for pending writes, then we close.
    auto* shutdown = new uv_shutdown_t;
    shutdown->data = h;
    if (uv_shutdown(shutdown, h->stream(), [](uv_shutdown_t* request, int) {
            static_cast<StreamHandle*>(request->data)->close();
            delete request;
        }) != 0) {
        delete shutdown;
        h->close();
    }
}

Coroutine<std::shared_ptr<Connection>> open_connection(std::string host, int port) {
    EventLoop& loop = get_running_loop();
    sockaddr_in address{};
    int status = uv_ip4_addr(host.c_str(), port, &address);
    if (status < 0) std::rethrow_exception(os_error(status, host));
    StreamHandle* h = new_stream(loop);
    h->peer = host + ":" + std::to_string(port);
    auto future = std::make_shared<IoFuture>(loop, "connect to " + h->peer);
    struct ConnectRequest {
        uv_connect_t request;
        std::shared_ptr<IoFuture> future;
        StreamHandle* handle;
    };
    auto* request = new ConnectRequest{{}, future, h};
    status = uv_tcp_connect(&request->request, &h->tcp, reinterpret_cast<const sockaddr*>(&address),
                            [](uv_connect_t* r, int status) {
                                auto* request = reinterpret_cast<ConnectRequest*>(r);
                                if (status < 0) request->future->fail(status, "connecting to " + request->handle->peer);
                                else request->future->complete(None, "connected");
                                delete request;
                            });
    if (status < 0) {
        delete request;
        future->fail(status, "connecting to " + h->peer);
    }
    future->on_cancel = [h] { h->close(); };  // the pending connect ends with ECANCELED
    try {
        co_await future;
    } catch (...) {
        h->close();
        throw;
    }
    co_return std::make_shared<Connection>(loop, h, h->peer);
}

Server::Server(EventLoop&, ServerHandle* handle, int port) : handle_(handle), port_(port) {
    handle_->on_closed = [this] { handle_ = nullptr; };
}

Server::~Server() { close(); }

void Server::close() {
    if (!handle_) return;
    ServerHandle* h = std::exchange(handle_, nullptr);
    h->on_closed = nullptr;
    h->close();
}

Coroutine<std::shared_ptr<Server>> start_server(ClientHandler handler, std::string host, int port) {
    EventLoop& loop = get_running_loop();
    sockaddr_in address{};
    int status = uv_ip4_addr(host.c_str(), port, &address);
    if (status < 0) std::rethrow_exception(os_error(status, host));
    auto* h = new ServerHandle;
    h->loop = &loop;
    h->handler = handler;
    uv_tcp_init(loop.uv_loop(), &h->tcp);
    h->tcp.data = h;
    status = uv_tcp_bind(&h->tcp, reinterpret_cast<const sockaddr*>(&address), 0);
    if (status == 0)
        status = uv_listen(reinterpret_cast<uv_stream_t*>(&h->tcp), 511, [](uv_stream_t* listener, int status) {
            auto* server = static_cast<ServerHandle*>(listener->data);
            if (status < 0) return;
            StreamHandle* client = new_stream(*server->loop);
            if (uv_accept(listener, client->stream()) != 0) {
                client->close();
                return;
            }
            client->peer = peer_of(&client->tcp);
            if (server->accepting) server->accepting->complete(Value(client->peer), "connection from " + client->peer);
            server->wait_for_client();
            // As asyncio's client_connected_cb: a Task per client. Creating it only schedules its step.
            auto connection = std::make_shared<Connection>(*server->loop, client, client->peer);
            Task::create(server->handler(connection), "", server->loop, tracing::internal);
        });
    if (status < 0) {
        h->close();
        std::rethrow_exception(os_error(status, "listening on " + host + ":" + std::to_string(port)));
    }
    sockaddr_storage bound{};
    int length = sizeof bound;
    uv_tcp_getsockname(&h->tcp, reinterpret_cast<sockaddr*>(&bound), &length);
    h->address = address_of(bound);
    h->wait_for_client();
    co_return std::make_shared<Server>(loop, h, ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port));
}

}  // namespace asyncio
