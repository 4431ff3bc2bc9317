// Reading traces without building the whole document: nlohmann_json's SAX interface hands over one value at
// a time, and each event and object goes straight into the trace's compact lists. Only the small parts
// (meta, files, python) become a JSON document. Every problem is named by its JSON path.
#include <array>
#include <cmath>
#include <set>
#include <system_error>
#include <utility>
#include <optional>
#include <unordered_map>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cbor_scan.h"
#include "format_upgrade.h"
#include "trace_indexing.h"
#include "trace_json.h"
#include "utf8.h"
#include "views.h"

namespace cotrace {

using nlohmann::json;

namespace {

std::string type_of(const json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number_unsigned()) return "an unsigned integer";
    if (j.is_number_integer()) return "an integer";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_array()) return "an array";
    return "an object";
}

// Checks for the small parts, read from their document.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
        throw TraceError(file_, path.empty() ? "/" : path, problem);
    }

    const json& field(const json& parent, const std::string& path, const char* key) const {
        if (!parent.is_object()) fail(path, "expected an object, got " + type_of(parent));
        auto it = parent.find(key);
        if (it == parent.end()) fail(path + "/" + key, "missing field");
        return *it;
    }

    std::string string(const json& parent, const std::string& path, const char* key) const {
        const json& j = field(parent, path, key);
        if (!j.is_string()) fail(path + "/" + key, "expected a string, got " + type_of(j));
        return j.get<std::string>();
    }

    std::string optional_string(const json& parent, const std::string& path, const char* key) const {
        return parent.contains(key) ? string(parent, path, key) : std::string();
    }

    std::int64_t integer(const json& j, const std::string& path) const {
        if (!j.is_number_integer()) fail(path, "expected an integer, got " + type_of(j));
        return j.get<std::int64_t>();
    }

    const json& array(const json& parent, const std::string& path, const char* key) const {
        const json& j = field(parent, path, key);
        if (!j.is_array()) fail(path + "/" + key, "expected an array, got " + type_of(j));
        return j;
    }

private:
    std::string file_;
};

// One scalar as the SAX parser gives it, before we know what it should be.
struct Scalar {
    enum Type { null, boolean, unsigned_integer, integer, number, string } type = null;
    std::int64_t integer_value = 0;
    double number_value = 0;

    const char* describe() const {
        switch (type) {
            case null: return "null";
            case boolean: return "a boolean";
            case unsigned_integer: return "an unsigned integer";
            case integer: return "an integer";
            case number: return "a number";
            case string: return "a string";
        }
        return "?";
    }
    bool is_integer() const { return type == unsigned_integer || type == integer; }
    bool is_number() const { return is_integer() || type == number; }
    double as_number() const { return type == number ? number_value : static_cast<double>(integer_value); }
};

// The fields of one event or object, gathered until its closing brace.
struct Record {
    std::string kind, text, role;
    bool has_kind = false, has_time = false, has_id = false, has_name = false;
    std::int64_t id = 0, subject = 0, other = 0, owner = 0;
    double time = 0, number = 0;
    std::array<std::int64_t, 3> where{};
    int where_parts = -1;  // -1: no "where"

    // Ready for the next record, keeping the strings' buffers.
    void reset() {
        kind.clear(), text.clear(), role.clear();
        has_kind = has_time = has_id = has_name = false;
        id = subject = other = owner = 0;
        time = number = 0;
        where_parts = -1;
    }
};

class TraceSax {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    TraceSax(Trace& trace, std::string file, size_t input_size, bool binary)
        : trace_(trace), file_(std::move(file)), input_size_(input_size), check_text_(binary) {
        levels_.reserve(8);
        keys_.reserve(8);
    }

