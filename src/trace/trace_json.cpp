#include "trace_json.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace cotrace {

using nlohmann::json;

TraceError::TraceError(std::string file_, std::string place_, std::string problem_)
    : std::runtime_error(file_ + ": " + (place_.empty() ? "" : place_ + ": ") + problem_),
      file(std::move(file_)), place(std::move(place_)), problem(std::move(problem_)) {}

// ---- writing

namespace {

json location_json(const Location& where) { return json::array({where.file, where.line, where.column}); }

json event_json(const Event& e) {
    json j = {{"kind", to_string(e.kind)}, {"time", e.time}};
    if (e.subject) j["subject"] = e.subject;
    if (e.other) j["other"] = e.other;
    if (e.where.valid()) j["where"] = location_json(e.where);
    if (e.number != 0) j["number"] = e.number;
    if (!e.text.empty()) j["text"] = e.text;
    return j;
}

json object_json(const TraceObject& o) {
    json j = {{"id", o.id}, {"kind", to_string(o.kind)}, {"name", o.name}};
    if (o.owner) j["owner"] = o.owner;
    if (o.where.valid()) j["where"] = location_json(o.where);
    return j;
}

void write_array(std::ostringstream& out, const char* key, const std::vector<json>& items, bool last) {
    out << "  \"" << key << "\": [";
    for (size_t i = 0; i < items.size(); ++i) out << (i ? ",\n    " : "\n    ") << items[i].dump();
    out << (items.empty() ? "]" : "\n  ]") << (last ? "\n" : ",\n");
}

}  // namespace

std::string to_json(const Trace& trace) {
    json python = {{"path", trace.python.path}, {"text", trace.python.text}, {"cpp_file", trace.python.cpp_file},
                   {"line_map", trace.python.line_map}};
    json meta = {{"title", trace.meta.title}, {"walkthrough", trace.meta.walkthrough},
                 {"intro", trace.meta.intro}, {"clock", trace.meta.clock}};
    std::ostringstream out;
    out << "{\n";
    out << "  \"format\": " << json(trace_format_name).dump() << ",\n";
    out << "  \"version\": " << trace_format_version << ",\n";
    out << "  \"meta\": " << meta.dump() << ",\n";
    std::vector<json> files, objects, events;
    for (const auto& f : trace.files) files.push_back({{"path", f.path}, {"text", f.text}});
    for (const auto& o : trace.objects) objects.push_back(object_json(o));
    for (const auto& e : trace.events) events.push_back(event_json(e));
    write_array(out, "files", files, false);
    out << "  \"python\": " << python.dump() << ",\n";
    write_array(out, "objects", objects, false);
    write_array(out, "events", events, true);
    out << "}\n";
    return out.str();
}

namespace {

nlohmann::json trace_document(const Trace& trace) {
    json files = json::array(), objects = json::array(), events = json::array();
    for (const auto& f : trace.files) files.push_back({{"path", f.path}, {"text", f.text}});
    for (const auto& o : trace.objects) objects.push_back(object_json(o));
    for (const auto& e : trace.events) events.push_back(event_json(e));
    return {{"format", trace_format_name},
            {"version", trace_format_version},
            {"meta", {{"title", trace.meta.title}, {"walkthrough", trace.meta.walkthrough},
                      {"intro", trace.meta.intro}, {"clock", trace.meta.clock}}},
            {"files", std::move(files)},
            {"python", {{"path", trace.python.path}, {"text", trace.python.text},
                        {"cpp_file", trace.python.cpp_file}, {"line_map", trace.python.line_map}}},
            {"objects", std::move(objects)},
            {"events", std::move(events)}};
}

}  // namespace

std::string to_binary(const Trace& trace, TraceEncoding encoding) {
    std::vector<std::uint8_t> bytes = encoding == TraceEncoding::messagepack ? json::to_msgpack(trace_document(trace))
                                                                             : json::to_cbor(trace_document(trace));
    return std::string(bytes.begin(), bytes.end());
}

TraceEncoding encoding_for(const std::string& path) {
    if (path.ends_with(".cbor")) return TraceEncoding::cbor;
    if (path.ends_with(".msgpack") || path.ends_with(".mpk")) return TraceEncoding::messagepack;
    return TraceEncoding::json;
}

void write_file_atomically(const std::string& path, const std::string& text) {
    std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot write (cannot create " + temporary + ")");
        out << text;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw std::runtime_error(path + ": write failed (disk full?)");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw std::runtime_error(path + ": cannot replace the file");
    }
}

void save_trace(const Trace& trace, const std::string& path) {
    try {
        TraceEncoding encoding = encoding_for(path);
        write_file_atomically(path, encoding == TraceEncoding::json ? to_json(trace) : to_binary(trace, encoding));
    } catch (const std::runtime_error& e) {
        throw TraceError(path, "", e.what());
    }
}

