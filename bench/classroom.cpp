// The classroom under load (issue 31): the teacher is `cotrace classroom --no-window` (a child process,
// commands on its standard input); 300 simulated students connect over loopback with libwebsockets'
// client, follow 200 steps and answer 20 questions. In the same run: students who drop and rejoin, one
// that stops reading, and clients that send malformed, oversized, binary, teacher's and flooding
// messages. It prints whether every student received every step in order, the latency from the
// teacher's step to each student (p50, p99), votes sent and counted, and the server's memory and CPU.
//
//   build/bench/classroom [STUDENTS]   (default 300)
#include <fcntl.h>
#include <libwebsockets.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t steps_total = 200, questions_total = 20, dropping = 10;

// What the teacher did, for the students' thread to measure against.
std::vector<std::atomic<std::int64_t>> posted(steps_total + 1);  // when each step was posted (ns since start)
const Clock::time_point start = Clock::now();
std::int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count(); }
std::atomic<size_t> teacher_step{0};

struct Client {
    enum class Kind { student, malformed, oversized, binary, teacher_command, flood } kind = Kind::student;
    std::string id;
    lws* wsi = nullptr;
    bool established = false, closed = false, drop = false;
    std::string partial;
    std::deque<std::pair<std::string, bool>> out;
    size_t has_steps = 1, last_step = 0, messages = 0;
    bool in_order = true, rejoined = false, rejoin_checked = false, rejoin_ok = false;
    std::set<std::pair<int, int>> answered;
};

std::mutex clients_mutex;
std::vector<std::unique_ptr<Client>> clients;
std::vector<double> latencies;      // ms, from a step's post to a student's first message at or past it
std::atomic<size_t> votes_sent{0}, bad_closed{0}, bad_made{0};

void queue(Client& c, std::string text, bool binary = false) {
    c.out.emplace_back(std::move(text), binary);
    if (c.wsi) lws_callback_on_writable(c.wsi);
}

void on_message(Client& c, const std::string& text) {
    if (c.kind != Client::Kind::student) return;  // a hostile client (the flood says hello first) is no student
    nlohmann::json m = nlohmann::json::parse(text, nullptr, false);
    if (!m.is_object() || m["type"] != "state") return;
    ++c.messages;
    if (m.contains("grow")) c.has_steps += m["grow"]["steps"].size();
    size_t step = m["step"];
    if (step < c.last_step || step >= c.has_steps) c.in_order = false;  // forward only, and never ahead of its steps
    if (c.rejoined && !c.rejoin_checked) {
        // Back after a drop: the teacher's step at once (what it missed while away is not a latency).
        c.rejoin_checked = true;
        c.rejoin_ok = step == teacher_step.load();
        c.last_step = step;
    }
    for (size_t k = c.last_step + 1; k <= step && k <= steps_total; ++k)
        if (std::int64_t t = posted[k].load(); t > 0) latencies.push_back((now_ns() - t) / 1e6);
    c.last_step = std::max(c.last_step, step);
    const auto& q = m["question"];
    if (q.is_object() && q["open"] == true) {
        auto key = std::make_pair(q["number"].get<int>(), q["round"].get<int>());
        if (c.answered.insert(key).second) {
            size_t option = std::hash<std::string>{}(c.id) % q["options"].size();
            queue(c, nlohmann::json({{"type", "answer"}, {"question", key.first}, {"round", key.second}, {"option", option}}).dump());
            ++votes_sent;
        }
    }
}