    // ---- the SAX interface
    bool null() { return scalar({Scalar::null}); }
    bool boolean(bool value) { return scalar({Scalar::boolean, value ? 1 : 0}); }
    bool number_integer(number_integer_t value) { return scalar({Scalar::integer, value}); }
    bool number_unsigned(number_unsigned_t value) {
        return scalar({Scalar::unsigned_integer, static_cast<std::int64_t>(std::min<number_unsigned_t>(value, INT64_MAX))});
    }
    bool number_float(number_float_t value, const string_t&) {
        // JSON cannot write NaN or infinity, so a trace that holds one could not be saved again.
        if (!std::isfinite(value)) fail(path(), "expected a finite number, got " + format_g(value));
        return scalar({Scalar::number, 0, value});
    }
    bool string(string_t& value) {
        check_utf8(value, [&] { return path(); });
        string_ = &value;
        bool ok = scalar({Scalar::string});
        string_ = nullptr;
        return ok;
    }
    bool binary(binary_t&) { fail(path(), "binary data has no place in a trace"); }
    bool key(string_t& key) {
        size_t depth = levels_.size() - 1;
        Level& level = levels_.back();
        if (keys_.size() <= depth) keys_.resize(depth + 1);
        check_utf8(key, [&] { return path(depth) + "/" + key; });
        keys_[depth].swap(key);
        if (depth == 0) {
            section_ = section_named(keys_[0]);
            // A section given twice would change what was checked against the first (the files that events
            // name, the objects the indexing thread reads): refused, whatever the section.
            if (section_ != Section::unknown && !sections_seen_.insert(keys_[0]).second)
                fail("/" + keys_[0], "the trace has this section twice");
        } else if (depth == 2 && (section_ == Section::events || section_ == Section::objects)) {
            level.field = field_named(keys_[depth]);
        }
        return true;
    }
    bool start_object(std::size_t) { return open(false); }
    bool end_object() { return close(); }
    bool start_array(std::size_t elements) {
        elements_ = elements;
        return open(true);
    }
    bool end_array() { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        error_byte = position;
        error_what = error.what();
        return false;
    }

    // Where the parser gave up on malformed input, and why.
    std::size_t error_byte = 0;
    std::string error_what;

    // ---- after the parse
    // Hands over the last events and waits for the indexing thread, if there is one: its first problem.
    std::optional<Problem> finish_indexing() {
        if (!indexing_) return std::nullopt;
        if (!batch_.empty()) indexing_->push(std::move(batch_));
        return indexing_->finish();
    }
    bool indexed() const { return indexing_ != nullptr; }
    const json& rest() const { return rest_; }
    bool saw_root() const { return saw_root_; }
    bool saw_events() const { return saw_events_; }
    bool saw_objects() const { return saw_objects_; }

    [[noreturn]] void fail(const std::string& place, const std::string& problem) const {
        throw TraceError(file_, place.empty() ? "/" : place, problem);
    }

private:
    // The fields of events and objects, told apart once per key rather than by comparing strings per value.
    enum class Field : std::uint8_t { other, kind, text, time, number, subject, other_object, owner, id, where, role };
    static Field field_named(std::string_view key) {
        auto is = [&](std::string_view name, Field field) { return key == name ? field : Field::other; };
        switch (key.size()) {
            case 2: return is("id", Field::id);
            case 4:
                if (key[0] == 'k') return is("kind", Field::kind);
                if (key[0] == 't') return key[1] == 'e' ? is("text", Field::text) : is("time", Field::time);
                if (key[0] == 'r') return is("role", Field::role);
                return is("name", Field::text);
            case 5:
                if (key[0] == 'w') return is("where", Field::where);
                return key[1] == 't' ? is("other", Field::other_object) : is("owner", Field::owner);
            case 6: return is("number", Field::number);
            case 7: return is("subject", Field::subject);
            default: return Field::other;
        }
    }

    // An event written as an array: [kind, time, subject, other, where, number, text], the trailing
    // ones left out when they say nothing (0, null, 0, "").
    static constexpr std::array<Field, 7> positional_fields = {Field::kind,  Field::time,   Field::subject,
                                                               Field::other_object, Field::where, Field::number,
                                                               Field::text};

