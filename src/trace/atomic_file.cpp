#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

namespace cotrace {

FileError::FileError(std::string path_, std::string problem_)
    : std::runtime_error(path_ + ": " + problem_), path(std::move(path_)), problem(std::move(problem_)) {}

namespace {

std::string os_reason(int error) { return std::strerror(error); }

std::string directory_of(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_name_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Saving to a symlink replaces the file it points to (through any chain of links), not the link.
std::string final_target(const std::string& path) {
    std::string at = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat info {};
        if (::lstat(at.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return at;
        std::vector<char> target(static_cast<size_t>(info.st_size > 0 ? info.st_size : 255) + 1);
        ssize_t length = ::readlink(at.c_str(), target.data(), target.size());
        if (length < 0) throw FileError(path, "cannot read the symbolic link " + at + ": " + os_reason(errno));
        std::string next(target.data(), static_cast<size_t>(length));
        at = next.starts_with('/') ? next : directory_of(at) + "/" + next;
    }
    throw FileError(path, "cannot follow it: " + os_reason(ELOOP));
}

// The mode a new file gets: what the umask allows of rw-rw-rw-.
mode_t new_file_mode() {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// An ostream's buffer that writes to a descriptor and remembers the first error.
class DescriptorBuffer : public std::streambuf {
public:
    explicit DescriptorBuffer(int fd) : fd_(fd), buffer_(1 << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
    int error() const { return error_; }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain() {
        const char* at = pbase();
        while (at < pptr() && !error_) {
            ssize_t wrote = ::write(fd_, at, static_cast<size_t>(pptr() - at));
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote <= 0) error_ = wrote < 0 ? errno : ENOSPC;
            else at += wrote;
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return !error_;
    }

    int fd_;
    int error_ = 0;
    std::vector<char> buffer_;
};

// The temporary file: removed unless it was renamed into place.
class TemporaryFile {
public:
    TemporaryFile(const std::string& target, const std::string& path) {
        std::string pattern = directory_of(target) + "/." + base_name_of(target) + ".XXXXXX";
        name_.assign(pattern.begin(), pattern.end());
        name_.push_back('\0');
        // mkostemp creates with O_CREAT | O_EXCL and a random name: it never opens a file that exists,
        // nor follows a symlink planted at that name.
        fd_ = ::mkostemp(name_.data(), O_CLOEXEC);
        if (fd_ < 0)
            throw FileError(path, "cannot create a temporary file in " + directory_of(target) + ": " + os_reason(errno));
    }
    ~TemporaryFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!renamed_) ::unlink(name_.data());
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    int fd() const { return fd_; }
    std::string name() const { return name_.data(); }
    // Closes it; returns 0 or the OS's error.
    int close() {
        int result = ::close(fd_);
        fd_ = -1;
        return result == 0 ? 0 : errno;
    }
    void renamed() { renamed_ = true; }

private:
    std::vector<char> name_;
    int fd_ = -1;
    bool renamed_ = false;
};

void sync_directory(const std::string& directory, const std::string& path) {
    int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw FileError(path, "saved, but cannot open its directory to sync it: " + os_reason(errno));
    int result = ::fsync(fd);
    int error = errno;
    ::close(fd);
    // Some file systems cannot sync a directory (EINVAL); the rename has happened either way.
    if (result != 0 && error != EINVAL) throw FileError(path, "saved, but syncing its directory failed: " + os_reason(error));
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
    write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty()) throw FileError(path, "no file name given");
    std::string target = final_target(path);
    struct stat old {};
    bool replacing = ::stat(target.c_str(), &old) == 0;
    if (replacing && S_ISDIR(old.st_mode)) throw FileError(path, "is a directory");
    if (replacing && !S_ISREG(old.st_mode)) throw FileError(path, "is not a regular file, so it is not replaced");

    TemporaryFile temporary(target, path);
    auto failed = [&](const std::string& what, int error) {
        return FileError(path, what + " " + temporary.name() + ": " + os_reason(error));
    };
    // The replaced file's mode (and owner, where we may set it); a new file gets the umask's.
    if (::fchmod(temporary.fd(), replacing ? old.st_mode & 07777 : new_file_mode()) != 0)
        throw failed("cannot set the mode of", errno);
    if (replacing && (old.st_uid != ::geteuid() || old.st_gid != ::getegid())) {
        // Only root may give a file away: for anyone else the new file is theirs, with the old mode.
        if (::fchown(temporary.fd(), old.st_uid, old.st_gid) != 0) errno = 0;
    }

    DescriptorBuffer buffer(temporary.fd());
    std::ostream out(&buffer);
    write(out);
    out.flush();
    if (buffer.error()) throw failed("cannot write", buffer.error());
    if (::fsync(temporary.fd()) != 0) throw failed("cannot sync", errno);
    if (int error = temporary.close()) throw failed("cannot close", error);
    if (::rename(temporary.name().c_str(), target.c_str()) != 0)
        throw FileError(path, "cannot rename " + temporary.name() + " over it: " + os_reason(errno));
    temporary.renamed();
    sync_directory(directory_of(target), path);
}

}  // namespace cotrace
