#include "print.h"

#include <iostream>

#include "tracing.h"

namespace asyncio {

namespace {
std::ostream* output = &std::cout;
}

std::ostream* set_output(std::ostream* stream) {
    std::ostream* previous = output;
    output = stream;
    return previous;
}

void print(const std::string& text, std::source_location where) {
    if (auto* recorder = tracing::recorder()) {
        // One event per line, as the oracle logs a multi-line print.
        cotrace::Location at = recorder->locate(where);
        size_t start = 0;
        do {
            size_t end = text.find('\n', start);
            recorder->emit({.kind = cotrace::EventKind::print, .where = at,
                            .text = text.substr(start, end == std::string::npos ? end : end - start)});
            start = end == std::string::npos ? end : end + 1;
        } while (start != std::string::npos && start < text.size());
    }
    if (output) *output << text << '\n';
}

}  // namespace asyncio