    struct Level {
        bool array = false;
        size_t index = 0;  // of the next element, in an array
        bool dom = false;  // the value is a small part's, built in dom_
        Field field = Field::other;  // of the current key, in an event or object
    };
    // The small parts (format, version, meta, files, python) are built as a document; a section this
    // version does not know is skipped, so that it costs nothing however large.
    enum class Section { other, events, objects, unknown };
    static Section section_named(const std::string& key) {
        if (key == "events") return Section::events;
        if (key == "objects") return Section::objects;
        for (const char* known : {"format", "version", "meta", "files", "python", "values"})
            if (key == known) return Section::other;
        return Section::unknown;
    }

    Trace& trace_;
    std::string file_;
    size_t input_size_;
    bool check_text_;  // CBOR and MessagePack parsers do not check that text is UTF-8
    std::vector<Level> levels_;
    std::vector<std::string> keys_;   // the current key of each open object, by depth (kept, not popped)
    json rest_ = json::object();      // the small parts: everything but events and objects
    std::vector<json*> dom_;          // where the small parts are being built
    string_t* string_ = nullptr;      // the value of the string scalar being handled
    Record record_;
    bool saw_root_ = false, saw_events_ = false, saw_objects_ = false, objects_done_ = false;
    std::unique_ptr<IndexingThread> indexing_;  // once the events start, if the objects came first
    std::vector<IndexingThread::Arrived> batch_;
    Section section_ = Section::other;  // of the root's current key
    std::set<std::string> sections_seen_;
    std::size_t elements_ = static_cast<std::size_t>(-1);  // the count a binary array declares, while opening it

    std::string path(size_t depth) const {
        std::string at;
        for (size_t i = 0; i < depth && i < levels_.size(); ++i)
            at += "/" + (levels_[i].array ? std::to_string(levels_[i].index) : i < keys_.size() ? keys_[i] : std::string());
        return at;
    }
    std::string path() const { return path(levels_.size()); }
    // The place is made only for the error: building a path for every string would double the parse.
    template <class Place>
    void check_utf8(std::string_view text, Place place) const {
        if (!check_text_) return;  // JSON's lexer has checked it already
        if (auto bad = invalid_utf8_at(text))
            fail(place(), "text that is not valid UTF-8 (byte " + std::to_string(*bad) + " of the string)");
    }

    // Which section of the root the parser is in: its key at the root.
    Section section() const { return levels_.empty() ? Section::other : section_; }

    // The field of an event or object whose value is being read (with levels_[2] its record).
    Field current_field() const {
        const Level& record = levels_[2];
        if (!record.array) return record.field;
        return record.index < positional_fields.size() ? positional_fields[record.index] : Field::other;
    }

    void value_done() {
        if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
    }

    // ---- the small parts, as a document

    json& dom_slot() {
        if (dom_.empty()) return rest_[keys_[0]];
        json& parent = *dom_.back();
        if (parent.is_array()) {
            parent.push_back(nullptr);
            return parent.back();
        }
        return parent[keys_[levels_.size() - 1]];
    }

    json scalar_json(const Scalar& value) const {
        switch (value.type) {
            case Scalar::null: return nullptr;
            case Scalar::boolean: return value.integer_value != 0;
            case Scalar::unsigned_integer: return static_cast<std::uint64_t>(value.integer_value);
            case Scalar::integer: return value.integer_value;
            case Scalar::number: return value.number_value;
            case Scalar::string: return *string_;
        }
        return nullptr;
    }

    // ---- values

