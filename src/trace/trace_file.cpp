// Getting a trace's bytes from the file system. Only a regular file is mapped into memory; anything else
// (a FIFO, a device, a socket) is refused at once rather than blocking, and "-" reads standard input as a
// stream. Every failure says what the OS said.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "trace_json.h"
#include "file_types.h"

namespace cotrace {

const char* describe_file_type(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

namespace {

std::string os_reason(int error) { return std::strerror(error); }

// Everything a descriptor gives until end of file (standard input, or a /proc file whose size says 0).
std::string read_to_end(int fd, const std::string& name) {
    std::string bytes;
    char buffer[1 << 16];
    for (;;) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) return bytes;
        if (got < 0) {
            if (errno == EINTR) continue;
            throw TraceError(name, "", "cannot read it: " + os_reason(errno));
        }
        bytes.append(buffer, static_cast<size_t>(got));
    }
}

// The file's bytes, mapped into memory rather than copied: a trace of ten million events is a gigabyte of JSON.
class MappedFile {
public:
    MappedFile(int fd, size_t size, const std::string& path) : size_(size) {
        void* at = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (at == MAP_FAILED) throw TraceError(path, "", "cannot map it into memory: " + os_reason(errno));
        data_ = static_cast<const char*>(at);
        ::madvise(const_cast<char*>(data_), size_, MADV_SEQUENTIAL);
    }
    ~MappedFile() { ::munmap(const_cast<char*>(data_), size_); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    size_t size_ = 0;
};

// Closes a descriptor however the scope ends.
struct Descriptor {
    int fd;
    ~Descriptor() { ::close(fd); }
};

}  // namespace

Trace load_trace(const std::string& path) {
    if (path == "-") return from_bytes(read_to_end(STDIN_FILENO, "standard input"), "standard input");
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
    Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
    if (file.fd < 0) throw TraceError(path, "", "cannot open it: " + os_reason(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) throw TraceError(path, "", "cannot read its status: " + os_reason(errno));
    if (!S_ISREG(info.st_mode)) {
        std::string problem = std::string("is ") + describe_file_type(info.st_mode) + ", not a trace file";
        if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode) || S_ISSOCK(info.st_mode))
            problem += " (to read a trace from a pipe, give - and send it to standard input)";
        throw TraceError(path, "", problem);
    }
    if (info.st_size == 0) {
        // Some files say they are empty and are not (those in /proc): read them as a stream.
        int flags = ::fcntl(file.fd, F_GETFL);
        if (flags >= 0) ::fcntl(file.fd, F_SETFL, flags & ~O_NONBLOCK);
        return from_bytes(read_to_end(file.fd, path), path);
    }
    MappedFile mapped(file.fd, static_cast<size_t>(info.st_size), path);
    return from_bytes(mapped.bytes(), path);
}

}  // namespace cotrace
