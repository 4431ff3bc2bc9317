// What the benchmarks measure besides time.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdio>

namespace measure {

// Resident memory of this process, from /proc: an outside check of what the trace says it uses.
inline size_t resident_bytes() {
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm) return 0;
    unsigned long pages = 0, resident = 0;
    if (std::fscanf(statm, "%lu %lu", &pages, &resident) != 2) resident = 0;
    std::fclose(statm);
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace measure