    // levels_[0] is the root object, levels_[1] a section's array, levels_[2] an event or object,
    // levels_[3] a field's array ("where"). A value opened or seen with n levels open is at depth n.
    bool open(bool array) {
        std::size_t elements = std::exchange(elements_, static_cast<std::size_t>(-1));
        // The parsers for CBOR and MessagePack recurse once per level, and a deep document in a small part
        // costs many times its size: nothing in a trace is nested deeper than a few levels.
        if (levels_.size() >= max_trace_nesting)
            fail(path(), "nested deeper than " + std::to_string(max_trace_nesting) + " levels");
        if (levels_.empty()) {
            if (saw_root_) fail("", "more than one document");
            if (array) fail("", "not a cotrace trace: expected a JSON object, got an array");
            saw_root_ = true;
            levels_.push_back({});
            return true;
        }
        size_t depth = levels_.size();
        const char* got = array ? "an array" : "an object";
        bool dom = false;
        if (section() == Section::unknown) {
            // skipped
        } else if (section() == Section::other) {
            json& slot = dom_slot();
            slot = array ? json::array() : json::object();
            dom_.push_back(&slot);
            dom = true;
        } else if (depth == 1) {
            if (!array) fail(path(), "expected an array, got an object");
            bool& saw = section() == Section::events ? saw_events_ : saw_objects_;
            if (saw) fail(path(), "the trace has this section twice");
            saw = true;
            // A binary trace says how many events and objects follow: room for them at once, before any
            // indexing thread starts appending. (A count larger than the file could hold is a lie, and not trusted.)
            if (elements != static_cast<std::size_t>(-1) && elements <= input_size_ / 2)
                section() == Section::events ? trace_.events.reserve(elements) : trace_.objects.reserve(elements);
            if (section() == Section::events) start_indexing();
        } else if (depth == 2) {
            // Binary traces write events as arrays (see positional_fields); objects are always maps.
            if (array && section() == Section::objects) fail(path(), "expected an object, got an array");
            record_.reset();
        } else if (depth == 3 && current_field() == Field::where) {
            if (!array) fail(path(), "expected [file, line, column], got an object");
            record_.where_parts = 0;
        } else if (depth == 3) {
            check_field_type(got);
        } else if (depth == 4 && current_field() == Field::where) {
            fail(path(), std::string("expected an integer, got ") + got);
        }
        levels_.push_back({array, 0, dom});
        return true;
    }

    bool close() {
        size_t depth = levels_.size() - 1;
        Section in = section();
        if (levels_.back().dom) dom_.pop_back();
        bool records = in == Section::events || in == Section::objects;
        if (records && depth == 3 && current_field() == Field::where && record_.where_parts != 3)
            fail(path(depth), "expected [file, line, column], got an array");
        levels_.pop_back();
        if (in == Section::objects && depth == 1) objects_done_ = true;
        bool going_on = true;
        if (records && depth == 2) going_on = in == Section::events ? add_event() : (add_object(), true);
        value_done();
        return going_on;
    }

    // When the events come after the objects, the files and the format's name and version (as cotrace
    // writes them), they are checked and indexed while the rest is parsed.
    void start_indexing() {
        auto says = [&](const char* key, const json& expected) { return rest_.contains(key) && rest_.at(key) == expected; };
        if (!objects_done_ || !rest_.contains("files") || !rest_.at("files").is_array() ||
            !says("format", trace_format_name) ||
            !(says("version", 2) || says("version", trace_format_version)) || !trace_.events.empty())
            return;
        size_t files = rest_.at("files").size();
        if (auto problem = object_problems(trace_, files)) fail(problem->place, problem->problem);
        try {
            indexing_ = std::make_unique<IndexingThread>(trace_, files);
        } catch (const std::system_error&) {
            return;  // no thread to be had (memory is short): the events are indexed after the parse
        }
        batch_.reserve(IndexingThread::batch_size);
    }