int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t length) {
    auto* c = static_cast<Client*>(user);
    if (!c) return 0;
    switch (reason) {
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            c->established = true;
            switch (c->kind) {
                case Client::Kind::student: queue(*c, R"({"type":"hello","id":")" + c->id + "\"}"); break;
                case Client::Kind::malformed: queue(*c, "{\"type\":\"hello\",\"id\":"); break;
                case Client::Kind::oversized: queue(*c, std::string(100000, 'x')); break;
                case Client::Kind::binary: queue(*c, "\x01\x02", true); break;
                case Client::Kind::teacher_command: queue(*c, R"({"type":"next"})"); break;
                case Client::Kind::flood:
                    queue(*c, R"({"type":"hello","id":"ffffffffffffffffffffffffffffffff"})");
                    for (int i = 0; i < 200; ++i) queue(*c, R"({"type":"answer","question":99,"round":1,"option":0})");
                    break;
            }
            return 0;
        case LWS_CALLBACK_CLIENT_RECEIVE:
            c->partial.append(static_cast<const char*>(in), length);
            if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
                on_message(*c, c->partial);
                c->partial.clear();
            }
            return 0;
        case LWS_CALLBACK_CLIENT_WRITEABLE: {
            if (c->drop) return -1;  // a student who drops (closes its page)
            if (c->out.empty()) return 0;
            auto [text, binary] = c->out.front();
            c->out.pop_front();
            std::string buffer(LWS_PRE, '\0');
            buffer += text;
            lws_write(wsi, reinterpret_cast<unsigned char*>(buffer.data() + LWS_PRE), text.size(), binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
            if (!c->out.empty()) lws_callback_on_writable(wsi);
            return 0;
        }
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: case LWS_CALLBACK_CLIENT_CLOSED:
            if (!c->closed && c->kind != Client::Kind::student) ++bad_closed;
            c->closed = true;
            c->wsi = nullptr;
            return 0;
        default: return 0;
    }
}

const lws_protocols protocols[] = {{"cotrace-classroom", callback, 0, 1 << 20, 0, nullptr, 0}, {nullptr, nullptr, 0, 0, 0, nullptr, 0}};

// lws_service sleeps until an event: this timer wakes it every 10 ms, so that the loops below see their flags.
struct Tick {
    lws_sorted_usec_list_t sul;
    lws_context* context;
};
void tick(lws_sorted_usec_list_t* sul) {
    auto* t = reinterpret_cast<Tick*>(sul);
    lws_sul_schedule(t->context, 0, &t->sul, tick, 10 * LWS_US_PER_MS);
}

lws_context* client_context() {
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.fd_limit_per_thread = 2048;
    return lws_create_context(&info);
}

void connect(lws_context* context, Client& c, int port, const std::string& path) {
    lws_client_connect_info ci{};
    ci.context = context;
    ci.address = "127.0.0.1";
    ci.port = port;
    ci.path = path.c_str();
    ci.host = "127.0.0.1";
    ci.origin = "127.0.0.1";
    ci.protocol = "cotrace-classroom";
    ci.userdata = &c;
    ci.pwsi = &c.wsi;
    c.established = c.closed = false;
    lws_client_connect_via_info(&ci);
}

// The teacher's process: commands in, lines out.
struct Teacher {
    pid_t pid = -1;
    FILE* in = nullptr;
    FILE* out = nullptr;
    std::string line() {
        char buffer[4096];
        return std::fgets(buffer, sizeof buffer, out) ? std::string(buffer) : std::string();
    }
    std::string say(const std::string& command) {
        std::fprintf(in, "%s\n", command.c_str());
        std::fflush(in);
        return line();
    }
};

Teacher start_teacher(const std::string& trace) {
    int to[2], from[2];
    if (pipe(to) || pipe(from)) std::exit(1);
    Teacher t;
    t.pid = fork();
    if (t.pid == 0) {
        dup2(to[0], 0), dup2(from[1], 1);
        close(to[1]), close(from[0]);
        execl(COTRACE_BINARY, COTRACE_BINARY, "classroom", trace.c_str(), "--no-window", "--bind", "127.0.0.1", "--port", "0", nullptr);
        _exit(127);
    }
    close(to[0]), close(from[1]);
    t.in = fdopen(to[1], "w");
    t.out = fdopen(from[0], "r");
    return t;
}

