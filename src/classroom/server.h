// The classroom's server: HTTP and WebSockets with libwebsockets, on its own thread, on a libuv loop of
// its own (lws joins it as a foreign loop). It serves one page, the student page, from memory, and one
// WebSocket; nothing from disk. Every address carries the session's token: without it, a plain refusal.
//
// The teacher (the window, or `cotrace classroom --no-window` reading commands) posts commands; only they
// move the step, ask, reveal or end. A student's connection can say who it is (a random id its browser
// keeps) and answer the open question, nothing else: each message is bounded in size and rate and
// validated, and one that is not as it must be closes that connection only. docs/classroom.md has the
// protocol.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "session.h"
#include "trace/trace.h"

namespace cotrace::classroom {

struct ServerOptions {
    std::string bind;     // the address to listen on; empty: this machine's address on its network (see lan_address)
    int port = 8765;      // 0: any free port
    size_t most_students = 1000;  // connections beyond this are refused
};

// The address other machines on this machine's network reach it by: the first IPv4 address of an
// interface that is up and not loopback; 127.0.0.1 if there is none.
std::string lan_address();
// Every IPv4 address of this machine's interfaces that are up, not loopback first (for the teacher to
// pick the classroom network's), 127.0.0.1 last.
std::vector<std::string> local_addresses();

// A server that could not start: the address and port, and the OS's reason.
struct ServerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What the projector shows, as of the last change.
struct ClassStatus {
    size_t step = 0, steps = 0;
    size_t joined = 0;
    bool question = false;       // one is at this step
    size_t number = 0;           // its number
    int round = 1;
    bool open = false, revealed = false;
    size_t answered = 0;         // in this round
    std::string prompt;
    std::vector<std::string> options;
    size_t answer = 0;           // the right option: the projector shows it once revealed
    std::vector<size_t> counts, before;  // once revealed: this round's, and (round 2) the first's
};

class Server {
public:
    // Starts serving `trace` (its student page is built now). Throws ServerError.
    Server(const Trace& trace, const std::string& origin, const ServerOptions& options);
    ~Server();  // ends the session: every connection and the port are closed
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // "http://192.168.1.20:8765/3f9a.../": what students open (the token is in it).
    const std::string& join_url() const;
    int port() const;
    // A teacher's command; the future holds the line that says what happened. Thread-safe.
    std::future<std::string> post(const Command& command);
    ClassStatus status() const;  // thread-safe
    std::string results_csv();   // thread-safe (asks the server's thread)
    void end();                  // as the destructor; again does nothing

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace cotrace::classroom