    bool scalar(const Scalar& value) {
        if (levels_.empty()) fail("", std::string("not a cotrace trace: expected a JSON object, got ") + value.describe());
        Section in = section();
        size_t depth = levels_.size();
        if (in == Section::unknown) {
            // skipped
        } else if (in == Section::other) {
            dom_slot() = scalar_json(value);
        } else if (depth == 1) {
            fail(path(), std::string("expected an array, got ") + value.describe());
        } else if (depth == 2) {
            fail(path(), std::string("expected an object, got ") + value.describe());
        } else if (depth == 3) {
            field(value);
        } else if (depth == 4 && current_field() == Field::where) {
            if (!value.is_integer()) fail(path(), std::string("expected an integer, got ") + value.describe());
            if (record_.where_parts >= 3) fail(path(3), "expected [file, line, column], got an array");
            record_.where[static_cast<size_t>(record_.where_parts++)] = value.integer_value;
        }
        value_done();
        return true;
    }

    // ---- events and objects

    void check_field_type(const char* got) {
        switch (current_field()) {
            case Field::kind: case Field::text: case Field::role: fail(path(), std::string("expected a string, got ") + got);
            case Field::time: case Field::number: fail(path(), std::string("expected a number, got ") + got);
            case Field::subject: case Field::other_object: case Field::owner: case Field::id:
                fail(path(), std::string("expected an integer, got ") + got);
            default: return;  // a field this version does not know: skipped
        }
    }

    void field(const Scalar& value) {
        auto string_field = [&](std::string& into) {
            if (value.type != Scalar::string) fail(path(), std::string("expected a string, got ") + value.describe());
            into.swap(*string_);
        };
        auto number_field = [&](double& into) {
            if (!value.is_number()) fail(path(), std::string("expected a number, got ") + value.describe());
            into = value.as_number();
        };
        auto id_field = [&](std::int64_t& into) {
            if (!value.is_integer()) fail(path(), std::string("expected an integer, got ") + value.describe());
            if (value.integer_value == 0 && levels_.back().array) return;  // a positional "none"
            if (value.integer_value < 1 || value.integer_value > UINT32_MAX)
                fail(path(), "names unknown object " + std::to_string(value.integer_value) + " (ids count up from 1)");
            into = value.integer_value;
        };
        switch (current_field()) {
            case Field::kind: string_field(record_.kind), record_.has_kind = true; break;
            case Field::role: string_field(record_.role); break;
            case Field::text: string_field(record_.text), record_.has_name = true; break;
            case Field::time: number_field(record_.time), record_.has_time = true; break;
            case Field::number: number_field(record_.number); break;
            case Field::subject: id_field(record_.subject); break;
            case Field::other_object: id_field(record_.other); break;
            case Field::owner: id_field(record_.owner); break;
            case Field::id:
                if (!value.is_integer()) fail(path(), std::string("expected an integer, got ") + value.describe());
                record_.id = value.integer_value;
                record_.has_id = true;
                break;
            case Field::where:
                if (value.type == Scalar::null && levels_.back().array) break;  // a positional "nowhere"
                fail(path(), std::string("expected [file, line, column], got ") + value.describe());
            case Field::other: break;
        }
    }

    Location record_where(const char* section) const {
        if (record_.where_parts < 0) return {};
        auto at = [&](const char* part) {
            return std::string("/") + section + "/" + std::to_string(levels_[1].index) + "/where/" + part;
        };
        if (record_.where[0] < 0) fail(at("0"), "names unknown file " + std::to_string(record_.where[0]));
        if (record_.where[1] < 1) fail(at("1"), "line must be 1 or more");
        return {static_cast<std::int32_t>(std::min<std::int64_t>(record_.where[0], INT32_MAX)),
                static_cast<std::int32_t>(std::min<std::int64_t>(record_.where[1], INT32_MAX)),
                static_cast<std::int32_t>(std::clamp<std::int64_t>(record_.where[2], INT32_MIN, INT32_MAX))};
    }

