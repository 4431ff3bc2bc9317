#include "format_upgrade.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace cotrace {

namespace {

bool runtime_file(const SourceFile& file) { return file.path.starts_with("src/runtime/"); }
bool asyncio_file(const SourceFile& file) { return file.path.find("/asyncio/") != std::string::npos; }

}  // namespace

void upgrade_from_version_1(Trace& trace) {
    bool runtime = trace.python.cpp_file >= 0 || std::any_of(trace.files.begin(), trace.files.end(), runtime_file);
    trace.meta.recorder = runtime ? "runtime" : "cpython";

    std::unordered_map<std::string, std::vector<ObjectId>> tasks;  // name -> the tasks so named, oldest first
    for (ObjectId id = 1; id <= trace.objects.size(); ++id) {
        TraceObject object = trace.object(id);
        if (object.kind == ObjectKind::task) tasks[std::string(object.name)].push_back(id);
    }
    ObjectList upgraded;
    upgraded.reserve(trace.objects.size());
    for (ObjectId id = 1; id <= trace.objects.size(); ++id) {
        TraceObject object = trace.object(id);
        if (object.kind == ObjectKind::handle || object.kind == ObjectKind::timer) {
            std::string_view name = object.name;
            for (auto [suffix, role] : {std::pair{std::string_view(".step"), ObjectRole::task_step},
                                        std::pair{std::string_view(".wakeup"), ObjectRole::task_wakeup}}) {
                if (!name.ends_with(suffix)) continue;
                auto named = tasks.find(std::string(name.substr(0, name.size() - suffix.size())));
                if (named == tasks.end()) continue;
                // The newest task of that name made before the handle.
                auto task = std::lower_bound(named->second.begin(), named->second.end(), id);
                if (task == named->second.begin()) continue;
                object.owner = *std::prev(task);
                object.role = role;
            }
        } else if (object.kind == ObjectKind::frame) {
            if (object.owner && trace.has_object(object.owner) && matches(EventShape::future_like, trace.kind(object.owner)))
                object.role = ObjectRole::future_await;
            else if (object.where.valid() && static_cast<size_t>(object.where.file) < trace.files.size() &&
                     (runtime ? runtime_file : asyncio_file)(trace.files[static_cast<size_t>(object.where.file)]))
                object.role = ObjectRole::asyncio;
        }
        upgraded.push_back(object);
    }
    trace.objects = std::move(upgraded);
}

}  // namespace cotrace
