// What the server's thread keeps and does for each connection: the lws callback that serves the page,
// refuses what has no token, and reads and writes a student's WebSocket. Used by server.cpp only.
#pragma once

#include <chrono>
#include <set>
#include <string>

#include "server.h"
#include "session.h"
#include "student_page.h"

struct lws_protocols;

namespace cotrace::classroom {

// A message a page may send is at most this long, and a page may send this many a second (a burst of
// twice as many): a click is a message; a flood or a novel is not a student.
inline constexpr size_t most_message_bytes = 512;
inline constexpr double most_messages_per_second = 10;

// A student's connection.
struct Student {
    std::string id;                     // said in its first message, "hello"
    PageHas has;                        // the handout data its page has
    std::uint64_t version_sent = 0;     // the session's version its page last had
    bool own_change = false;            // its own answer changed what its page shows
    std::string received;               // a message arriving in fragments, bounded
    double tokens = 2 * most_messages_per_second;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
};

// The server as the callback sees it (on the server's thread only).
struct ServerCore {
    ServerCore(const Trace& trace, const std::string& origin, size_t most) : session(trace), page(trace, origin), most_students(most) {}
    virtual ~ServerCore() = default;
    virtual void publish() = 0;         // the step or question changed: the projector's copy, and every page
    virtual void publish_status() = 0;  // a join, a leave or an answer: the projector's copy only

    Session session;
    StudentPage page;
    std::string token;
    size_t most_students;
    std::set<Student*> students;
};

// The one protocol: HTTP for the page, then the WebSocket "cotrace-classroom" (null-terminated list).
const lws_protocols* protocols();
// The projector's view of the session.
ClassStatus status_of(const Session& session);

}  // namespace cotrace::classroom
