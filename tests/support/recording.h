// Test helper: run a program under a recorder and look at its step log or trace.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "runtime/print.h"
#include "runtime/task.h"
#include "trace/recorder.h"
#include "trace/views.h"

namespace testing_support {

inline cotrace::Trace record_program(const std::function<void()>& program) {
    cotrace::Recorder recorder(cotrace::TraceMeta{"test", "", "", "virtual"});
    {
        cotrace::RecordingScope scope(recorder);
        auto* previous = asyncio::set_output(nullptr);
        asyncio::Task::reset_name_counter();
        recorder.emit({.kind = cotrace::EventKind::program_start});
        program();
        recorder.emit({.kind = cotrace::EventKind::program_end});
        asyncio::set_output(previous);
    }
    return recorder.finish();
}

inline std::vector<std::string> log_of(const std::function<void()>& program) {
    return cotrace::step_log(record_program(program));
}

}  // namespace testing_support
