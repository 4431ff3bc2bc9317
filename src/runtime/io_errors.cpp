#include "io_errors.h"

#include <uv.h>

namespace asyncio {

OSError::OSError(int uv_code, const std::string& context)
    : Exception("[" + std::string(uv_err_name(uv_code)) + "] " + uv_strerror(uv_code) +
                (context.empty() ? "" : ": " + context)),
      code(uv_code),
      error_name(uv_err_name(uv_code)) {}

IncompleteReadError::IncompleteReadError(std::string partial_bytes, size_t expected_bytes)
    : Exception(std::to_string(partial_bytes.size()) + " bytes read on a total of " + std::to_string(expected_bytes) +
                " expected bytes"),
      partial(std::move(partial_bytes)),
      expected(expected_bytes) {}

std::exception_ptr os_error(int uv_code, const std::string& context) {
    switch (uv_code) {
        case UV_ENOENT: return std::make_exception_ptr(FileNotFoundError(uv_code, context));
        case UV_ECONNREFUSED: return std::make_exception_ptr(ConnectionRefusedError(uv_code, context));
        case UV_ECONNRESET: return std::make_exception_ptr(ConnectionResetError(uv_code, context));
        case UV_EPIPE: return std::make_exception_ptr(BrokenPipeError(uv_code, context));
        default: return std::make_exception_ptr(OSError(uv_code, context));
    }
}

}  // namespace asyncio