    // Returns false to stop the parse: the indexing thread found a problem.
    bool add_event() {
        size_t i = levels_[1].index;
        auto at = [&](const char* key) { return "/events/" + std::to_string(i) + "/" + key; };
        if (!record_.has_kind) fail(at("kind"), "missing field");
        auto kind = event_kind_from_string(record_.kind);
        if (!kind) fail(at("kind"), "event " + std::to_string(i) + ": unknown event kind \"" + record_.kind + "\"");
        if (!record_.has_time) fail(at("time"), "missing field");
        Event event{.kind = *kind,
                    .subject = static_cast<ObjectId>(record_.subject),
                    .other = static_cast<ObjectId>(record_.other),
                    .where = record_where("events"),
                    .time = record_.time,
                    .number = record_.number,
                    .text = record_.text};
        if (!indexing_) {
            trace_.events.push_back(event);
            return true;
        }
        batch_.push_back({event, record_.text});
        if (batch_.size() < IndexingThread::batch_size) return true;
        bool going_on = indexing_->push(std::move(batch_));
        batch_.clear();
        batch_.reserve(IndexingThread::batch_size);
        return going_on;
    }

    void add_object() {
        size_t i = levels_[1].index;
        std::string at = "/objects/" + std::to_string(i);
        if (!record_.has_id) fail(at + "/id", "missing field");
        if (record_.id != static_cast<std::int64_t>(i + 1))
            fail(at + "/id", "expected id " + std::to_string(i + 1) + " (ids count up from 1), got " +
                                 std::to_string(record_.id));
        if (!record_.has_kind) fail(at + "/kind", "missing field");
        auto kind = object_kind_from_string(record_.kind);
        if (!kind) fail(at + "/kind", "unknown object kind \"" + record_.kind + "\"");
        if (!record_.has_name) fail(at + "/name", "missing field");
        auto role = record_.role.empty() ? std::optional<ObjectRole>(ObjectRole::none) : object_role_from_string(record_.role);
        if (!role) fail(at + "/role", "unknown role \"" + record_.role + "\"");
        trace_.objects.push_back({static_cast<ObjectId>(record_.id), *kind, record_.text,
                                  static_cast<ObjectId>(record_.owner), record_where("objects"), *role});
    }
};

// Returns the format's version.
std::int64_t read_small_parts(Trace& trace, const json& root, const Reader& r) {
    if (!root.contains("format") || root["format"] != trace_format_name)
        r.fail("/format", std::string("not a cotrace trace: expected \"") + trace_format_name + "\"");
    std::int64_t version = r.integer(r.field(root, "", "version"), "/version");
    if (version < oldest_trace_format_version || version > trace_format_version)
        r.fail("/version", "unsupported version " + std::to_string(version) + " (this cotrace reads versions " +
                               std::to_string(oldest_trace_format_version) + " to " +
                               std::to_string(trace_format_version) + ")");

    const json& meta = r.field(root, "", "meta");
    trace.meta.title = r.string(meta, "/meta", "title");
    trace.meta.walkthrough = r.optional_string(meta, "/meta", "walkthrough");
    trace.meta.intro = r.optional_string(meta, "/meta", "intro");
    trace.meta.clock = r.string(meta, "/meta", "clock");
    if (version >= 2) {
        trace.meta.recorder = r.string(meta, "/meta", "recorder");
        if (trace.meta.recorder != "runtime" && trace.meta.recorder != "cpython")
            r.fail("/meta/recorder", "expected \"runtime\" or \"cpython\", got \"" + trace.meta.recorder + "\"");
    }

    const json& files = r.array(root, "", "files");
    for (size_t i = 0; i < files.size(); ++i) {
        std::string at = "/files/" + std::to_string(i);
        trace.files.push_back({r.string(files[i], at, "path"), r.string(files[i], at, "text")});
        if (files[i].contains("embedded")) {
            if (!files[i]["embedded"].is_boolean()) r.fail(at + "/embedded", "expected true or false");
            trace.files.back().embedded = files[i]["embedded"].get<bool>();
            if (!trace.files.back().embedded && !trace.files.back().text.empty())
                r.fail(at + "/text", "a file that is not embedded has no text");
        }
    }

    if (root.contains("python")) {
        const json& python = root["python"];
        trace.python.path = r.optional_string(python, "/python", "path");
        trace.python.text = r.optional_string(python, "/python", "text");
        std::int64_t cpp_file = r.integer(r.field(python, "/python", "cpp_file"), "/python/cpp_file");
        if (cpp_file < -1 || cpp_file >= static_cast<std::int64_t>(trace.files.size()))
            r.fail("/python/cpp_file", "names unknown file " + std::to_string(cpp_file));
        trace.python.cpp_file = static_cast<std::int32_t>(cpp_file);
        const json& map = r.array(python, "/python", "line_map");
        for (size_t i = 0; i < map.size(); ++i) {
            std::string at = "/python/line_map/" + std::to_string(i);
            if (!map[i].is_array() || map[i].size() != 2) r.fail(at, "expected [cpp_line, python_line]");
            auto line = [&](size_t k) {
                std::int64_t number = r.integer(map[i][k], at + "/" + std::to_string(k));
                if (number < 1 || number > INT32_MAX) r.fail(at + "/" + std::to_string(k), "line must be from 1 to 2147483647");
                return static_cast<int>(number);
            };
            trace.python.line_map.emplace_back(line(0), line(1));
        }
    }
    return version;
}

