// A plain generator: yield pauses, outputs a value, and receives what send() passes in.
// Each "// py N" marks the line of the Python original (python/generator_send.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::generator_send {

using namespace asyncio;

Generator<> gen() {                                                    // py 2
    Value received = co_yield 1;                                       // py 3
    print("gen received: " + str(received));                           // py 4
    received = co_yield 2;                                             // py 5
    print("gen received again: " + str(received));                     // py 6
}

void program() {
    auto g = gen();                                                    // py 8
    print("next(g) = " + str(next(g)));                                // py 9
    print("g.send(9) = " + str(g.send(9)));                            // py 10
    try {                                                              // py 11
        g.send(99);                                                    // py 12
    } catch (const StopIteration&) {                                   // py 13
        print("Generator has completed.");                             // py 14
    }
}

}  // namespace walkthroughs::generator_send

cotrace::Walkthrough cotrace::generator_send_walkthrough() {
    return {"generator_send", "A plain generator: yield and send()",
            "A generator: next() and send() resume it, yield pauses it and hands a value out.",
            "Before coroutines there were generators, and coroutines are built on the same machinery. "
            "next(g) runs gen() to its first yield and comes back with 1. g.send(9) resumes it: the yield "
            "evaluates to 9 inside gen, which prints it and pauses at the next yield with 2. g.send(99) "
            "resumes it again; gen reaches its end, and send() ends in StopIteration.",
            "src/walkthroughs/generator_send.cpp", "src/walkthroughs/python/generator_send.py",
            walkthroughs::generator_send::program};
}
