// I/O errors as Python names them: OSError and its subclasses, carrying libuv's error name and message
// ("[ENOENT] no such file or directory: notes.txt").
#pragma once

#include <string>

#include "exceptions.h"

namespace asyncio {

class OSError : public Exception {
public:
    OSError(int uv_code, const std::string& context);
    const char* type_name() const override { return "OSError"; }
    int code;                // libuv's (negative) error code
    std::string error_name;  // "ENOENT", "ECONNREFUSED", ...
};

#define ASYNCIO_OS_ERROR(Name)                                       \
    class Name : public OSError {                                    \
    public:                                                          \
        using OSError::OSError;                                      \
        const char* type_name() const override { return #Name; }    \
    }
ASYNCIO_OS_ERROR(FileNotFoundError);
ASYNCIO_OS_ERROR(ConnectionRefusedError);
ASYNCIO_OS_ERROR(ConnectionResetError);
ASYNCIO_OS_ERROR(BrokenPipeError);
#undef ASYNCIO_OS_ERROR

// asyncio.IncompleteReadError: the peer closed before read_exactly() had its bytes.
class IncompleteReadError : public Exception {
public:
    IncompleteReadError(std::string partial, size_t expected);
    const char* type_name() const override { return "IncompleteReadError"; }
    std::string partial;
    size_t expected;
};

// The exception Python would raise for a libuv error code.
std::exception_ptr os_error(int uv_code, const std::string& context);

}  // namespace asyncio