// The values section (version 3), once the objects and events are in: each change names an event that
// exists and a frame (or 0, the globals), and the changes come in the order of their events.
void read_values(Trace& trace, const json& root, const Reader& r) {
    if (!root.contains("values")) return;
    const json& values = r.array(root, "", "values");
    for (size_t i = 0; i < values.size(); ++i) {
        std::string at = "/values/" + std::to_string(i);
        const json& v = values[i];
        if (!v.is_array() || v.size() < 4 || v.size() > 6)
            r.fail(at, "expected [event, frame, name, value, shared, object] (the last two may be left out)");
        auto whole = [&](size_t k, std::int64_t most) {
            std::int64_t number = r.integer(v[k], at + "/" + std::to_string(k));
            if (number < 0 || number > most) r.fail(at + "/" + std::to_string(k), "expected 0 to " + std::to_string(most));
            return static_cast<std::uint32_t>(number);
        };
        ValueChange change;
        change.event = whole(0, UINT32_MAX);
        if (change.event >= trace.events.size())
            r.fail(at + "/0", "names event " + std::to_string(change.event) + ", but the trace has " +
                                  std::to_string(trace.events.size()));
        if (!trace.values.empty() && change.event < trace.values[trace.values.size() - 1].event)
            r.fail(at + "/0", "the changes must come in the order of their events");
        change.frame = whole(1, UINT32_MAX);
        if (change.frame && (!trace.has_object(change.frame) || trace.kind(change.frame) != ObjectKind::frame))
            r.fail(at + "/1", "names " + std::to_string(change.frame) + ", which is not a frame");
        if (!v[2].is_string() || v[2].get_ref<const std::string&>().empty()) r.fail(at + "/2", "expected a name");
        change.name = v[2].get_ref<const std::string&>();
        if (v[3].is_null()) change.unbound = true;
        else if (v[3].is_string()) change.text = v[3].get_ref<const std::string&>();
        else r.fail(at + "/3", "expected the value's text, or null for a name unbound");
        if (v.size() > 4) change.shared = whole(4, UINT32_MAX);
        if (v.size() > 5) {
            change.object = whole(5, UINT32_MAX);
            if (change.object && !(trace.has_object(change.object) && matches(EventShape::future_like, trace.kind(change.object))))
                r.fail(at + "/5", "names " + std::to_string(change.object) + ", which is not a task or future");
        }
        trace.values.push_back(change, change.frame && trace.role(change.frame) == ObjectRole::call);
    }
}

