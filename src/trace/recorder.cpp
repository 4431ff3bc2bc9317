#include "recorder.h"

#include <atomic>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace cotrace {

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string trace_path(const std::string& compiled_path) {
#ifdef COTRACE_SOURCE_DIR
    const std::string root = COTRACE_SOURCE_DIR "/";
    if (compiled_path.rfind(root, 0) == 0) return compiled_path.substr(root.size());
#endif
    return compiled_path;
}

namespace {
std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> recordings{0};
    return ++recordings;
}
}  // namespace

Recorder::Recorder(TraceMeta meta, SourceProvider sources) : sources_(std::move(sources)), serial_(next_serial()) {
    trace_.meta = std::move(meta);
}

ObjectId Recorder::add_object(ObjectKind kind, std::string_view name, ObjectId owner, Location where, ObjectRole role) {
    trace_.objects.record(kind, trace_.objects.add_name(name), owner, trace_.objects.keep_place(where), role);
    return static_cast<ObjectId>(trace_.objects.size());
}

const Recorder::KeptFunction& Recorder::keep_function(const char* function, const char* kind, std::string_view name,
                                                      Location where, ObjectRole role) {
    KnownFunction& known = known_functions_[known_slot(function)];
    known = {function, kind,
             {.name = trace_.objects.keep_name(name), .kind = trace_.events.keep_text(kind), .role = role,
              .object_place = trace_.objects.keep_place(where), .event_place = trace_.events.keep_place(where)}};
    return known.kept;
}

void Recorder::set_name(ObjectId id, std::string_view name) { trace_.objects.set_name(id, name); }
void Recorder::set_owner(ObjectId id, ObjectId owner) { trace_.objects.set_owner(id, owner); }

void Recorder::mention(ObjectId id) {
    if (unnamed_future(id)) trace_.objects.set_name(id, "fut" + std::to_string(++futures_named_));
}

namespace {

// Events whose text is a value's repr. A long one is shortened, as Python's reprlib does, so that a
// 4096-byte chunk does not fill the trace: its start, "...", and its end.
bool carries_a_value(EventKind kind) {
    switch (kind) {
        case EventKind::set_result: case EventKind::step_return: case EventKind::frame_return:
        case EventKind::yield: case EventKind::yield_through: case EventKind::send:
        case EventKind::step_yield:
            return true;
        default: return false;
    }
}

}  // namespace

void Recorder::record(std::uint64_t kind_and_subject, std::uint64_t other_and_column, std::uint64_t file_and_line,
                      std::string_view text, double number) {
    Event event = unpack(kind_and_subject, other_and_column, file_and_line, number);
    event.text = text;
    if (nothing_to_mention(event.kind, event.subject, event.other) && trace_.events.record_at_hand(event, time_)) return;
    record_slowly(kind_and_subject, other_and_column, file_and_line, text, number);
}

void Recorder::record_slowly(std::uint64_t kind_and_subject, std::uint64_t other_and_column,
                             std::uint64_t file_and_line, std::string_view text, double number) {
    if (text.size() > longest_text) return emit_with_care(kind_and_subject, other_and_column, file_and_line, text, number);
    Event event = unpack(kind_and_subject, other_and_column, file_and_line, number);
    event.text = text;
    if (needs_care >> static_cast<unsigned>(event.kind) & 1) mention_futures(event.kind, event.subject, event.other);
    trace_.events.record(event, time_);
}

void Recorder::emit_with_care(std::uint64_t kind_and_subject, std::uint64_t other_and_column, std::uint64_t file_and_line,
                              std::string_view text, double number, InternId kept_place) {
    Event event = unpack(kind_and_subject, other_and_column, file_and_line, number);
    event.text = text;
    std::string shortened;
    if (event.text.size() > longest_text && carries_a_value(event.kind)) {
        shortened = std::string(event.text.substr(0, 80)) + "..." + std::string(event.text.substr(event.text.size() - 30));
        event.text = shortened;
    }
    if (needs_care >> static_cast<unsigned>(event.kind) & 1) mention_futures(event.kind, event.subject, event.other);
    if (kept_place != no_kept_place) trace_.events.record_kept(event, trace_.events.added_text(event.text), kept_place, time_);
    else trace_.events.record(event, time_);
}

void Recorder::mention_futures(EventKind kind, ObjectId subject, ObjectId other) {
    // Only the kinds in needs_care come here. Only events that the step log prints count as a future's
    // "mention": the oracle numbers futures fut1, fut2, ... in order of first mention in the log. A
    // step_yield mentions the future waited on (other); the others, their subject.
    mention(kind == EventKind::step_yield ? other : subject);
}

Location Recorder::locate_elsewhere(const SourcePlace& where) {
    if (where.line == 0 || !where.file) return {};  // a call the runtime made itself
    // Not among the recent files (locate): the map, and the file becomes a recent one.
    auto known = file_by_pointer_.find(where.file);
    if (known == file_by_pointer_.end()) return locate_new_file(where);
    recent_files_[(reinterpret_cast<std::uintptr_t>(where.file) >> 3) % recent_files_.size()] = {where.file, known->second};
    last_file_pointer_ = where.file;
    last_file_ = known->second;
    return {last_file_, static_cast<std::int32_t>(where.line), static_cast<std::int32_t>(where.column)};
}

