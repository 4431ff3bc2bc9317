#include "trace_indexing.h"

namespace cotrace {

namespace {

std::optional<Problem> file_problem(const char* section, size_t i, const Location& where, size_t files) {
    if (!where.valid() || static_cast<size_t>(where.file) < files) return std::nullopt;
    return Problem{std::string("/") + section + "/" + std::to_string(i) + "/where/0",
                   "names unknown file " + std::to_string(where.file)};
}

std::string unknown_object(ObjectId id, size_t objects) {
    return "names unknown object " + std::to_string(id) + " (the trace has " + std::to_string(objects) + " objects)";
}

}  // namespace

// A role that does not fit the object: the window would trust it.
static std::optional<std::string> role_problem(const Trace& trace, const TraceObject& object) {
    auto owner_is = [&](EventShape::Ref ref) {
        return object.owner != 0 && object.owner <= trace.objects.size() && matches(ref, trace.kind(object.owner));
    };
    std::string what = std::string(to_string(object.kind)) + " " + std::to_string(object.id);
    switch (object.role) {
        case ObjectRole::none: return std::nullopt;
        case ObjectRole::future_await:
            if (object.kind != ObjectKind::frame) return what + " has role future_await, which only a frame can have";
            if (object.owner != 0 && !owner_is(EventShape::future_like))
                return "frame " + std::to_string(object.id) + " is a Future.__await__ whose owner is not a future";
            return std::nullopt;
        case ObjectRole::asyncio: case ObjectRole::call:
            if (object.kind != ObjectKind::frame)
                return what + " has role " + std::string(to_string(object.role)) + ", which only a frame can have";
            return std::nullopt;
        case ObjectRole::task_step: case ObjectRole::task_wakeup:
            if (object.kind != ObjectKind::handle && object.kind != ObjectKind::timer)
                return what + " has role " + std::string(to_string(object.role)) + ", which only a handle or timer can have";
            if (!owner_is(EventShape::task))
                return what + " runs a task's " + std::string(to_string(object.role)) + ", but its owner is not a task";
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Problem> object_problems(const Trace& trace, size_t files) {
    size_t objects = trace.objects.size();
    for (size_t i = 0; i < objects; ++i) {
        TraceObject object = trace.objects[i];
        if (object.owner > objects) return Problem{"/objects/" + std::to_string(i) + "/owner", unknown_object(object.owner, objects)};
        if (auto problem = file_problem("objects", i, object.where, files)) return problem;
        if (auto problem = role_problem(trace, object)) return Problem{"/objects/" + std::to_string(i) + "/role", *problem};
    }
    return std::nullopt;
}

std::optional<Problem> event_problem(const Trace& trace, size_t i, const Event& event, size_t files) {
    size_t objects = trace.objects.size();
    EventShape shape = shape_of(event.kind);
    auto check = [&](EventShape::Ref ref, ObjectId id, const char* key) -> std::optional<Problem> {
        bool optional = ref == EventShape::none || ref == EventShape::optional_frame ||
                        ref == EventShape::optional_task || ref == EventShape::optional_future_like;
        if (id == 0 && optional) return std::nullopt;
        ObjectKind object_kind = id && id <= objects ? trace.kind(id) : ObjectKind::task;
        if (id != 0 && id <= objects && (ref == EventShape::none || matches(ref, object_kind))) return std::nullopt;
        std::string at = "/events/" + std::to_string(i) + "/" + key;
        std::string kind(to_string(event.kind));
        if (id == 0) return Problem{at, "event " + std::to_string(i) + " (" + kind + ") needs a " + std::string(describe(ref))};
        if (id > objects) return Problem{at, unknown_object(id, objects)};
        return Problem{at, "event " + std::to_string(i) + " (" + kind + ") names " + std::string(to_string(object_kind)) +
                               " " + std::to_string(id) + ", which is not a " + std::string(describe(ref))};
    };
    if (auto problem = check(shape.subject, event.subject, "subject")) return problem;
    if (auto problem = check(shape.other, event.other, "other")) return problem;
    // A plain function's call has no events of its own: only its lines, reads and writes name it.
    bool names_a_call = (event.subject && trace.role(event.subject) == ObjectRole::call) ||
                        (event.other && trace.role(event.other) == ObjectRole::call);
    if (names_a_call && event.kind != EventKind::line && event.kind != EventKind::read && event.kind != EventKind::write)
        return Problem{"/events/" + std::to_string(i), "event " + std::to_string(i) + " (" + std::string(to_string(event.kind)) +
                                                           ") names a plain function's call, which only a line, read or write may"};
    return file_problem("events", i, event.where, files);
}

// What Trace::index() found, as a Problem: "event N (kind): ..." is at that event's path.
Problem index_problem(size_t i, const Trace& trace, const std::string& problem) {
    return {"/events/" + std::to_string(i), trace.event_problem_text(i, problem)};
}

IndexingThread::IndexingThread(Trace& trace, size_t files) : trace_(trace), files_(files), indexer_(trace) {
    thread_ = std::thread([this] { run(); });
}

IndexingThread::~IndexingThread() {
    close();
    if (thread_.joinable()) thread_.join();
}

bool IndexingThread::push(std::vector<Arrived>&& batch) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return batches_.size() < 16 || problem_; });
    if (problem_) return false;
    batches_.push_back(std::move(batch));
    arrived_.notify_one();
    return true;
}

std::optional<Problem> IndexingThread::finish() {
    close();
    if (thread_.joinable()) thread_.join();
    if (!problem_) indexer_.finish();
    return problem_;
}

void IndexingThread::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    arrived_.notify_one();
}

void IndexingThread::run() {
    for (;;) {
        std::vector<Arrived> batch;
        {
            std::unique_lock lock(mutex_);
            arrived_.wait(lock, [&] { return !batches_.empty() || closed_; });
            if (batches_.empty()) return;
            batch = std::move(batches_.front());
            batches_.pop_front();
            room_.notify_one();
        }
        std::optional<Problem> found;
        try {
            for (Arrived& arrived : batch) {
                size_t i = trace_.events.size();
                arrived.event.text = arrived.text;
                if ((found = event_problem(trace_, i, arrived.event, files_))) break;
                trace_.events.push_back(arrived.event);
                if (std::string problem = indexer_.add(i); !problem.empty()) {
                    found = index_problem(i, trace_, problem);
                    break;
                }
            }
        } catch (const std::bad_alloc&) {
            found = Problem{"/events/" + std::to_string(trace_.events.size()), "out of memory while indexing the events"};
        } catch (const std::exception& e) {
            found = Problem{"/events/" + std::to_string(trace_.events.size()), e.what()};
        }
        if (found) {
            std::lock_guard lock(mutex_);
            problem_ = std::move(found);
            room_.notify_one();
            return;
        }
    }
}

}  // namespace cotrace
