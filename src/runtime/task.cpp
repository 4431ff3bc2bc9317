#include "task.h"

#include <algorithm>
#include <charconv>

#include "event_loop.h"
#include "frame_pool.h"
#include "tracing.h"

namespace asyncio {

using cotrace::EventKind;

namespace {
int task_name_counter = 0;
// A Task's default name is this and its number.
constexpr const char* numbered_prefix = "Task-";
// Writes "Task-N" at `out`, which has room for numbered_room letters, and returns its end.
constexpr size_t numbered_room = 5 + 11;
char* spell_numbered_name(char* out, int number) {
    out = std::copy_n(numbered_prefix, 5, out);
    return std::to_chars(out, out + 11, number).ptr;
}
std::string numbered_name(int number) {
    // Spelled in place: "Task-" and at most eleven characters fit in a std::string's own room, so no
    // allocation.
    char name[numbered_room];
    return std::string(name, spell_numbered_name(name, number));
}
}  // namespace

void Task::reset_name_counter() { task_name_counter = 0; }

// While recording, the Future reports a chosen name to the recorder at once; "Task-N" is spelled only
// when recording ends (number_at_finish).
Task::Task(CoroutineBase coro, std::string name, int number, EventLoop& loop, std::source_location where)
    : Future(loop, static_cast<int>(cotrace::ObjectKind::task), tracing::recorder() ? name : std::string(), where),
      coro_(std::move(coro)),
      name_(std::move(name)),
      number_(name_.empty() ? number : 0) {  // name_ is declared before number_
    if (auto* recorder = tracing::recorder(); recorder && name_.empty())
        recorder->number_at_finish(trace_id_, numbered_prefix, static_cast<std::uint32_t>(number_));
}

Task::~Task() {
    if (tracked_) loop_->untrack(*this);
}

const std::string& Task::get_name() const {
    if (name_.empty()) name_ = numbered_name(number_);
    return name_;
}

std::shared_ptr<Task> Task::create(CoroutineBase coro, std::string name, EventLoop* loop, std::source_location where) {
    EventLoop& owner = loop ? *loop : get_running_loop();
    // As in asyncio, only a task without a name takes the next number.
    int number = name.empty() ? ++task_name_counter : 0;
    auto task = make_pooled<Task>(std::move(coro), std::move(name), number, owner, where);
    if (auto* recorder = tracing::recorder()) {
        recorder->set_owner(task->trace_id_, task->coro_.trace_id());
        recorder->emit({.kind = EventKind::task_created, .subject = task->trace_id_, .other = task->coro_.trace_id(),
                        .where = recorder->locate(where)});
    }
    task->schedule_step(task);
    owner.track(*task);
    return task;
}

std::string Task::traced_name(std::string_view suffix) const {
    // Only the trace shows the names of a Task's step and wakeup: untraced, they are not built.
    if (!tracing::recorder()) return {};
    if (number_ == 0 || suffix.size() > 16) return std::string(get_name()).append(suffix);
    // "Task-7.wakeup", spelled in a buffer and made a string once.
    char spelled[numbered_room + 16];
    char* end = std::copy(suffix.begin(), suffix.end(), spell_numbered_name(spelled, number_));
    return std::string(spelled, end);
}

void Task::schedule_step(const std::shared_ptr<Task>& self, std::exception_ptr exception) {
    auto handle = loop_->call_soon([task = self, exception] { task->step(task, exception); }, {}, tracing::internal);
    // The trace calls it "Task-1.step", spelled when recording ends: spelling it for every step was a
    // thirtieth of a traced Task's cost.
    if (auto* recorder = tracing::recorder()) {
        recorder->name_at_finish(handle->trace_id(), trace_id_, ".step");  // and the task is its owner
        recorder->set_role(handle->trace_id(), cotrace::ObjectRole::task_step);
    }
}

void Task::step(const std::shared_ptr<Task>& self, std::exception_ptr exception) {  // seed 3
    if (done()) throw InvalidStateError("step(): already done: " + repr());
    if (must_cancel_) {
        if (!is_cancelled_error(exception)) exception = make_cancelled_error();
        must_cancel_ = false;
    }
    fut_waiter_.reset();
    if (auto* recorder = tracing::recorder())
        recorder->emit({.kind = EventKind::step_begin, .subject = trace_id_,
                        .text = exception ? exception_repr(exception) : std::string()});

    // `self` keeps this task alive while its coroutine runs: the handle or callback running step holds it.
    Outcome outcome = coro_.resume(Value{}, exception, trace_id_);  // seed 4,5
    switch (outcome.kind) {
        case Outcome::Kind::returned:  // StopIteration; seed 6
            if (must_cancel_) {
                // The task was cancelled right before its coroutine stopped.
                must_cancel_ = false;
                Future::cancel(cancel_message_, tracing::internal);
            } else {
                Future::set_result(std::move(outcome.value), tracing::internal);  // seed 7
            }
            break;
        case Outcome::Kind::raised:
            if (is_cancelled_error(outcome.exception)) Future::cancel({}, tracing::internal);
            else Future::set_exception(outcome.exception, tracing::internal);
            break;
        case Outcome::Kind::yielded:  // seed 8
            if (auto future = std::move(outcome.value).as_future()) {  // seed 9
                if (&future->get_loop() != loop_) {
                    schedule_step(self, std::make_exception_ptr(RuntimeError(
                        "Task " + repr() + " got Future " + future->repr() + " attached to a different loop")));
                } else if (!future->asyncio_future_blocking) {
                    schedule_step(self, std::make_exception_ptr(RuntimeError(
                        "yield was used instead of yield from in task " + repr() + " with " + future->repr())));
                } else if (future.get() == this) {
                    schedule_step(self, std::make_exception_ptr(RuntimeError("Task cannot await on itself: " + repr())));
                } else {
                    future->asyncio_future_blocking = false;  // seed 10
                    future->add_done_callback(  // seed 11
                        [task = self](const std::shared_ptr<Future>& done) { task->wakeup(task, done); },
                        traced_name(".wakeup"), trace_id_, tracing::internal);
                    fut_waiter_ = std::move(future);
                    if (must_cancel_ && fut_waiter_->cancel(cancel_message_, tracing::internal)) must_cancel_ = false;
                }
            } else if (outcome.value.is_none()) {  // seed 12
                schedule_step(self);  // a bare yield gives up control for one round of the loop
            } else {
                schedule_step(self, std::make_exception_ptr(RuntimeError("Task got bad yield: " + outcome.value.repr())));
            }
            break;
    }
    report_step_end();
}

void Task::report_step_end() {
    auto* recorder = tracing::recorder();
    if (!recorder) return;
    if (cancelled()) {
        recorder->emit({.kind = EventKind::step_cancelled, .subject = trace_id_});
    } else if (done() && exception_) {
        recorder->emit({.kind = EventKind::step_raise, .subject = trace_id_, .text = exception_repr(exception_)});
    } else if (done()) {
        recorder->emit({.kind = EventKind::step_return, .subject = trace_id_, .text = TraceRepr(result_).view()});
    } else {
        std::string scratch;
        recorder->emit({.kind = EventKind::step_yield, .subject = trace_id_,
                        .other = fut_waiter_ ? fut_waiter_->trace_id() : 0,
                        .text = fut_waiter_ ? fut_waiter_->traced_repr(scratch) : "None"});
    }
}

void Task::wakeup(const std::shared_ptr<Task>& self, const std::shared_ptr<Future>& future) {
    // Python calls future.result() and steps with what it raised; exception() raises and returns the
    // same, without copying the result.
    std::exception_ptr failure;
    try {
        failure = future->exception();
    } catch (...) {
        failure = std::current_exception();
    }
    step(self, failure);
}

bool Task::cancel(std::string message, std::source_location) {
    if (done()) return false;
    if (fut_waiter_ && fut_waiter_->cancel(message, tracing::internal)) {
        // Leave fut_waiter_: it may be a Task that ignores the cancellation and must be cancelled again.
        return true;
    }
    // step is already scheduled: it will throw CancelledError into the coroutine.
    must_cancel_ = true;
    cancel_message_ = std::move(message);
    return true;
}

void Task::abandon() {
    fut_waiter_.reset();
    callbacks_.clear();
    coro_ = CoroutineBase{};
}

std::string_view Task::traced_repr(std::string& scratch) const {
    auto* recorder = tracing::recorder();
    if (state_ != State::pending || !recorder) return Future::traced_repr(scratch);
    if (pending_repr_recording_ != recorder->serial()) {
        pending_repr_ = recorder->pooled_text(number_ ? numbered_pending_repr(number_) : made_pending_repr());
        pending_repr_recording_ = recorder->serial();
    }
    return pending_repr_;
}

std::string_view Task::made_pending_repr() const {
    // Made in a string that keeps its room from Task to Task, then copied once into the pool.
    thread_local std::string made;
    made.clear();
    append_repr(made);
    return made;
}

std::string_view Task::numbered_pending_repr(int number) {
    // "<Task pending name='Task-7'>", the repr of nearly every Task a program makes, spelled straight
    // into a buffer: "Task-7" needs no quoting, and the general append_repr took twice as long.
    constexpr std::string_view before = "<Task pending name='", after = "'>";
    thread_local char made[before.size() + numbered_room + after.size()];
    char* end = spell_numbered_name(std::copy(before.begin(), before.end(), made), number);
    end = std::copy(after.begin(), after.end(), end);
    return {made, static_cast<size_t>(end - made)};
}

std::string Task::repr() const {
    std::string out;
    out.reserve(get_name().size() + 32);
    append_repr(out);
    return out;
}

void Task::append_repr(std::string& out) const {
    out += state_ == State::pending ? "<Task pending name=" : state_ == State::cancelled ? "<Task cancelled name=" : "<Task finished name=";
    append_string_repr(out, get_name());
    if (state_ == State::finished) {
        if (exception_) out += " exception=", out += exception_repr(exception_);
        else out += " result=", out += result_.repr();
    }
    out += '>';
}

}  // namespace asyncio
