// A program's file, and the texts a trace embeds. The program is read once, before it runs, and only if it
// is a regular file; it is compiled from its bytes, so CPython decodes it (coding cookie, BOM) and refuses
// what python3 refuses. A module's text is taken when it is imported, so that a file saved in the middle
// of a recording cannot pair its new text with the old run's events. Only the program's own folder,
// asyncio's modules and what --embed names are embedded: anything else is named, never copied.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "python_session.h"
#include "trace/file_types.h"

namespace cotrace::python {

namespace fs = std::filesystem;

namespace {

// A program larger than this is no program a learner wrote: it is refused rather than read whole.
constexpr size_t most_program_bytes = 16 << 20;

// The path as it really is (symbolic links followed), or as given when it cannot be resolved.
std::string resolved(const std::string& path) {
    std::error_code error;
    fs::path real = fs::weakly_canonical(fs::absolute(fs::path(path), error), error);
    return error ? fs::absolute(fs::path(path)).lexically_normal().string() : real.string();
}

bool below(const std::string& path, const std::string& folder) {
    return path == folder || path.starts_with(folder.ends_with("/") ? folder : folder + "/");
}

}  // namespace

std::string read_program_file(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the file is refused below anyway.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw ProgramError(path, "", std::string("cannot read it: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        int error = errno;
        ::close(fd);
        throw ProgramError(path, "", std::string("cannot read it: ") + std::strerror(error));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        throw ProgramError(path, "", std::string("not a Python program: it is ") + describe_file_type(info.st_mode) + ", not a regular file");
    }
    if (static_cast<size_t>(info.st_size) > most_program_bytes) {
        ::close(fd);
        throw ProgramError(path, "", "not a Python program cotrace will run: it is " + std::to_string(info.st_size) +
                                         " bytes, and a program may be at most " + std::to_string(most_program_bytes >> 20) + " MB");
    }
    std::string bytes;
    char buffer[65536];
    for (;;) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int error = errno;
            ::close(fd);
            throw ProgramError(path, "", std::string("cannot read it: ") + std::strerror(error));
        }
        if (got == 0) break;
        bytes.append(buffer, static_cast<size_t>(got));
        if (bytes.size() > most_program_bytes) {  // it grew while being read
            ::close(fd);
            throw ProgramError(path, "", "not a Python program cotrace will run: it is over " +
                                             std::to_string(most_program_bytes >> 20) + " MB");
        }
    }
    ::close(fd);
    // CPython 3.11.4 and later refuse a NUL byte anywhere in a source file (3.11.2 would run the text before it).
    if (size_t nul = bytes.find('\0'); nul != std::string::npos) {
        size_t line = 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
        throw ProgramError(path, "line " + std::to_string(line), "SyntaxError: source code cannot contain null bytes");
    }
    return bytes;
}

std::string Session::decoded_source(const std::string& bytes) {
    // importlib's own decoding: the coding cookie or BOM, universal newlines.
    PyObject* util = PyImport_ImportModule("importlib.util");
    PyObject* raw = PyBytes_FromStringAndSize(bytes.data(), static_cast<Py_ssize_t>(bytes.size()));
    PyObject* text = util && raw ? PyObject_CallMethod(util, "decode_source", "O", raw) : nullptr;
    std::string decoded = text ? utf8_of(text) : bytes;
    if (!text) PyErr_Clear();
    Py_XDECREF(text), Py_XDECREF(raw), Py_XDECREF(util);
    return decoded;
}

void Session::embed_folders(const std::string& asyncio_folder) {
    this->asyncio_folder = resolved(asyncio_folder);
    embedded_folders = {resolved(program_directory), this->asyncio_folder};
    for (const auto& more : program.embed) embedded_folders.push_back(resolved(more));
}

bool Session::in_asyncio(const std::string& path) const {
    return !asyncio_folder.empty() && !path.empty() && path.front() != '<' && below(resolved(path), asyncio_folder);
}

bool Session::embeds(const std::string& path) const {
    if (path.empty() || path.front() == '<') return false;
    std::string real = resolved(path);
    // A virtual environment inside the program's folder holds libraries, not the learner's code.
    for (const auto& folder : embedded_folders)
        if (below(real, folder) && real.find("/site-packages/", folder.size()) == std::string::npos) return true;
    return false;
}

void Session::keep_source(const std::string& path, std::string text) {
    if (embeds(path)) sources.try_emplace(path, std::move(text));
}

void Session::keep_source_now(const std::string& path) {
    if (sources.count(path) || !embeds(path)) return;
    try {
        sources.emplace(path, decoded_source(read_program_file(path)));
    } catch (const ProgramError&) {
        sources.emplace(path, std::string());  // gone or unreadable: named, with no text
    }
}

std::optional<std::string> Session::source_of(const std::string& path) const {
    auto it = sources.find(path);
    return it != sources.end() ? it->second : std::string();  // never read from disk at the end of the run
}

void Session::mark_embedded(Trace& trace) const {
    for (auto& file : trace.files) file.embedded = sources.count(file.path) > 0;
}

std::string utf8_of(PyObject* text) {
    Py_ssize_t size = 0;
    if (const char* utf8 = PyUnicode_AsUTF8AndSize(text, &size)) return std::string(utf8, static_cast<size_t>(size));
    // A file name with bytes that are not UTF-8 holds them as surrogates: give the bytes back as they were.
    PyErr_Clear();
    PyObject* bytes = PyUnicode_AsEncodedString(text, "utf-8", "surrogateescape");
    if (!bytes) {
        PyErr_Clear();
        bytes = PyUnicode_AsEncodedString(text, "utf-8", "replace");
    }
    std::string result = bytes ? std::string(PyBytes_AsString(bytes), static_cast<size_t>(PyBytes_Size(bytes))) : "?";
    if (!bytes) PyErr_Clear();
    Py_XDECREF(bytes);
    return result;
}

}  // namespace cotrace::python
