// The suspension ledger: for each await in the program, how many times it really suspended to the loop
// and how many times it ran straight through. The seed's "awaiting a coroutine does not cede control",
// counted. A pure function of a trace.
#pragma once

#include <string>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "trace/trace.h"

namespace cotrace::analysis {

struct AwaitCount {
    std::uint32_t suspended = 0;  // awaits that gave control back to the loop at least once
    std::uint32_t through = 0;    // awaits that finished without leaving the step
};

// The margin's words for an await: "suspended 2 of 3 times", or "straight through 1 of 1 time".
std::string ledger_text(const AwaitCount& count);

class SuspensionLedger {
public:
    explicit SuspensionLedger(const Trace& trace);
    // The counts at one await (file, line) of awaits finished in the first `position` events.
    AwaitCount at(std::int32_t file, std::int32_t line, size_t position) const;
    // Every await line of a file that the trace passes through.
    std::vector<std::int32_t> lines(std::int32_t file) const;

private:
    // For each await site, the positions where its awaits finished, in order, each with how many of the
    // awaits finished so far suspended (so that a count at any position is one binary search).
    struct Finished {
        std::uint32_t position;
        std::uint32_t suspended_so_far;
    };
    std::map<std::pair<std::int32_t, std::int32_t>, std::vector<Finished>> finished_;
};

}  // namespace cotrace::analysis
