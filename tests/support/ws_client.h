// A WebSocket client for the classroom's tests and bench, on libwebsockets' own client (its default
// event loop, on the calling thread): it connects to the server over loopback, sends what it is told,
// and keeps what it receives, each call serving the connection until what it waits for happens or the
// wait runs out (a bound against hanging, never a measure of speed).
#pragma once

#include <libwebsockets.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <optional>
#include <string>

namespace testing_support {

class WsClient {
public:
    // Connects to ws://ADDRESS:PORT/PATH (127.0.0.1 unless told) with the classroom's subprotocol (or with
    // `protocol`; null: none, as a DevTools connection to chromium asks).
    WsClient(int port, const std::string& path, const char* protocol = "cotrace-classroom", std::string address = "127.0.0.1")
        : address_(std::move(address)) {
        static const lws_protocols protocols[] = {{"cotrace-classroom", callback, 0, 1 << 20, 0, nullptr, 0},
                                                  {nullptr, nullptr, 0, 0, 0, nullptr, 0}};
        lws_set_log_level(0, nullptr);
        lws_context_creation_info info{};
        info.port = CONTEXT_PORT_NO_LISTEN;
        info.protocols = protocols;
        context_ = lws_create_context(&info);
        lws_client_connect_info ci{};
        ci.context = context_;
        ci.address = address_.c_str();
        ci.port = port;
        path_ = path;
        ci.path = path_.c_str();
        ci.host = address_.c_str();
        ci.origin = address_.c_str();
        ci.protocol = protocol;
        ci.userdata = this;
        ci.pwsi = &wsi_;
        lws_client_connect_via_info(&ci);
        serve_until([&] { return established_ || closed_; });
    }
    ~WsClient() {
        if (context_) lws_context_destroy(context_);
    }
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    bool connected() const { return established_ && !closed_; }
    bool closed() const { return closed_; }

    // Sends a text message (or a binary one).
    void send(const std::string& text, bool binary = false) {
        outgoing_.push_back({text, binary});
        if (wsi_ && established_) lws_callback_on_writable(wsi_);
        serve_until([&] { return outgoing_.empty() || closed_; });
    }
    // The next message received, waiting up to `wait` for one.
    std::optional<std::string> receive(std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
        serve_until([&] { return !incoming_.empty() || closed_; }, wait);
        if (incoming_.empty()) return std::nullopt;
        std::string text = std::move(incoming_.front());
        incoming_.pop_front();
        return text;
    }
    // Serves until the server closes the connection (true) or `wait` runs out (false).
    bool wait_closed(std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
        serve_until([&] { return closed_; }, wait);
        return closed_;
    }
    // Serves the connection for about `time` (what the server sends meanwhile is kept).
    void serve_for(std::chrono::milliseconds time) { serve_until([] { return false; }, time); }
    size_t pending() const { return incoming_.size(); }

private:
    // lws_service sleeps until an event: a timer of ours wakes it every 20 ms, so that a wait ends in time.
    struct Tick {
        lws_sorted_usec_list_t sul;  // first: the timer's callback gets its address
        lws_context* context;
    };
    static void tick(lws_sorted_usec_list_t* sul) {
        auto* t = reinterpret_cast<Tick*>(sul);
        lws_sul_schedule(t->context, 0, &t->sul, tick, 20 * LWS_US_PER_MS);
    }
    template <typename Done>
    void serve_until(Done done, std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
        Tick t{};
        t.context = context_;
        lws_sul_schedule(context_, 0, &t.sul, tick, 20 * LWS_US_PER_MS);
        auto until = std::chrono::steady_clock::now() + wait;
        while (!done() && std::chrono::steady_clock::now() < until) lws_service(context_, 0);
        lws_sul_cancel(&t.sul);
    }

    static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t length) {
        auto* self = static_cast<WsClient*>(user);
        if (!self) return 0;
        switch (reason) {
            case LWS_CALLBACK_CLIENT_ESTABLISHED:
                self->established_ = true;
                if (!self->outgoing_.empty()) lws_callback_on_writable(wsi);
                return 0;
            case LWS_CALLBACK_CLIENT_RECEIVE:
                self->partial_.append(static_cast<const char*>(in), length);
                if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
                    self->incoming_.push_back(std::move(self->partial_));
                    self->partial_.clear();
                }
                return 0;
            case LWS_CALLBACK_CLIENT_WRITEABLE: {
                if (self->outgoing_.empty()) return 0;
                auto [text, binary] = self->outgoing_.front();
                self->outgoing_.pop_front();
                std::string buffer(LWS_PRE, '\0');
                buffer += text;
                lws_write(wsi, reinterpret_cast<unsigned char*>(buffer.data() + LWS_PRE), text.size(),
                          binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
                if (!self->outgoing_.empty()) lws_callback_on_writable(wsi);
                return 0;
            }
            case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: case LWS_CALLBACK_CLIENT_CLOSED: case LWS_CALLBACK_WSI_DESTROY:
                self->closed_ = true;
                return 0;
            default: return 0;
        }
    }

    lws_context* context_ = nullptr;
    lws* wsi_ = nullptr;
    std::string address_, path_, partial_;
    bool established_ = false, closed_ = false;
    std::deque<std::pair<std::string, bool>> outgoing_;
    std::deque<std::string> incoming_;
};

}  // namespace testing_support
