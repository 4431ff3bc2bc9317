// Calling an async function runs nothing: it returns a coroutine object. send(None) runs it, and its
// return value arrives as StopIteration.value.
// Each "// py N" marks the line of the Python original (python/coroutine_object.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::coroutine_object {

using namespace asyncio;

Coroutine<int> f() {                                                   // py 3
    print("f is running.");                                            // py 4
    co_return 123;                                                     // py 5
}

void program() {
    auto coro = f();                                                   // py 7
    print("f() returned a coroutine object; f has not run yet.");      // py 8
    try {                                                              // py 9
        coro.send(None);                                               // py 10
    } catch (const StopIteration& e) {                                 // py 11
        print("The answer was: " + str(e.value));                      // py 12
    }
}

}  // namespace walkthroughs::coroutine_object

cotrace::Walkthrough cotrace::coroutine_object_walkthrough() {
    return {"coroutine_object", "Calling an async function makes a coroutine object",
            "Calling f() runs nothing; send(None) runs it, and its return value rides out on StopIteration.",
            "An async function is a function, but calling it does not run its body: it makes a coroutine "
            "object, and the program prints before f has printed anything. Only send(None) starts f, which "
            "runs to its return. A return inside a coroutine reaches whoever called send() as a "
            "StopIteration exception carrying the value: 123.",
            "src/walkthroughs/coroutine_object.cpp", "src/walkthroughs/python/coroutine_object.py",
            walkthroughs::coroutine_object::program};
}
