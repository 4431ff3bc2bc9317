#include "server.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <libwebsockets.h>

#include <chrono>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "connection.h"
#include "student_page.h"

namespace cotrace::classroom {

namespace {

// 128 bits from the kernel's random source, as 32 hex digits.
std::string new_token() {
    unsigned char bytes[16];
    size_t got = 0;
    while (got < sizeof bytes) {
        ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
        if (n < 0 && errno != EINTR) throw ServerError(std::string("cannot make the session's token: ") + std::strerror(errno));
        if (n > 0) got += static_cast<size_t>(n);
    }
    static const char* digits = "0123456789abcdef";
    std::string token;
    for (unsigned char b : bytes) token += digits[b >> 4], token += digits[b & 15];
    return token;
}

// Whether address:port can be listened on, and if not, the OS's reason (lws only logs it).
void check_bindable(const std::string& address, int port) {
    sockaddr_in where{};
    where.sin_family = AF_INET;
    where.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &where.sin_addr) != 1)
        throw ServerError("cannot listen on \"" + address + "\": not an IPv4 address (--bind 192.168.1.20, say)");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw ServerError(std::string("cannot make a socket: ") + std::strerror(errno));
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    int failed = bind(fd, reinterpret_cast<sockaddr*>(&where), sizeof where);
    int error = errno;
    close(fd);
    if (failed)
        throw ServerError("cannot listen on " + address + ":" + std::to_string(port) + ": " + std::strerror(error) +
                          (error == EADDRINUSE ? " (another program uses that port: --port picks another)" : ""));
}

}  // namespace

std::vector<std::string> local_addresses() {
    std::vector<std::string> found;
    ifaddrs* all = nullptr;
    if (getifaddrs(&all) == 0) {
        for (ifaddrs* a = all; a; a = a->ifa_next) {
            if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
            if (!(a->ifa_flags & IFF_UP) || (a->ifa_flags & IFF_LOOPBACK)) continue;
            char text[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
            found.emplace_back(text);
        }
        freeifaddrs(all);
    }
    found.emplace_back("127.0.0.1");
    return found;
}

std::string lan_address() { return local_addresses().front(); }

struct Server::Impl : ServerCore {
    Impl(const Trace& trace, const std::string& origin, const ServerOptions& options)
        : ServerCore(trace, origin, options.most_students) {}

    ServerOptions options;
    std::string address, url;
    int port = 0;
    std::thread thread;
    uv_loop_t loop{};
    uv_async_t wake{};
    lws_context* context = nullptr;
    bool ended = false;

    struct Posted {
        Command command;
        std::promise<std::string> reply;
    };
    std::mutex posted_mutex;
    std::deque<Posted> posted;
    bool stopping = false;

    mutable std::mutex status_mutex;
    ClassStatus shown;

    // On the server's thread: the teacher's commands, then every page told what changed.
    void serve_posted() {
        std::deque<Posted> now;
        bool stop;
        {
            std::lock_guard lock(posted_mutex);
            now.swap(posted);
            stop = stopping;
        }
        std::vector<std::string> replies;
        for (auto& p : now) replies.push_back(p.command.kind == Command::Kind::results ? session.results_csv() : session.apply(p.command));
        // The projector's copy first: a teacher told "done" then sees the new status.
        publish();
        for (size_t i = 0; i < now.size(); ++i) now[i].reply.set_value(std::move(replies[i]));
        if (stop) {
            lws_context_destroy(context);  // closes every connection and the port, on this loop
            context = nullptr;
            uv_close(reinterpret_cast<uv_handle_t*>(&wake), nullptr);
        }
    }

    // After any change: the projector's copy, and every page that is behind is given a write.
    void publish() override {
        publish_status();
        if (context) lws_callback_on_writable_all_protocol(context, &protocols()[0]);
    }
    void publish_status() override {
        std::lock_guard lock(status_mutex);
        shown = status_of(session);
    }

    void run() {
        uv_run(&loop, UV_RUN_DEFAULT);
        uv_loop_close(&loop);
    }
};

Server::Server(const Trace& trace, const std::string& origin, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(trace, origin, options)) {
    Impl& s = *impl_;
    s.options = options;
    s.address = options.bind.empty() ? lan_address() : options.bind;
    if (options.port < 0 || options.port > 65535) throw ServerError("--port must be 0 to 65535");
    check_bindable(s.address, options.port);
    s.token = new_token();
    lws_set_log_level(LLL_ERR, nullptr);
    uv_loop_init(&s.loop);
    uv_async_init(&s.loop, &s.wake, [](uv_async_t* async) { static_cast<Impl*>(async->data)->serve_posted(); });
    s.wake.data = &s;

    lws_context_creation_info info{};
    info.port = options.port;
    info.iface = s.address.c_str();
    info.protocols = protocols();
    info.user = static_cast<ServerCore*>(&s);
    info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    void* loops[] = {&s.loop};
    info.foreign_loops = loops;
    info.max_http_header_data = 2048;  // a request's headers: a browser's fit, a flood does not
    info.timeout_secs = 10;
    info.fd_limit_per_thread = static_cast<unsigned int>(options.most_students + 64);
    s.context = lws_create_context(&info);
    if (!s.context) {
        uv_close(reinterpret_cast<uv_handle_t*>(&s.wake), nullptr);
        uv_run(&s.loop, UV_RUN_DEFAULT);
        uv_loop_close(&s.loop);
        throw ServerError("cannot serve on " + s.address + ":" + std::to_string(options.port) +
                          " (libwebsockets could not start: is its libuv event library, libwebsockets-evlib-uv, installed?)");
    }
    s.port = lws_get_vhost_listen_port(lws_get_vhost_by_name(s.context, "default"));
    s.url = "http://" + s.address + ":" + std::to_string(s.port) + "/" + s.token + "/";
    s.publish();
    s.thread = std::thread([&s] { s.run(); });
}

Server::~Server() { end(); }

void Server::end() {
    Impl& s = *impl_;
    if (s.ended) return;
    s.ended = true;
    {
        std::lock_guard lock(s.posted_mutex);
        s.stopping = true;
    }
    uv_async_send(&s.wake);
    if (s.thread.joinable()) s.thread.join();
}

const std::string& Server::join_url() const { return impl_->url; }
int Server::port() const { return impl_->port; }

std::future<std::string> Server::post(const Command& command) {
    Impl& s = *impl_;
    std::future<std::string> reply;
    {
        std::lock_guard lock(s.posted_mutex);
        if (s.stopping) {
            std::promise<std::string> ended;
            ended.set_value("the session has ended");
            return ended.get_future();
        }
        s.posted.push_back({command, {}});
        reply = s.posted.back().reply.get_future();
    }
    uv_async_send(&s.wake);
    return reply;
}

ClassStatus Server::status() const {
    std::lock_guard lock(impl_->status_mutex);
    return impl_->shown;
}

std::string Server::results_csv() { return post({.kind = Command::Kind::results}).get(); }

}  // namespace cotrace::classroom
