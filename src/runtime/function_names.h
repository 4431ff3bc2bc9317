// The name Python would give a callable: `add_done_callback(inner)` is named "inner", as Python takes
// f.__name__; a lambda is "<lambda>". C++ has no reflection, so a function's name is read from the
// program's symbol table (and cached).
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <typeinfo>

namespace asyncio {

// The bare name of the function at `address` ("inner"), or "" when the symbol table does not say.
std::string function_name(const void* address);
// The bare name of a class, from its typeid: "<lambda>" for a lambda's closure.
std::string callable_type_name(const std::type_info& type);

template <typename F>
std::string callable_name(const F& callable) {
    using T = std::decay_t<F>;
    if constexpr (std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>) {
        T pointer = callable;  // a function, or a pointer to one
        std::string name = function_name(reinterpret_cast<const void*>(pointer));
        return name.empty() ? "callback" : name;
    } else {
        return callable_type_name(typeid(T));
    }
}

}  // namespace asyncio