// ---- reading, with every problem named by its JSON path

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

    double number(const json& parent, const std::string& path, const char* key, bool optional) const {
        if (optional && !parent.contains(key)) return 0;
        const json& j = field(parent, path, key);
        if (!j.is_number()) fail(path + "/" + key, "expected a number, got " + type_of(j));
        return j.get<double>();
    }

    std::int64_t integer(const json& j, const std::string& path) const {
        if (!j.is_number_integer()) fail(path, "expected an integer, got " + type_of(j));
        return j.get<std::int64_t>();
    }

    ObjectId id(const json& parent, const std::string& path, const char* key, size_t object_count) const {
        if (!parent.contains(key)) return 0;
        std::int64_t value = integer(parent[key], path + "/" + key);
        if (value < 1 || static_cast<size_t>(value) > object_count)
            fail(path + "/" + key, "names unknown object " + std::to_string(value) + " (the trace has " +
                                       std::to_string(object_count) + " objects)");
        return static_cast<ObjectId>(value);
    }

    const json& array(const json& parent, const std::string& path, const char* key) const {
        const json& j = field(parent, path, key);
        if (!j.is_array()) fail(path + "/" + key, "expected an array, got " + type_of(j));
        return j;
    }

    Location location(const json& parent, const std::string& path, const char* key, size_t file_count) const {
        if (!parent.contains(key)) return {};
        const json& j = parent[key];
        std::string at = path + "/" + key;
        if (!j.is_array() || j.size() != 3) fail(at, "expected [file, line, column], got " + type_of(j));
        Location where{static_cast<std::int32_t>(integer(j[0], at + "/0")),
                       static_cast<std::int32_t>(integer(j[1], at + "/1")),
                       static_cast<std::int32_t>(integer(j[2], at + "/2"))};
        if (where.file < 0 || static_cast<size_t>(where.file) >= file_count)
            fail(at + "/0", "names unknown file " + std::to_string(where.file));
        if (where.line < 1) fail(at + "/1", "line must be 1 or more");
        return where;
    }

private:
    std::string file_;
};

std::pair<size_t, size_t> line_and_column(const std::string& text, size_t byte) {
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

}  // namespace

namespace {

Trace from_document(const json& root, const std::string& file);

// What a file's first byte says it holds: JSON text starts with "{" (after any blanks); a CBOR map
// with 0xa0-0xbb or 0xbf; a MessagePack map with 0x80-0x8f, 0xde or 0xdf.
TraceEncoding sniff(const std::string& bytes) {
    size_t first = bytes.find_first_not_of(" \t\r\n");
    auto byte = static_cast<unsigned char>(bytes[first]);
    if ((byte >= 0xa0 && byte <= 0xbb) || byte == 0xbf) return TraceEncoding::cbor;
    if ((byte >= 0x80 && byte <= 0x8f) || byte == 0xde || byte == 0xdf) return TraceEncoding::messagepack;
    return TraceEncoding::json;
}

}  // namespace

Trace from_json(const std::string& text, const std::string& file) { return from_bytes(text, file); }

Trace from_bytes(const std::string& bytes, const std::string& file) {
    Reader r(file);
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) r.fail("", "the file is empty");
    TraceEncoding encoding = sniff(bytes);
    json root;
    try {
        if (encoding == TraceEncoding::cbor) root = json::from_cbor(bytes);
        else if (encoding == TraceEncoding::messagepack) root = json::from_msgpack(bytes);
        else root = json::parse(bytes);
    } catch (const json::parse_error& e) {
        if (encoding != TraceEncoding::json)
            throw TraceError(file, "byte " + std::to_string(e.byte),
                             std::string(encoding == TraceEncoding::cbor ? "malformed or truncated CBOR: "
                                                                         : "malformed or truncated MessagePack: ") +
                                 e.what());
        auto [line, column] = line_and_column(bytes, e.byte == 0 ? 0 : e.byte - 1);
        bool truncated = e.byte >= bytes.size();
        throw TraceError(file, "line " + std::to_string(line) + ", column " + std::to_string(column),
                         truncated ? "the JSON ends too early (is the file truncated?)"
                                   : "malformed JSON: " + std::string(e.what()));
    }
    return from_document(root, file);
}

