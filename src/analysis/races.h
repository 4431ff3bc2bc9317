// Races between tasks over shared data, found in what the program's own code read and wrote (the trace's
// `read` and `write` events) and in which task held control when it did. A pure function of a trace.
//
// A lost update: a task reads shared data, suspends, another task writes it meanwhile, and the first
// then writes it from its stale read (without reading it again). A stale check: a task tests shared data,
// suspends, another task changes it meanwhile, and the first then acts on its test (writes it, having
// read it again). Neither can happen without a suspension between the read and the write, nor while a
// Lock held across the suspension keeps the other task out: the interleaving itself is the evidence.
#pragma once

#include <string>
#include <vector>

#include "trace/trace.h"
#include "why.h"

namespace cotrace::analysis {

// One read or write, with the task that made it.
struct Access {
    size_t event = 0;       // its index in the trace
    ObjectId task = 0;      // the task whose step was running (0: none, the program's top level)
    bool write = false, test = false;  // test: read on a line that branches on it (an if, a while)
    std::string target;     // "counter", "Account#1.balance", "dict#2['apples']"
    std::string value;      // what was read, or written
    std::uint32_t object = 0;  // the object whose attribute or item it is (its number), 0 for a global
    int round = 0;          // how many times its task had suspended before it
};
std::vector<Access> accesses(const Trace& trace);

struct Race {
    enum class Kind { lost_update, stale_check };
    Kind kind = Kind::lost_update;
    Access read, other_write, write;  // the first task's read, another task's write meanwhile, the first's write
};
std::vector<Race> races(const Trace& trace);

// The target as the program names it at that step: a global by its name; an attribute or item of object
// #N by a variable that holds it then ("account.balance"), else by its type and number.
std::string target_name(const Trace& trace, const Access& access);
// Where a frame of the program's resumes after its await (the event at `step`), what its task read before
// it waited that others changed meanwhile: "It read counter as 0 before it waited, but counter is now 1."
// "" when nothing it read changed (or the step is not such a resume). `state`: the state after `step`.
std::string resume_note(const Trace& trace, const State& state, size_t step);

// "counter was read as 0 at step 40 by Task-3 bump('B'); Task-2 bump('A') wrote 1 at step 61 while it
// waited; Task-3 bump('B') wrote 1 at step 75 from its old read: one update lost."
std::string race_text(const Trace& trace, const Race& race);
// The same race as a chain of steps to go to, in order: the read (or test), the suspension after it, the
// other task's write, the stale write.
std::vector<WhyLink> race_links(const Trace& trace, const Race& race);

}  // namespace cotrace::analysis
