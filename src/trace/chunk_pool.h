// Memory for ChunkedVector's chunks, kept for the next trace when a trace is destroyed. A recording
// spends most of its time writing to memory it has never touched (on these virtual machines the first
// touch of a page costs about 10 µs, 2 to 3 ns a byte); a process that records or loads again (the
// window, the tests, the benchmarks) reuses what the last trace gave back instead. At most 64 MiB is kept.
#pragma once

#include <cstddef>

namespace cotrace::chunk_pool {

void* take(std::size_t bytes);
void give(void* chunk, std::size_t bytes) noexcept;

}  // namespace cotrace::chunk_pool
