#include "print.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "event_loop.h"
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

void print_text(const std::string& text, const std::string& end, std::source_location where) {
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
    if (output) *output << text << end;
}

std::string format_g(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string format_fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void blocking_sleep(double seconds, std::source_location where) {
    if (EventLoop* loop = running_loop()) loop->blocking_sleep(seconds, where);
    else std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

}  // namespace asyncio