Location Recorder::locate_new_file(const SourcePlace& where) {
    std::string path = trace_path(where.file);
    auto [it, added] = file_index_.try_emplace(path, static_cast<std::int32_t>(trace_.files.size()));
    if (added) {
        trace_.files.push_back({path, {}});
        file_origin_.push_back(where.file);
    }
    file_by_pointer_[where.file] = it->second;
    last_file_pointer_ = where.file;
    last_file_ = it->second;
    return {it->second, static_cast<std::int32_t>(where.line), static_cast<std::int32_t>(where.column)};
}

Location Recorder::locate_path(const std::string& path, std::int32_t line, std::int32_t column) {
    auto [it, added] = file_index_.try_emplace(path, static_cast<std::int32_t>(trace_.files.size()));
    if (added) {
        trace_.files.push_back({path, {}});
        file_origin_.push_back(path);
    }
    return {it->second, line, column};
}

const std::string& Recorder::text_of(std::int32_t file) {
    auto it = texts_.find(file);
    if (it != texts_.end()) return it->second;
    std::optional<std::string> text;
    if (sources_) text = sources_(trace_.files[static_cast<size_t>(file)].path);
    if (!text) text = read_file(file_origin_[static_cast<size_t>(file)]);
    return texts_[file] = text.value_or("");
}

Location Recorder::locate_function(const std::source_location& where, const std::string& function) {
    Location at = locate(where);
    if (!at.valid() || function.empty()) return at;
    const std::string& text = text_of(at.file);
    // The start of each line up to the reported one, then search backwards for "function(".
    std::vector<size_t> starts{0};
    for (size_t i = 0; i < text.size() && static_cast<std::int32_t>(starts.size()) < at.line; ++i)
        if (text[i] == '\n') starts.push_back(i + 1);
    for (std::int32_t line = static_cast<std::int32_t>(starts.size()); line >= 1; --line) {
        size_t begin = starts[static_cast<size_t>(line - 1)];
        size_t end = text.find('\n', begin);
        std::string_view content(text.data() + begin, (end == std::string::npos ? text.size() : end) - begin);
        size_t found = content.find(function + "(");
        bool whole_word = found != std::string_view::npos &&
                          (found == 0 || !(std::isalnum(static_cast<unsigned char>(content[found - 1])) || content[found - 1] == '_'));
        if (whole_word) return {at.file, line, static_cast<std::int32_t>(found + 1)};
    }
    return at;
}

void Recorder::set_python(std::string path, std::string text, const std::string& cpp_path) {
    trace_.python.path = std::move(path);
    trace_.python.text = std::move(text);
    auto it = file_index_.find(cpp_path);
    trace_.python.cpp_file = it == file_index_.end() ? -1 : it->second;
    trace_.python.line_map = it == file_index_.end() ? std::vector<std::pair<int, int>>{} : python_line_map(text_of(it->second));
}

std::vector<std::pair<int, int>> python_line_map(const std::string& cpp_source) {
    static const std::regex marker(R"(//\s*py\s+(\d+)\s*$)");
    std::vector<std::pair<int, int>> map;
    int line = 0;
    size_t start = 0;
    while (start <= cpp_source.size()) {
        size_t end = cpp_source.find('\n', start);
        if (end == std::string::npos) end = cpp_source.size();
        ++line;
        std::smatch match;
        std::string text = cpp_source.substr(start, end - start);
        if (std::regex_search(text, match, marker)) map.emplace_back(line, std::stoi(match[1]));
        start = end + 1;
    }
    return map;
}

Trace Recorder::finish() {
    serial_ = next_serial();  // the texts pooled_text gave leave with the trace
    for (const TraceObject& object : trace_.objects)
        if (object.name.empty()) mention(object.id);
    trace_.objects.spell_names_after();
    // A frame of Future.__await__ is named after its future, whose name is only final now.
    for (const TraceObject& object : trace_.objects)
        if (object.kind == ObjectKind::frame && object.owner != 0 && object.name.empty())
            trace_.objects.set_name(object.id, trace_.name(object.owner) + ".__await__");
    for (size_t i = 0; i < trace_.files.size(); ++i) trace_.files[i].text = text_of(static_cast<std::int32_t>(i));
    // While recording, a text was shared only with a recent equal one (EventList::record): now each once.
    trace_.events.deduplicate_texts();
    trace_.objects.deduplicate_names();
    Trace finished = std::move(trace_);
    std::string problem = finished.index();
    if (!problem.empty()) throw std::logic_error("the recorder produced an inconsistent trace: " + problem);
    trace_ = Trace{};
    known_functions_.fill({});  // their ids named the finished trace's names and places
    last_suffix_ = last_prefix_ = nullptr;
    return finished;
}

RecordingScope::RecordingScope(Recorder& recorder) : previous_(Recorder::active_) {
    Recorder::active_ = &recorder;
}
RecordingScope::~RecordingScope() { Recorder::active_ = previous_; }

}  // namespace cotrace
