#include "coroutine.h"

#include <array>
#include <cctype>

#include "future.h"
#include "tracing.h"

namespace asyncio {

namespace {

// "asyncio::Coroutine<long int> walkthroughs::rock::Rock::await_()" -> {"walkthroughs", "rock", "Rock", "await_"}
std::vector<std::string> qualified_name_parts(const std::string& signature) {
    // A template's signature ends in " [with T = ...]"; the name is before it.
    std::string full = signature.substr(0, signature.find(" [with "));
    auto close = full.rfind(')');
    if (close == std::string::npos) return {full};
    int depth = 0;
    size_t open = close;
    for (size_t i = close + 1; i-- > 0;) {
        if (full[i] == ')') ++depth;
        else if (full[i] == '(' && --depth == 0) {
            open = i;
            break;
        }
    }
    size_t begin = open;
    depth = 0;
    while (begin > 0) {
        char c = full[begin - 1];
        if (c == '>') ++depth;
        else if (c == '<') --depth;
        else if (c == ' ' && depth == 0) break;
        --begin;
    }
    std::string qualified = full.substr(begin, open - begin);
    std::vector<std::string> parts;
    for (size_t at = 0;;) {
        auto next = qualified.find("::", at);
        parts.push_back(qualified.substr(at, next - at));
        if (next == std::string::npos) break;
        at = next + 2;
    }
    return parts;
}

// "...::Rock::await_()" -> "Rock.__await__": a namespace is dropped, a class (capitalised, as in
// Python) is kept.
std::string clean_name(const std::string& with_template_arguments) {
    // A template's arguments ("[with Callable = <lambda(int)>]") name other things than the function.
    std::string full = with_template_arguments.substr(0, with_template_arguments.find(" [with "));
    if (full.find("<lambda") != std::string::npos) return "<lambda>";  // as Python names them
    std::vector<std::string> parts = qualified_name_parts(full);
    if (parts.empty()) return full;
    std::string name = parts.back();
    if (name == "await_") name = "__await__";
    if (parts.size() >= 2 && !parts[parts.size() - 2].empty() &&
        std::isupper(static_cast<unsigned char>(parts[parts.size() - 2][0])))
        name = parts[parts.size() - 2] + "." + name;
    return name;
}

Outcome raised(std::exception_ptr exception) { return {Outcome::Kind::raised, Value{}, std::move(exception)}; }

// Code compiled from the runtime's own folder (sleep, gather, the streams) is asyncio's, as the trace
// tells it; this file is in that folder. The compiler names each file, so this is where the code is.
bool in_runtime(const char* file) {
    std::string_view here = __FILE__, there = file;
    std::string_view folder = here.substr(0, here.rfind('/') + 1);
    return there.starts_with(folder);
}

}  // namespace

std::string frame_name_from_function(const char* function_name) { return clean_name(function_name); }

void FrameBase::report_created(cotrace::Recorder& recorder, std::source_location defined_at, const char* kind) {
    // A function's frame name and first line never change: the recorder keeps them once per function
    // (and kind), and finds them by the function name's address. A frame is made for nearly every call.
    const char* function = defined_at.function_name();
    const cotrace::Recorder::KeptFunction* kept = recorder.kept_function(function, kind);
    if (!kept) {
        std::string full = function;
        bool lambda = full.find("<lambda") != std::string::npos;
        cotrace::Location begins =
            recorder.locate_function(defined_at, lambda ? std::string() : qualified_name_parts(full).back());
        kept = &recorder.keep_function(function, kind, clean_name(full), begins,
                                       in_runtime(defined_at.file_name()) ? cotrace::ObjectRole::asyncio : cotrace::ObjectRole::none);
    }
    trace_id = recorder.add_frame(*kept);
    defined_place = kept->event_place;  // frame_enter is reported there
}

void FrameBase::report_await(cotrace::Recorder& recorder, const FrameBase& child, bool resuming) const {
    using cotrace::EventKind;
    recorder.emit_inlined({.kind = EventKind::await_, .subject = trace_id, .other = child.trace_id,
                   .where = recorder.locate(where)});
    if (resuming) {  // an async generator, awaited again for its next value: it goes on where it stopped
        recorder.emit_inlined({.kind = EventKind::frame_resume, .subject = child.trace_id, .where = recorder.locate(child.where)});
    } else {
        recorder.emit_inlined_at({.kind = EventKind::frame_enter, .subject = child.trace_id, .other = trace_id},
                                 child.defined_place);
    }
}

void FrameBase::report_return(cotrace::Recorder& recorder) const {
    using cotrace::EventKind;
    if (exception) {
        recorder.emit({.kind = EventKind::frame_raise, .subject = trace_id, .where = recorder.locate(where),
                       .text = exception_repr(exception)});
    } else {
        recorder.emit_inlined({.kind = EventKind::frame_return, .subject = trace_id, .where = recorder.locate(where),
                       .text = TraceRepr(result_value()).view()});
    }
}

std::coroutine_handle<> Chain::hand_to_child(std::coroutine_handle<> awaiting, FrameBase* awaiting_frame,
                                             std::coroutine_handle<> child_handle, FrameBase* child) {
    if (recorder && has_stack_room()) {
        awaiting_frame->report_await(*recorder, *child);
        child->start_awaited(this, awaiting, awaiting_frame);
        return child_handle;
    }
    catch_up(awaiting, awaiting_frame);
    push(child_handle, child, awaiting, awaiting_frame);
    return std::noop_coroutine();  // the trampoline runs it
}

std::coroutine_handle<> FrameBase::finish_elsewhere(std::coroutine_handle<> self) noexcept {
    if (chain->recorder && awaiting && chain->has_stack_room()) {
        bool reported = true;
        try {
            report_return(*chain->recorder);
        } catch (...) {
            reported = false;  // the trampoline reports again, and lets out what that throws
        }
        if (reported) {
            if (in_links) chain->pop();
            return awaiting;
        }
    }
    chain->catch_up(self, this);
    chain->signal = Chain::Signal::finished;  // the trampoline takes it from here
    return std::noop_coroutine();
}

namespace {

// A thread's spare chains, given back to the heap when the thread ends.
struct SpareChains {
    static constexpr size_t most = 32;
    Chain* chains[most];
    size_t count = 0;
    bool closed = false;
    ~SpareChains() {
        closed = true;
        while (count > 0) delete chains[--count];
    }
};
thread_local SpareChains spare;

}  // namespace

Chain::Owner Chain::make() {
    if (spare.count == 0) return Owner(new Chain);
    return Owner(spare.chains[--spare.count]);
}

void Chain::Recycle::operator()(Chain* chain) const noexcept {
    if (spare.closed || spare.count == SpareChains::most) {
        delete chain;
        return;
    }
    chain->links.clear();
    chain->signal = Signal::none;
    chain->yielded = Value{};
    chain->sent = Value{};
    chain->thrown = nullptr;
    chain->direct = false;
    chain->recorder = nullptr;
    chain->stack_floor = 0;
    spare.chains[spare.count++] = chain;
}

void Chain::catch_up(std::coroutine_handle<> handle, FrameBase* innermost) {
    // The frames that ran untraced since the trampoline last looked, innermost first, up to one it knows;
    // each one's handle is what the frame it awaited kept as `awaiting`.
    size_t missing = 0;
    for (FrameBase* frame = innermost; !frame->in_links; frame = frame->awaiting_frame) ++missing;
    if (missing == 0) return;
    size_t end = links.size() + missing;
    links.resize(end);
    for (FrameBase* frame = innermost; missing > 0; --missing) {
        links[--end] = {handle, frame};
        frame->in_links = true;
        handle = frame->awaiting;
        frame = frame->awaiting_frame;
    }
}

size_t CoroutineBase::depth() const { return chain_ ? chain_->links.size() : 0; }

Outcome CoroutineBase::resume(Value sent, std::exception_ptr thrown, std::uint32_t task,
                              std::source_location where) {
    using cotrace::EventKind;
    auto* recorder = tracing::recorder();
    if (!frame_ || frame_->finished)
        return raised(std::make_exception_ptr(RuntimeError("cannot reuse already awaited coroutine")));
    if (!frame_->started && !thrown && !sent.is_none())
        return raised(std::make_exception_ptr(TypeError("can't send non-None value to a just-started coroutine")));

    if (recorder) {
        recorder->emit({.kind = thrown ? EventKind::throw_ : EventKind::send, .subject = frame_->trace_id,
                        .other = task, .where = recorder->locate(where),
                        .text = thrown ? std::string_view(exception_repr(thrown)) : TraceRepr(sent).view()});
    }
    if (!frame_->started && thrown) {
        // Python: throw() into a coroutine that never ran raises at its start and closes it.
        frame_->started = frame_->finished = true;
        if (recorder) {
            recorder->emit_inlined_at({.kind = EventKind::frame_enter, .subject = frame_->trace_id},
                                      frame_->defined_place);
            recorder->emit({.kind = EventKind::frame_raise, .subject = frame_->trace_id,
                            .where = recorder->locate(frame_->where), .text = exception_repr(thrown)});
        }
        return raised(std::move(thrown));
    }
    if (!chain_) {
        chain_ = Chain::make();
        chain_->push(handle_, frame_);
    }
    Chain& chain = *chain_;
    chain.sent = std::move(sent);
    chain.thrown = std::move(thrown);
    if (recorder) {
        for (const auto& link : chain.links) {
            if (link.frame->started)
                recorder->emit({.kind = EventKind::frame_resume, .subject = link.frame->trace_id,
                                .where = recorder->locate(link.frame->where)});
            else
                recorder->emit_inlined_at({.kind = EventKind::frame_enter, .subject = link.frame->trace_id},
                                          link.frame->defined_place);
        }
    }
    frame_->started = true;

    // Frames hand control to each other directly, recording or not. Untraced, on the short path
    // (`direct`); recording, through Chain::hand_to_child and FrameBase::finish_elsewhere, which report
    // each hand-over as the trampoline would.
    chain.direct = recorder == nullptr;
    chain.recorder = recorder;
    for (;;) {
        Chain::Link top = chain.links.back();
        chain.signal = Chain::Signal::none;
        chain.stack_floor = Chain::stack_position() - Chain::stack_room;
        top.handle.resume();
        // Untraced, frames may have handed control on since: the innermost is links.back() now.
        top = chain.links.back();
        switch (chain.signal) {
            case Chain::Signal::yielded: {
                if (recorder) {
                    auto future = chain.yielded.as_future();
                    TraceRepr yielded(chain.yielded);  // once: every frame it passes shows it
                    for (size_t i = chain.links.size(); i-- > 0;) {
                        const FrameBase* frame = chain.links[i].frame;
                        recorder->emit({.kind = i + 1 == chain.links.size() ? EventKind::yield : EventKind::yield_through,
                                        .subject = frame->trace_id,
                                        .other = i + 1 == chain.links.size() && future ? future->trace_id() : 0,
                                        .where = recorder->locate(frame->where), .text = yielded.view()});
                    }
                }
                // Moved out, not reset: the next yield overwrites what is left, and so does Recycle.
                return {Outcome::Kind::yielded, std::move(chain.yielded), nullptr};
            }
            case Chain::Signal::pushed: {
                FrameBase* child = chain.links.back().frame;
                top = chain.links[chain.links.size() - 2];  // the awaiting frame
                bool resuming = child->started;  // an async generator, awaited again for its next value
                child->started = true;
                if (recorder) top.frame->report_await(*recorder, *child, resuming);
                continue;
            }
            case Chain::Signal::handed_back: {
                // The generator stays suspended at its co_yield; the frame that awaited next() goes on.
                chain.pop();
                if (recorder)
                    recorder->emit({.kind = EventKind::yield, .subject = top.frame->trace_id,
                                    .where = recorder->locate(top.frame->where), .text = TraceRepr(chain.yielded).view()});
                chain.yielded = Value{};
                continue;
            }
            case Chain::Signal::finished: {
                chain.pop();
                FrameBase* frame = top.frame;
                if (recorder) frame->report_return(*recorder);
                if (!chain.links.empty()) continue;  // the awaiting frame takes the result in await_resume
                if (frame->exception) return raised(frame->exception);
                return {Outcome::Kind::returned, frame->result_value(), nullptr};
            }
            case Chain::Signal::none:
                return raised(std::make_exception_ptr(
                    RuntimeError("a coroutine suspended on something that is not an asyncio awaitable")));
        }
    }
}

Value CoroutineBase::send(Value value, std::source_location where) {
    Outcome outcome = resume(std::move(value), nullptr, 0, where);
    if (outcome.kind == Outcome::Kind::yielded) return outcome.value;
    if (outcome.kind == Outcome::Kind::returned) throw StopIteration(outcome.value);
    std::rethrow_exception(outcome.exception);
}

Value CoroutineBase::throw_exception(std::exception_ptr exception, std::source_location where) {
    Outcome outcome = resume(Value{}, std::move(exception), 0, where);
    if (outcome.kind == Outcome::Kind::yielded) return outcome.value;
    if (outcome.kind == Outcome::Kind::returned) throw StopIteration(outcome.value);
    std::rethrow_exception(outcome.exception);
}

void CoroutineBase::close(std::source_location where) {
    if (!frame_ || frame_->finished) return;
    if (!frame_->started) {
        frame_->finished = true;
        return;
    }
    Outcome outcome = resume(Value{}, std::make_exception_ptr(GeneratorExit()), 0, where);
    if (outcome.kind == Outcome::Kind::yielded) throw RuntimeError("coroutine ignored GeneratorExit");
    if (outcome.kind == Outcome::Kind::raised) {
        try {
            std::rethrow_exception(outcome.exception);
        } catch (const GeneratorExit&) {
        }
    }
}

}  // namespace asyncio
