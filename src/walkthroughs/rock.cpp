// The Rock walkthrough: a custom awaitable, driven by hand with send(), no event loop.
// Each "// py N" marks the line of the Python original (python/rock.py) that this line mirrors.
#include "runtime/asyncio.h"
#include "walkthroughs/registry.h"

namespace walkthroughs::rock {

using namespace asyncio;

class Rock {                                                                  // py 2
public:
    Coroutine<Value> await_() {                                               // py 3
        Value value_sent_in = co_await yield_(7);                             // py 4
        print("Rock.__await__ resuming with value: " + str(value_sent_in) + ".");  // py 5
        co_return value_sent_in;                                              // py 6
    }
};

Coroutine<int> main() {                                                       // py 8
    print("Beginning coroutine main().");                                     // py 9
    Rock rock;                                                                // py 10
    print("Awaiting rock...");                                                // py 11
    Value value_from_rock = co_await rock;                                    // py 12
    print("Coroutine received value: " + str(value_from_rock) + " from rock.");  // py 13
    co_return 23;                                                             // py 14
}

void program() {
    auto coroutine = main();                                                  // py 16
    Value intermediate_result = coroutine.send(None);                         // py 17
    print("Coroutine paused and returned intermediate value: " + str(intermediate_result) + ".");  // py 18

    print("Resuming coroutine and sending in value: 42.");                    // py 20
    Value returned_value;
    try {                                                                     // py 21
        coroutine.send(42);                                                   // py 22
    } catch (const StopIteration& e) {                                        // py 23
        returned_value = e.value;                                             // py 24
    }
    print("Coroutine main() finished and provided value: " + str(returned_value) + ".");  // py 25
}

}  // namespace walkthroughs::rock

cotrace::Walkthrough cotrace::rock_walkthrough() {
    return {"rock", "The Rock: a custom awaitable driven by hand",
            "A custom awaitable driven by hand with send(): no loop, just yield and StopIteration.",
            "No event loop here: the program drives the coroutine main() by hand. Watch send(None) run main "
            "until Rock.__await__ yields 7; that 7 passes up through main's await and comes out of send() in "
            "the program. send(42) resumes the chain where it stopped: __await__ returns 42 to main, main "
            "returns 23, and send() ends in StopIteration(23).",
            "src/walkthroughs/rock.cpp", "src/walkthroughs/python/rock.py", walkthroughs::rock::program};
}