std::string proc_field(pid_t pid, const std::string& name) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(name + ":", 0) == 0) return line.substr(name.size() + 1);
    return "?";
}

double cpu_seconds(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;
    double user = 0, system = 0;
    fields >> user >> system;
    return (user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    size_t students = argc > 1 ? std::stoul(argv[1]) : 300;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    lws_set_log_level(0, nullptr);
    Teacher teacher = start_teacher(std::string(COTRACE_SOURCE_DIR) + "/traces/homemade_sleep.json");
    std::string url;
    for (std::string line; (line = teacher.line()) != "";)
        if (line.rfind("join: ", 0) == 0) url = line.substr(6, line.size() - 7);
        else if (line.find("Type a command") != std::string::npos) break;
    std::smatch found;
    if (!std::regex_search(url, found, std::regex(R"(:(\d+)(/[0-9a-f]+/))"))) return std::fprintf(stderr, "no join address\n"), 1;
    int port = std::stoi(found[1]);
    std::string path = found[2].str() + "ws";
    std::printf("cotrace classroom under load: %zu students over loopback, %zu steps, %zu questions (traces/homemade_sleep.json)\n",
                students, steps_total, questions_total);

    lws_context* context = client_context();
    for (size_t i = 0; i < students; ++i) {
        auto c = std::make_unique<Client>();
        char id[33];
        std::snprintf(id, sizeof id, "%032zx", i + 1);
        c->id = id;
        clients.push_back(std::move(c));
    }
    // The slow reader: connects and says hello on a context of its own, then is never served again.
    lws_context* slow_context = client_context();
    Client slow;
    slow.id = "5105e5105e5105e5105e5105e5105e51";
    connect(slow_context, slow, port, path);
    {
        Tick t{{}, slow_context};
        lws_sul_schedule(slow_context, 0, &t.sul, tick, 10 * LWS_US_PER_MS);
        auto until = Clock::now() + std::chrono::seconds(5);
        while (Clock::now() < until && !(slow.established && slow.out.empty() && slow.messages > 0)) lws_service(slow_context, 0);
        lws_sul_cancel(&t.sul);
    }

    std::atomic<bool> running{true}, hostile{true};
    std::atomic<int> drop_now{0}, rejoin_now{0};
    std::thread served([&] {
        std::lock_guard lock(clients_mutex);
        Tick t{{}, context};
        lws_sul_schedule(context, 0, &t.sul, tick, 10 * LWS_US_PER_MS);
        for (auto& c : clients) connect(context, *c, port, path);
        auto next_bad = Clock::now();
        int bad_kind = 0;
        std::vector<std::unique_ptr<Client>> bad;
        while (running) {
            lws_service(context, 0);
            if (drop_now == 1) {
                for (size_t i = 0; i < dropping; ++i) clients[i]->drop = true, lws_callback_on_writable(clients[i]->wsi);
                drop_now = 2;
            }
            if (rejoin_now == 1) {
                for (size_t i = 0; i < dropping; ++i) {
                    // The same student (its browser's id) on a new page: step 0, the rest streamed.
                    auto back = std::make_unique<Client>();
                    back->id = clients[i]->id;
                    back->rejoined = true;
                    connect(context, *back, port, path);
                    clients.push_back(std::move(back));
                }
                rejoin_now = 2;
            }
            if (hostile && Clock::now() >= next_bad) {  // a hostile client now and then, all the run long
                next_bad = Clock::now() + std::chrono::milliseconds(50);
                bad.push_back(std::make_unique<Client>());
                bad.back()->kind = static_cast<Client::Kind>(1 + bad_kind++ % 5);
                connect(context, *bad.back(), port, path);
                ++bad_made;
            }
        }
        lws_sul_cancel(&t.sul);
    });
    // Each student joined (the teacher's status says so).
    auto joined = [&] {
        std::smatch m;
        std::string status = teacher.say("status");
        return std::regex_search(status, m, std::regex(R"((\d+) students? joined)")) ? std::stoul(m[1]) : 0ul;
    };
    for (int i = 0; i < 500 && joined() < students + 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::printf("joined: %lu (and the slow reader)\n", joined() - 1);

    size_t asked = 0, counted_right = 0;
    std::string halfway_memory;
    auto wall = Clock::now();
    double cpu_before = cpu_seconds(teacher.pid);
    for (size_t step = 1; step <= steps_total; ++step) {
        if (step == 100) halfway_memory = proc_field(teacher.pid, "VmRSS");
        if (step == 50) drop_now = 1;
        if (step == 60) rejoin_now = 1;
        posted[step] = now_ns();
        teacher_step = step;
        std::string said = teacher.say("step " + std::to_string(step));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a teacher's pace, fast
        if (said.find("is open") != std::string::npos && asked < questions_total) {
            ++asked;
            // Every student answers (those who dropped are back by step 60): wait for the count.
            size_t expected = students - ((step >= 50 && step < 60) ? dropping : 0);
            std::string status;
            for (int i = 0; i < 500; ++i) {
                status = teacher.say("status");
                std::smatch m;
                if (std::regex_search(status, m, std::regex(R"((\d+) answered)")) && std::stoul(m[1]) >= expected) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            std::string revealed = teacher.say("reveal");
            std::smatch counts;
            size_t total = 0;
            if (std::regex_search(revealed, counts, std::regex(R"(revealed: ([0-9 /]+) \()"))) {
                std::istringstream each(counts[1].str());
                for (std::string part; each >> part;)
                    if (part != "/") total += std::stoul(part);
            }
            if (total == expected) ++counted_right;
            else std::printf("question %zu: %zu votes counted, %zu students\n", asked, total, expected);
        }
    }
    double seconds = std::chrono::duration<double>(Clock::now() - wall).count();
    double cpu = cpu_seconds(teacher.pid) - cpu_before;
    hostile = false;  // the last ones made have time to be closed too
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the last messages arrive
    std::string memory = proc_field(teacher.pid, "VmHWM"), resident = proc_field(teacher.pid, "VmRSS");
    running = false;
    served.join();

    size_t in_order = 0, complete = 0, rejoined_ok = 0;
    for (const auto& c : clients) {
        if (c->drop) continue;  // the pages closed by students who dropped: their rejoined pages count
        in_order += c->in_order;
        complete += c->has_steps > steps_total;
        rejoined_ok += c->rejoined && c->rejoin_ok;
    }
    std::printf("every step, in order: %zu of %zu students received all %zu steps (%zu in order)\n", complete, students, steps_total, in_order);
    std::printf("latency, teacher's step to each student: p50 %.1f ms, p99 %.1f ms, worst %.1f ms (%zu measured; target p99 < 100 ms)\n",
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), latencies.size());
    std::printf("votes: %zu sent, %zu of %zu questions counted every student exactly once\n", votes_sent.load(), counted_right, asked);
    std::printf("drop and rejoin: %zu of %zu rejoined students got the teacher's step at once\n", rejoined_ok, dropping);
    std::printf("hostile clients: %zu made, %zu closed by the server (malformed, oversized, binary, teacher's command, flood)\n",
                bad_made.load(), bad_closed.load());
    std::printf("one student stopped reading for the whole run: the others' latency above is with it connected\n");
    std::printf("server memory: at step 100%s, at step 200%s, peak%s (it grows with the students, not the steps)\n",
                halfway_memory.c_str(), resident.c_str(), memory.c_str());
    std::printf("server CPU: %.2f s over %.1f s of the teacher's steps\n", cpu, seconds);
    teacher.say("end");
    fclose(teacher.in);
    waitpid(teacher.pid, nullptr, 0);
    lws_context_destroy(context);
    lws_context_destroy(slow_context);
    return 0;
}