namespace {

Trace from_document(const json& root, const std::string& file) {
    Reader r(file);
    if (!root.is_object()) r.fail("", "not a cotrace trace: expected a JSON object, got " + type_of(root));
    if (!root.contains("format") || root["format"] != trace_format_name)
        r.fail("/format", std::string("not a cotrace trace: expected \"") + trace_format_name + "\"");
    std::int64_t version = r.integer(r.field(root, "", "version"), "/version");
    if (version != trace_format_version)
        r.fail("/version", "unsupported version " + std::to_string(version) + " (this cotrace reads version " +
                               std::to_string(trace_format_version) + ")");

    Trace trace;
    const json& meta = r.field(root, "", "meta");
    trace.meta.title = r.string(meta, "/meta", "title");
    trace.meta.walkthrough = r.optional_string(meta, "/meta", "walkthrough");
    trace.meta.intro = r.optional_string(meta, "/meta", "intro");
    trace.meta.clock = r.string(meta, "/meta", "clock");

    const json& files = r.array(root, "", "files");
    for (size_t i = 0; i < files.size(); ++i) {
        std::string at = "/files/" + std::to_string(i);
        trace.files.push_back({r.string(files[i], at, "path"), r.string(files[i], at, "text")});
    }

    if (root.contains("python")) {
        const json& python = root["python"];
        trace.python.path = r.optional_string(python, "/python", "path");
        trace.python.text = r.optional_string(python, "/python", "text");
        trace.python.cpp_file =
            static_cast<std::int32_t>(r.integer(r.field(python, "/python", "cpp_file"), "/python/cpp_file"));
        if (trace.python.cpp_file >= static_cast<std::int32_t>(trace.files.size()))
            r.fail("/python/cpp_file", "names unknown file " + std::to_string(trace.python.cpp_file));
        const json& map = r.array(python, "/python", "line_map");
        for (size_t i = 0; i < map.size(); ++i) {
            std::string at = "/python/line_map/" + std::to_string(i);
            if (!map[i].is_array() || map[i].size() != 2) r.fail(at, "expected [cpp_line, python_line]");
            trace.python.line_map.emplace_back(static_cast<int>(r.integer(map[i][0], at + "/0")),
                                               static_cast<int>(r.integer(map[i][1], at + "/1")));
        }
    }

    const json& objects = r.array(root, "", "objects");
    for (size_t i = 0; i < objects.size(); ++i) {
        std::string at = "/objects/" + std::to_string(i);
        TraceObject object;
        std::int64_t id = r.integer(r.field(objects[i], at, "id"), at + "/id");
        if (id != static_cast<std::int64_t>(i + 1))
            r.fail(at + "/id", "expected id " + std::to_string(i + 1) + " (ids count up from 1), got " + std::to_string(id));
        object.id = static_cast<ObjectId>(id);
        std::string kind = r.string(objects[i], at, "kind");
        auto parsed = object_kind_from_string(kind);
        if (!parsed) r.fail(at + "/kind", "unknown object kind \"" + kind + "\"");
        object.kind = *parsed;
        object.name = r.string(objects[i], at, "name");
        object.owner = r.id(objects[i], at, "owner", objects.size());
        object.where = r.location(objects[i], at, "where", trace.files.size());
        trace.objects.push_back(std::move(object));
    }

    const json& events = r.array(root, "", "events");
    trace.events.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        std::string at = "/events/" + std::to_string(i);
        Event event;
        std::string kind = r.string(events[i], at, "kind");
        auto parsed = event_kind_from_string(kind);
        if (!parsed) r.fail(at + "/kind", "event " + std::to_string(i) + ": unknown event kind \"" + kind + "\"");
        event.kind = *parsed;
        event.time = r.number(events[i], at, "time", false);
        event.number = r.number(events[i], at, "number", true);
        event.text = r.optional_string(events[i], at, "text");
        event.where = r.location(events[i], at, "where", trace.files.size());
        event.subject = r.id(events[i], at, "subject", trace.objects.size());
        event.other = r.id(events[i], at, "other", trace.objects.size());
        EventShape shape = shape_of(event.kind);
        auto check = [&](EventShape::Ref ref, ObjectId id, const char* key) {
            bool optional = ref == EventShape::none || ref == EventShape::optional_frame ||
                            ref == EventShape::optional_task || ref == EventShape::optional_future_like;
            std::string where = at + "/" + key;
            if (id == 0) {
                if (!optional) r.fail(where, "event " + std::to_string(i) + " (" + kind + ") needs a " +
                                                 std::string(describe(ref)));
                return;
            }
            if (ref == EventShape::none) return;
            const auto& object = trace.object(id);
            if (!matches(ref, object.kind))
                r.fail(where, "event " + std::to_string(i) + " (" + kind + ") names " + std::string(to_string(object.kind)) +
                                  " " + std::to_string(id) + ", which is not a " + std::string(describe(ref)));
        };
        check(shape.subject, event.subject, "subject");
        check(shape.other, event.other, "other");
        trace.events.push_back(std::move(event));
    }

    std::string problem = trace.index();
    if (!problem.empty()) {
        // "event N (kind): ..." -> the place is that event's JSON path.
        size_t space = problem.find(' ', 6);
        r.fail("/events/" + problem.substr(6, space - 6), problem);
    }
    return trace;
}

}  // namespace

Trace load_trace(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw TraceError(path, "", "is a directory, not a trace file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TraceError(path, "", "cannot open the file (does it exist?)");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return from_bytes(bytes.str(), path);
}

}  // namespace cotrace
