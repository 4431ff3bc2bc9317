// file_chunks: an async generator reads a real file in chunks while another task keeps working.
// Each "// py N" marks the line of the Python original (python/file_chunks.py) that this line mirrors.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::file_chunks {

using namespace asyncio;

AsyncGenerator<std::string> read_chunks(std::string path, size_t size) {  // py 4
    auto f = co_await File::open(path);                                  // py 6
    while (true) {                                                       // py 7
        std::string chunk = co_await f->read(size);  // libuv's thread pool reads it   // py 8
        if (chunk.empty())                                               // py 9
            break;                                                       // py 10
        co_yield chunk;                                                  // py 11
    }
    co_await f->close();
}

Coroutine<long> count_bytes(std::string path) {                          // py 13
    long total = 0;                                                      // py 14
    auto chunks = read_chunks(path, 4096);
    while (auto chunk = co_await chunks.next()) {                        // py 15
        total += static_cast<long>(chunk->size());                       // py 16
        print("read a chunk of " + std::to_string(chunk->size()) + " bytes");  // py 17
    }
    co_return total;                                                     // py 18
}

Coroutine<> other_work() {                                               // py 20
    for (int step = 0; step < 3; ++step) {                               // py 21
        print("other work, step " + std::to_string(step + 1));           // py 22
        co_await asyncio::sleep(0);                                      // py 23
    }
}

Coroutine<> main(std::string path) {                                     // py 25
    auto reader = Task::create(count_bytes(path), "reader");             // py 26
    auto worker = Task::create(other_work(), "worker");                  // py 27
    Value results = co_await gather(reader, worker);                     // py 28
    print(str(results.as_list()[0]) + " bytes in all");                  // py 29
}

void program() {
    char directory_template[] = "/tmp/cotrace-XXXXXX";
    std::string directory = mkdtemp(directory_template);                 // py 31
    std::string path = directory + "/notes.txt";                         // py 32
    std::ofstream(path) << [] {                                          // py 33
        std::string text;
        for (int i = 0; i < 1500; ++i) text += "cotrace ";
        return text;  // 12000 bytes: three chunks of 4096, then 3808
    }();                                                                 // py 34
    EventLoop loop(Clock::real_time);                                    // py 35
    loop.run_until_complete(Task::create(main(path), "main_task", &loop));  // py 36
    std::filesystem::remove(path);                                       // py 37
    std::filesystem::remove(directory);                                  // py 38
}

}  // namespace walkthroughs::file_chunks

cotrace::Walkthrough cotrace::file_chunks_walkthrough() {
    return {"file_chunks", "Reading a real file in chunks with an async generator",
            "An async generator reads a real file through libuv while another task keeps working.",
            "read_chunks is an async generator: each chunk is a real read, done by libuv's thread pool while "
            "the loop goes on. Watch the pending I/O in the event loop panel: while a read is in flight, the "
            "worker task gets its turns; when nothing is ready, the loop blocks in poll until the read "
            "completes. libuv's callback only completes a future; the reader wakes through its done callback "
            "on the next round. Real I/O on the real clock: the interleaving can differ from run to run.",
            "src/walkthroughs/file_chunks.cpp", "src/walkthroughs/python/file_chunks.py",
            walkthroughs::file_chunks::program, true};
}
