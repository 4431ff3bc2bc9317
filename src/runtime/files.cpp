#include "files.h"

#include <fcntl.h>

#include "event_loop.h"
#include "exceptions.h"
#include "io_errors.h"
#include "io_future.h"

namespace asyncio {

namespace {

// One uv_fs request: lives until libuv calls back (even when cancelled, with UV_ECANCELED).
struct FsRequest {
    uv_fs_t request{};
    std::shared_ptr<IoFuture> future;
    std::string context;  // the path, for error messages
    std::string buffer;   // what is read into or written from
    uv_buf_t uv_buffer{};
};

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// Starts a request whose callback completes the future; a request libuv refuses fails it at once.
template <typename Start>
std::shared_ptr<IoFuture> start(EventLoop& loop, std::string description, std::string context, std::string buffer,
                                uv_fs_cb on_done, Start&& start_request) {
    auto future = std::make_shared<IoFuture>(loop, std::move(description));
    auto* request = new FsRequest{{}, future, std::move(context), std::move(buffer), {}};
    request->request.data = request;
    request->uv_buffer = uv_buf_init(request->buffer.data(), static_cast<unsigned>(request->buffer.size()));
    int status = start_request(&request->request, &request->uv_buffer, on_done);
    if (status < 0) {
        future->fail(status, request->context);
        delete request;
        return future;
    }
    uv_fs_t* pending = &request->request;
    future->on_cancel = [pending] { uv_cancel(reinterpret_cast<uv_req_t*>(pending)); };
    return future;
}

// Every uv_fs callback ends the same way: complete or fail the future, free the request.
void finish(uv_fs_t* uv_request, Value result, const std::string& outcome) {
    auto* request = static_cast<FsRequest*>(uv_request->data);
    if (uv_request->result < 0) request->future->fail(static_cast<int>(uv_request->result), request->context);
    else request->future->complete(std::move(result), outcome);
    uv_fs_req_cleanup(uv_request);
    delete request;
}

int open_flags(const std::string& mode) {
    if (mode == "r") return O_RDONLY;
    if (mode == "w") return O_WRONLY | O_CREAT | O_TRUNC;
    if (mode == "a") return O_WRONLY | O_CREAT | O_APPEND;
    throw ValueError("invalid mode: '" + mode + "' (use \"r\", \"w\" or \"a\")");
}

}  // namespace

File::File(EventLoop& loop, uv_file fd, std::string path) : loop_(&loop), fd_(fd), path_(std::move(path)) {}

File::~File() {
    if (fd_ < 0) return;
    uv_fs_t request;
    uv_fs_close(nullptr, &request, fd_, nullptr);  // no callback: synchronous
    uv_fs_req_cleanup(&request);
}

Coroutine<std::shared_ptr<File>> File::open(std::string path, std::string mode) {
    EventLoop& loop = get_running_loop();
    int flags = open_flags(mode);
    auto future = start(loop, "open of " + base_name(path) + " (\"" + mode + "\")", path, {},
                        [](uv_fs_t* r) { finish(r, Value(static_cast<long long>(r->result)), "opened"); },
                        [&](uv_fs_t* r, uv_buf_t*, uv_fs_cb cb) {
                            return uv_fs_open(loop.uv_loop(), r, path.c_str(), flags, 0644, cb);
                        });
    Value fd = co_await future;
    co_return std::make_shared<File>(loop, static_cast<uv_file>(fd.as_int()), path);
}

Coroutine<std::string> File::read(size_t size) {
    if (fd_ < 0) throw ValueError("I/O operation on closed file: " + path_);
    std::int64_t at = offset_;
    uv_file fd = fd_;
    auto future = start(*loop_, "read of " + base_name(path_) + ", " + std::to_string(size) + " bytes", path_,
                        std::string(size, '\0'),
                        [](uv_fs_t* r) {
                            auto* request = static_cast<FsRequest*>(r->data);
                            if (r->result >= 0) request->buffer.resize(static_cast<size_t>(r->result));
                            finish(r, Value(request->buffer), std::to_string(r->result < 0 ? 0 : r->result) + " bytes");
                        },
                        [&](uv_fs_t* r, uv_buf_t* buffer, uv_fs_cb cb) {
                            return uv_fs_read(loop_->uv_loop(), r, fd, buffer, 1, at, cb);
                        });
    Value chunk = co_await future;
    offset_ += static_cast<std::int64_t>(chunk.as_string().size());
    co_return chunk.as_string();
}

Coroutine<size_t> File::write(std::string data) {
    if (fd_ < 0) throw ValueError("I/O operation on closed file: " + path_);
    std::int64_t at = offset_;
    uv_file fd = fd_;
    size_t size = data.size();
    auto future = start(*loop_, "write to " + base_name(path_) + ", " + std::to_string(size) + " bytes", path_,
                        std::move(data),
                        [](uv_fs_t* r) {
                            finish(r, Value(static_cast<long long>(r->result)), std::to_string(r->result) + " bytes");
                        },
                        [&](uv_fs_t* r, uv_buf_t* buffer, uv_fs_cb cb) {
                            return uv_fs_write(loop_->uv_loop(), r, fd, buffer, 1, at, cb);
                        });
    Value written = co_await future;
    offset_ += written.as_int();
    co_return static_cast<size_t>(written.as_int());
}

Coroutine<> File::close() {
    if (fd_ < 0) co_return;
    uv_file fd = std::exchange(fd_, -1);
    auto future = start(*loop_, "close of " + base_name(path_), path_, {},
                        [](uv_fs_t* r) { finish(r, None, "closed"); },
                        [&](uv_fs_t* r, uv_buf_t*, uv_fs_cb cb) { return uv_fs_close(loop_->uv_loop(), r, fd, cb); });
    co_await future;
}

}  // namespace asyncio