std::pair<size_t, size_t> line_and_column(std::string_view text, size_t byte) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// What a file's first byte says it holds: JSON text starts with "{" (after any blanks); a CBOR map
// with 0xa0-0xbb or 0xbf; a MessagePack map with 0x80-0x8f, 0xde or 0xdf.
TraceEncoding sniff(std::string_view bytes) {
    size_t first = bytes.find_first_not_of(" \t\r\n");
    auto byte = static_cast<unsigned char>(bytes[first]);
    if ((byte >= 0xa0 && byte <= 0xbb) || byte == 0xbf) return TraceEncoding::cbor;
    if ((byte >= 0x80 && byte <= 0x8f) || byte == 0xde || byte == 0xdf) return TraceEncoding::messagepack;
    return TraceEncoding::json;
}

Trace parse(std::string_view bytes, const std::string& file, TraceEncoding encoding);

}  // namespace

Trace from_json(std::string_view text, const std::string& file) { return from_bytes(text, file); }

Trace from_bytes(std::string_view bytes, const std::string& file) {
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) throw TraceError(file, "", "the file is empty");
    TraceEncoding encoding = sniff(bytes);
    try {
        return parse(bytes, file, encoding);
    } catch (const std::bad_alloc&) {
        throw TraceError(file, "", "out of memory while loading it (" + std::to_string(bytes.size() >> 20) +
                                       " MB); a trace takes about 60 bytes of memory an event");
    }
}

namespace {

Trace parse(std::string_view bytes, const std::string& file, TraceEncoding encoding) {
    Reader r(file);
    if (auto nested = encoding == TraceEncoding::cbor ? nested_indefinite_string(bytes) : std::nullopt)
        throw TraceError(file, "byte " + std::to_string(*nested),
                         "malformed CBOR: an indefinite-length string inside another (CBOR does not allow it)");
    Trace trace;
    TraceSax sax(trace, file, bytes.size(), encoding != TraceEncoding::json);
    auto format = encoding == TraceEncoding::cbor          ? json::input_format_t::cbor
                  : encoding == TraceEncoding::messagepack ? json::input_format_t::msgpack
                                                           : json::input_format_t::json;
    bool parsed = json::sax_parse(bytes.data(), bytes.data() + bytes.size(), &sax, format);
    // The indexing thread's problem comes first: it stopped the parse, or it is earlier in the file.
    if (auto problem = sax.finish_indexing()) throw TraceError(file, problem->place, problem->problem);
    if (!parsed) {
        if (encoding != TraceEncoding::json)
            throw TraceError(file, "byte " + std::to_string(sax.error_byte),
                             std::string(encoding == TraceEncoding::cbor ? "malformed or truncated CBOR: "
                                                                         : "malformed or truncated MessagePack: ") +
                                 sax.error_what);
        auto [line, column] = line_and_column(bytes, sax.error_byte == 0 ? 0 : sax.error_byte - 1);
        bool truncated = sax.error_byte >= bytes.size();
        throw TraceError(file, "line " + std::to_string(line) + ", column " + std::to_string(column),
                         truncated ? "the JSON ends too early (is the file truncated?)"
                                   : "malformed JSON: " + sax.error_what);
    }
    std::int64_t version = read_small_parts(trace, sax.rest(), r);
    if (!sax.saw_objects()) r.fail("/objects", "missing field");
    if (!sax.saw_events()) r.fail("/events", "missing field");
    if (sax.indexed()) {
        read_values(trace, sax.rest(), r);
        return trace;
    }
    if (version == 1) upgrade_from_version_1(trace);
    // The sections came in another order: check and index now.
    if (auto problem = object_problems(trace, trace.files.size())) r.fail(problem->place, problem->problem);
    for (size_t i = 0; i < trace.events.size(); ++i)
        if (auto problem = event_problem(trace, i, trace.events[i], trace.files.size()))
            r.fail(problem->place, problem->problem);
    size_t failed_event = 0;
    if (std::string problem = trace.index(&failed_event); !problem.empty())
        r.fail("/events/" + std::to_string(failed_event), problem);
    read_values(trace, sax.rest(), r);
    return trace;
}

}  // namespace

}  // namespace cotrace
