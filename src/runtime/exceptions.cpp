#include "exceptions.h"

namespace asyncio {

std::string BaseException::repr() const {
    std::string out = type_name();
    out += "(";
    if (!message_.empty()) out += string_repr(message_);
    return out + ")";
}

std::string exception_type_name(const std::exception_ptr& exception) {
    try {
        std::rethrow_exception(exception);
    } catch (const StopIteration&) {
        return "StopIteration";
    } catch (const BaseException& e) {
        return e.type_name();
    } catch (...) {
        return "RuntimeError";
    }
}

std::string exception_repr(const std::exception_ptr& exception) {
    try {
        std::rethrow_exception(exception);
    } catch (const BaseException& e) {
        return e.repr();
    } catch (const std::exception& e) {
        return "RuntimeError(" + string_repr(e.what()) + ")";
    } catch (...) {
        return "RuntimeError()";
    }
}

bool is_cancelled_error(const std::exception_ptr& exception) {
    if (!exception) return false;
    try {
        std::rethrow_exception(exception);
    } catch (const CancelledError&) {
        return true;
    } catch (...) {
        return false;
    }
}

std::string repr(const std::exception& e) {
    if (const auto* python = dynamic_cast<const BaseException*>(&e)) return python->repr();
    return exception_repr(std::make_exception_ptr(std::runtime_error(e.what())));
}

std::string str(const std::exception& e) {
    if (const auto* python = dynamic_cast<const BaseException*>(&e)) return python->str();
    return e.what();
}

std::string repr(const std::exception_ptr& e) { return exception_repr(e); }

std::string str(const std::exception_ptr& e) {
    try {
        if (e) std::rethrow_exception(e);
    } catch (const std::exception& error) {
        return str(error);
    } catch (...) {
    }
    return "";
}

}  // namespace asyncio
