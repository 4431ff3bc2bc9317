// Files read and written through libuv's thread pool (uv_fs_*), awaited the asyncio way: each operation
// is an IoFuture that libuv's callback completes. Python has no async file API in asyncio itself; the
// closest is loop.run_in_executor(None, f.read, n), which is what libuv's thread pool does.
#pragma once

#include <uv.h>

#include <memory>
#include <string>

#include "coroutine.h"

namespace asyncio {

class EventLoop;

class File {
public:
    // Like Python's open(path, mode) with mode "r" (read), "w" (truncate and write) or "a" (append).
    // A missing file raises FileNotFoundError, with libuv's error name.
    static Coroutine<std::shared_ptr<File>> open(std::string path, std::string mode = "r");

    // Up to `size` bytes from where the last read stopped; "" at the end of the file.
    Coroutine<std::string> read(size_t size);
    // All of `data`, at the end of what was written so far. Returns how many bytes.
    Coroutine<size_t> write(std::string data);
    Coroutine<> close();

    File(EventLoop& loop, uv_file fd, std::string path);
    ~File();  // a file still open is closed at once, synchronously
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    const std::string& path() const { return path_; }
    bool closed() const { return fd_ < 0; }

private:
    EventLoop* loop_;
    uv_file fd_;
    std::string path_;
    std::int64_t offset_ = 0;
};

}  // namespace asyncio
