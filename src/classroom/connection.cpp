#include "connection.h"

#include "messages.h"

#include <libwebsockets.h>

#include <cstring>

namespace cotrace::classroom {

namespace {

// lws keeps this per connection (zeroed): the page's bytes written so far, or the student it is.
struct PerConnection {
    Student* student;
    size_t sent;
    bool refusing;
};

const char refusal[] = "This is a cotrace classroom session. Ask your teacher for its address.\n";
// The page runs its own inline script and style, talks to this server, and loads nothing from anywhere.
const char policy[] = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                      "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

ServerCore& core_of(lws* wsi) { return *static_cast<ServerCore*>(lws_context_user(lws_get_context(wsi))); }

std::string uri_of(lws* wsi) {
    char uri[256];
    int n = lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI);
    return n > 0 ? std::string(uri, static_cast<size_t>(n)) : std::string();
}

int send_headers(lws* wsi, unsigned status, const char* type, size_t length, bool page) {
    unsigned char buffer[LWS_PRE + 1536], *start = buffer + LWS_PRE, *p = start, *end = buffer + sizeof buffer - 1;
    auto header = [&](const char* name, const char* value) {
        return lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(name),
                                           reinterpret_cast<const unsigned char*>(value), static_cast<int>(std::strlen(value)), &p, end);
    };
    if (lws_add_http_common_headers(wsi, status, type, length, &p, end)) return -1;
    if (header("cache-control:", "no-store") || header("x-content-type-options:", "nosniff") ||
        header("referrer-policy:", "no-referrer"))
        return -1;
    if (page && header("content-security-policy:", policy)) return -1;
    if (lws_finalize_write_http_header(wsi, start, &p, end)) return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

int write_body(lws* wsi, PerConnection& pc, const std::string& body) {
    constexpr size_t chunk = 16384;
    std::string buffer(LWS_PRE + chunk, '\0');
    size_t n = std::min(chunk, body.size() - pc.sent);
    std::memcpy(buffer.data() + LWS_PRE, body.data() + pc.sent, n);
    bool last = pc.sent + n >= body.size();
    if (lws_write(wsi, reinterpret_cast<unsigned char*>(buffer.data() + LWS_PRE), n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) !=
        static_cast<int>(n))
        return -1;
    pc.sent += n;
    if (!last) {
        lws_callback_on_writable(wsi);
        return 0;
    }
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

// A page's message (messages.h): false for anything else, which closes the connection.
bool receive(ServerCore& core, Student& student, const std::string& text) {
    auto message = parse_student_message(text);
    if (!message) return false;
    if (message->kind == StudentMessage::Kind::hello) {
        if (!student.id.empty()) return false;  // once
        student.id = message->id;
        student.own_change = true;  // its page is sent the state at once
        core.session.join(student.id);
        core.publish_status();
        return true;
    }
    if (student.id.empty()) return false;  // who it is, first
    // An answer to a question no longer open (the page was behind) is not the page's fault: ignored.
    if (core.session.answer(student.id, message->question, message->round, message->option)) {
        student.own_change = true;  // its page shows its answer
        core.publish_status();
    }
    return true;
}

// Refills the student's allowance of messages; false when it is spent (a flood).
bool allowed(Student& student) {
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - student.last).count();
    student.last = now;
    student.tokens = std::min(2 * most_messages_per_second, student.tokens + elapsed * most_messages_per_second);
    if (student.tokens < 1) return false;
    student.tokens -= 1;
    return true;
}

int refuse(lws* wsi, const char* why) {
    lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, reinterpret_cast<unsigned char*>(const_cast<char*>(why)), std::strlen(why));
    return -1;
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t length) {
    auto* pc = static_cast<PerConnection*>(user);
    switch (reason) {
        case LWS_CALLBACK_HTTP: {
            ServerCore& core = core_of(wsi);
            std::string path(static_cast<const char*>(in), strnlen(static_cast<const char*>(in), length + 1));
            bool ours = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 &&
                        (path == "/" + core.token + "/" || path == "/" + core.token);
            pc->refusing = !ours;
            if (ours) return send_headers(wsi, HTTP_STATUS_OK, "text/html; charset=utf-8", core.page.html().size(), true);
            return send_headers(wsi, HTTP_STATUS_FORBIDDEN, "text/plain; charset=utf-8", sizeof refusal - 1, false);
        }
        case LWS_CALLBACK_HTTP_WRITEABLE:
            return write_body(wsi, *pc, pc->refusing ? std::string(refusal) : core_of(wsi).page.html());
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
            ServerCore& core = core_of(wsi);
            if (uri_of(wsi) != "/" + core.token + "/ws") return 1;  // no token, no session
            return core.students.size() >= core.most_students ? 1 : 0;
        }
        case LWS_CALLBACK_ESTABLISHED:
            pc->student = new Student();
            core_of(wsi).students.insert(pc->student);
            return 0;
        case LWS_CALLBACK_RECEIVE: {
            Student& student = *pc->student;
            if (student.received.size() + length > most_message_bytes) return refuse(wsi, "message too long");
            if (lws_frame_is_binary(wsi)) return refuse(wsi, "text messages only");
            student.received.append(static_cast<const char*>(in), length);
            if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;
            std::string text = std::move(student.received);
            student.received.clear();
            if (!allowed(student)) return refuse(wsi, "too many messages");
            if (!receive(core_of(wsi), student, text)) return refuse(wsi, "not a message a page sends");
            lws_callback_on_writable(wsi);
            return 0;
        }
        case LWS_CALLBACK_SERVER_WRITEABLE: {
            ServerCore& core = core_of(wsi);
            Student& student = *pc->student;
            if (student.id.empty()) return 0;  // it says who it is first
            nlohmann::json more = core.page.grow(student.has, core.session.position());
            if (more.is_null() && !student.own_change && student.version_sent == core.session.version()) return 0;
            // Always the latest state: a page that reads slowly gets fewer messages, never a backlog.
            nlohmann::json message = core.session.student_view(student.id);
            if (!more.is_null()) message["grow"] = std::move(more);
            student.version_sent = core.session.version();
            student.own_change = false;
            std::string text(LWS_PRE, '\0');
            text += message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            size_t n = text.size() - LWS_PRE;
            if (lws_write(wsi, reinterpret_cast<unsigned char*>(text.data() + LWS_PRE), n, LWS_WRITE_TEXT) < static_cast<int>(n)) return -1;
            if (student.has.steps <= core.session.position()) lws_callback_on_writable(wsi);  // the rest of a long catch-up
            return 0;
        }
        case LWS_CALLBACK_CLOSED: {
            if (!pc->student) return 0;
            ServerCore& core = core_of(wsi);
            core.students.erase(pc->student);
            if (!pc->student->id.empty()) {
                core.session.leave(pc->student->id);
                core.publish_status();
            }
            delete pc->student;
            pc->student = nullptr;
            return 0;
        }
        default: return lws_callback_http_dummy(wsi, reason, user, in, length);
    }
}

}  // namespace

const lws_protocols* protocols() {
    static const lws_protocols list[] = {
        {"cotrace-classroom", callback, sizeof(PerConnection), most_message_bytes, 0, nullptr, 0},
        {nullptr, nullptr, 0, 0, 0, nullptr, 0},
    };
    return list;
}

ClassStatus status_of(const Session& session) {
    ClassStatus status;
    status.step = session.position();
    status.steps = session.steps();
    status.joined = session.joined();
    if (const auto* now = session.shown()) {
        status.question = true;
        status.number = now->number;
        status.round = now->round;
        status.open = now->open;
        status.revealed = now->revealed;
        status.answered = now->votes[now->round - 1].size();
        status.prompt = now->question->prompt;
        status.options = now->question->options;
        status.answer = now->question->answer;
        if (now->revealed) {
            status.counts = now->counts(now->round);
            if (now->round == 2) status.before = now->counts(1);
        }
    }
    return status;
}

}  // namespace cotrace::classroom
