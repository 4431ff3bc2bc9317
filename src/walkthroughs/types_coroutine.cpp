// A generator-based coroutine at the end of an await chain, driven by hand (no event loop):
// every yield at the end of the chain percolates up to whoever called send().
// Each "// py N" marks the line of the Python original (python/types_coroutine.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::types_coroutine {

using namespace asyncio;

// @types.coroutine: a generator that can be awaited. Here, a coroutine that yields with yield_().
Coroutine<Value> foo(int x) {                                          // py 6
    Value sent = co_await yield_(x);                                   // py 7
    print("foo was sent " + repr(sent) + ".");                         // py 8
    sent = co_await yield_(x + 1);                                     // py 9
    print("foo was sent " + repr(sent) + ".");                         // py 10
    co_return "generator";                                             // py 11
}

class MyAwaitable {                                                    // py 13
public:
    explicit MyAwaitable(int x) : x(x) {}                              // py 14
    Coroutine<Value> await_() {                                        // py 16
        for (int i = x - 1; i < x + 2; ++i) {                          // py 17
            Value sent = co_await yield_(i);                           // py 18
            print("MyAwaitable was sent " + repr(sent) + ".");         // py 19
        }
        co_return "class";                                             // py 20
    }
    int x;
};

template <typename Callable>
Coroutine<> intermediary(Callable t, int y) {                          // py 22
    Value awaited = co_await t(y);                                     // py 23
    print("Got " + repr(awaited) + " as value from await.");           // py 24
}

template <typename Callable>
void runco(Callable chain_end) {                                       // py 26
    auto c = intermediary(chain_end, 5);                               // py 27
    try {                                                              // py 28
        Value sendval = None;                                          // py 29
        while (true) {                                                 // py 30
            Value result = c.send(sendval);                            // py 31
            print("Got " + str(result) + " from the coroutine.");      // py 32
            sendval = sendval.is_none() ? Value(0) : Value(sendval.as_int() + 1);  // py 33
        }
    } catch (const StopIteration& e) {                                 // py 34
        print("StopIteration exception: " + e.repr());                 // py 35
    }
}

void program() {
    runco(foo);                                                        // py 37
    // A class is a callable that makes an instance: MyAwaitable(y).
    runco([](int y) { return MyAwaitable(y); });                       // py 38
}

}  // namespace walkthroughs::types_coroutine

cotrace::Walkthrough cotrace::types_coroutine_walkthrough() {
    return {"types_coroutine", "types.coroutine and __await__: yields at the end of an await chain",
            "A generator-based coroutine and an awaitable class yield through intermediary to runco().",
            "runco() drives intermediary() by hand. intermediary awaits whatever it is given: first foo, a "
            "generator-based coroutine, then a MyAwaitable, whose __await__ yields three times. Watch each "
            "yield at the end of the chain pass up through intermediary's await, untouched, to the send() "
            "in runco; and each value runco sends come back down to the yield that paused.",
            "src/walkthroughs/types_coroutine.cpp", "src/walkthroughs/python/types_coroutine.py",
            walkthroughs::types_coroutine::program};
}
