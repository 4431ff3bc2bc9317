// Python's exceptions, as C++ exceptions. Each knows its Python type name, because the step log
// and the trace name exceptions the way Python does ("CancelledError", "RuntimeError").
#pragma once

#include <exception>
#include <string>

#include "value.h"

namespace asyncio {

class BaseException : public std::exception {
public:
    explicit BaseException(std::string message = {}) : message_(std::move(message)) {}
    virtual const char* type_name() const { return "BaseException"; }
    const char* what() const noexcept override { return message_.c_str(); }
    const std::string& message() const { return message_; }
    // repr(exc), e.g. "RuntimeError('boom')" or "CancelledError()".
    virtual std::string repr() const;
    // str(exc): the message, as Python prints an exception.
    virtual std::string str() const { return message_; }

private:
    std::string message_;
};

#define ASYNCIO_EXCEPTION(Name, Base)                                  \
    class Name : public Base {                                         \
    public:                                                            \
        using Base::Base;                                              \
        const char* type_name() const override { return #Name; }      \
    }

ASYNCIO_EXCEPTION(Exception, BaseException);
ASYNCIO_EXCEPTION(GeneratorExit, BaseException);
// asyncio.CancelledError derives from BaseException since Python 3.8.
ASYNCIO_EXCEPTION(CancelledError, BaseException);
ASYNCIO_EXCEPTION(RuntimeError, Exception);
ASYNCIO_EXCEPTION(TypeError, Exception);
ASYNCIO_EXCEPTION(ValueError, Exception);
ASYNCIO_EXCEPTION(InvalidStateError, Exception);
ASYNCIO_EXCEPTION(ZeroDivisionError, Exception);
ASYNCIO_EXCEPTION(OverflowError, Exception);

// StopIteration carries a coroutine's return value, exactly as in Python.
class StopIteration : public Exception {
public:
    explicit StopIteration(Value value = None) : value(std::move(value)) {}
    const char* type_name() const override { return "StopIteration"; }
    std::string repr() const override { return value.is_none() ? "StopIteration()" : "StopIteration(" + value.repr() + ")"; }
    std::string str() const override { return value.is_none() ? "" : value.str(); }
    Value value;
};

#undef ASYNCIO_EXCEPTION

// The Python type name of any exception in flight ("RuntimeError" for a foreign C++ exception).
std::string exception_type_name(const std::exception_ptr& exception);
// repr() of any exception in flight.
std::string exception_repr(const std::exception_ptr& exception);
bool is_cancelled_error(const std::exception_ptr& exception);

// repr(e) and str(e) as Python has them, in a catch block (`catch (const Exception& e) { print(repr(e)); }`)
// or on an exception kept in an exception_ptr. A C++ exception that is not one of these reads as a
// RuntimeError, as exception_repr() names it.
inline std::string repr(const BaseException& e) { return e.repr(); }
inline std::string str(const BaseException& e) { return e.str(); }
std::string repr(const std::exception& e);
std::string str(const std::exception& e);
std::string repr(const std::exception_ptr& e);
std::string str(const std::exception_ptr& e);

}  // namespace asyncio
