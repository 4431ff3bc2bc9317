#include "trace_json.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "binary_writer.h"
#include "utf8.h"

namespace cotrace {

using nlohmann::json;

TraceError::TraceError(std::string file_, std::string place_, std::string problem_)
    : std::runtime_error(file_ + ": " + (place_.empty() ? "" : place_ + ": ") + problem_),
      file(std::move(file_)), place(std::move(place_)), problem(std::move(problem_)) {}

// ---- writing

namespace {

// Text as every reader accepts it: bytes that are not UTF-8 become U+FFFD (see utf8.h).
std::string text_json(std::string_view text) {
    return json(with_valid_utf8(text)).dump();
}
std::string text_of(std::string_view text) { return with_valid_utf8(text); }

json location_json(const Location& where) { return json::array({where.file, where.line, where.column}); }

// One event as one line of JSON, exactly as nlohmann_json would dump it as an object (its keys sorted),
// without building that object: a trace has millions.
void write_event_json(std::string& line, const Event& e) {
    line += "{\"kind\":\"";
    line += to_string(e.kind);
    line += '"';
    if (e.number != 0) line += ",\"number\":", line += json(e.number).dump();
    if (e.other) line += ",\"other\":", line += std::to_string(e.other);
    if (e.subject) line += ",\"subject\":", line += std::to_string(e.subject);
    if (!e.text.empty()) line += ",\"text\":", line += text_json(e.text);
    line += ",\"time\":", line += json(e.time).dump();
    if (e.where.valid())
        line += ",\"where\":[" + std::to_string(e.where.file) + "," + std::to_string(e.where.line) + "," +
                std::to_string(e.where.column) + "]";
    line += '}';
}

json meta_json(const TraceMeta& meta) {
    return {{"title", text_of(meta.title)}, {"walkthrough", text_of(meta.walkthrough)}, {"intro", text_of(meta.intro)},
            {"clock", text_of(meta.clock)}, {"recorder", text_of(meta.recorder)}};
}

json file_json(const SourceFile& file) {
    json made = {{"path", text_of(file.path)}, {"text", text_of(file.text)}};
    if (!file.embedded) made["embedded"] = false;  // written only when false: older traces stay byte for byte
    return made;
}

json python_json(const PythonListing& python) {
    return {{"path", text_of(python.path)}, {"text", text_of(python.text)}, {"cpp_file", python.cpp_file}, {"line_map", python.line_map}};
}

// A value change as an array, [event, frame, name, text, shared, object]: text null for a name unbound,
// and the trailing fields that say nothing (0) left out.
json value_json(const ValueChange& v) {
    json made = json::array({v.event, v.frame, text_of(v.name)});
    made.push_back(v.unbound ? json(nullptr) : json(text_of(v.text)));
    if (v.shared || v.object) made.push_back(v.shared);
    if (v.object) made.push_back(v.object);
    return made;
}

json object_json(const TraceObject& o) {
    json j = {{"id", o.id}, {"kind", to_string(o.kind)}, {"name", text_of(o.name)}};
    if (o.owner) j["owner"] = o.owner;
    if (o.role != ObjectRole::none) j["role"] = to_string(o.role);
    if (o.where.valid()) j["where"] = location_json(o.where);
    return j;
}

}  // namespace

// Written part by part, in the order the reader checks them, so that no whole document is ever built.
void write_json(const Trace& trace, std::ostream& out) {
    out << "{\n";
    out << "  \"format\": " << json(trace_format_name).dump() << ",\n";
    out << "  \"version\": " << trace.format_version() << ",\n";
    out << "  \"meta\": " << meta_json(trace.meta).dump() << ",\n";
    auto write_array = [&](const char* key, size_t count, auto item_json, bool last) {
        out << "  \"" << key << "\": [";
        for (size_t i = 0; i < count; ++i) out << (i ? ",\n    " : "\n    ") << item_json(i).dump();
        out << (count == 0 ? "]" : "\n  ]") << (last ? "\n" : ",\n");
    };
    write_array("files", trace.files.size(), [&](size_t i) { return file_json(trace.files[i]); }, false);
    out << "  \"python\": " << python_json(trace.python).dump() << ",\n";
    write_array("objects", trace.objects.size(), [&](size_t i) { return object_json(trace.objects[i]); }, false);
    out << "  \"events\": [";
    std::string lines;
    for (size_t i = 0; i < trace.events.size(); ++i) {
        lines += i ? ",\n    " : "\n    ";
        write_event_json(lines, trace.events[i]);
        if (lines.size() > (1 << 20)) out << lines, lines.clear();
    }
    out << lines << (trace.events.empty() ? "]" : "\n  ]") << (trace.values.empty() ? "\n" : ",\n");
    if (!trace.values.empty())
        write_array("values", trace.values.size(), [&](size_t i) { return value_json(trace.values[i]); }, true);
    out << "}\n";
}

std::string to_json(const Trace& trace) {
    std::ostringstream out;
    write_json(trace, out);
    return out.str();
}

namespace {

// A value nlohmann_json encodes (the small parts, and objects), after what the writer holds.
void put_value(BinaryWriter& writer, TraceEncoding encoding, const json& value) {
    std::vector<std::uint8_t> bytes;
    if (encoding == TraceEncoding::cbor) json::to_cbor(value, bytes);
    else json::to_msgpack(value, bytes);
    writer.bytes().append(bytes.begin(), bytes.end());
}

// Binary traces write each event as an array, [kind, time, subject, other, where, number, text], without
// the trailing fields that say nothing: half the bytes of a map, and half the reading.
void put_event(BinaryWriter& writer, const Event& e) {
    bool number_says_nothing = e.number == 0 && !std::signbit(e.number);
    size_t count = !e.text.empty()           ? 7
                   : !number_says_nothing    ? 6
                   : e.where.valid()         ? 5
                   : e.other != 0            ? 4
                   : e.subject != 0          ? 3
                                             : 2;
    writer.array(count);
    writer.text(to_string(e.kind));
    writer.number(e.time);
    if (count > 2) writer.integer(e.subject);
    if (count > 3) writer.integer(e.other);
    if (count > 4) {
        if (e.where.valid()) {
            writer.array(3);
            writer.integer(e.where.file), writer.integer(e.where.line), writer.integer(e.where.column);
        } else {
            writer.null();
        }
    }
    if (count > 5) writer.number(e.number);
    if (count > 6) writer.text(e.text);
}

}  // namespace

void write_binary(const Trace& trace, TraceEncoding encoding, std::ostream& out) {
    if (encoding != TraceEncoding::cbor && trace.events.size() > 0xffffffff)
        throw std::length_error("MessagePack holds at most 4294967295 events");
    BinaryWriter writer(encoding == TraceEncoding::cbor ? BinaryWriter::Encoding::cbor : BinaryWriter::Encoding::messagepack);
    auto flush = [&](size_t at_least) {
        if (writer.bytes().size() < at_least) return;
        out.write(writer.bytes().data(), static_cast<std::streamsize>(writer.bytes().size()));
        writer.bytes().clear();
    };
    writer.map(trace.values.empty() ? 7 : 8);
    writer.text("format"), writer.text(trace_format_name);
    writer.text("version"), writer.integer(trace.format_version());
    writer.text("meta"), put_value(writer, encoding, meta_json(trace.meta));
    writer.text("files"), writer.array(trace.files.size());
    for (const auto& file : trace.files) put_value(writer, encoding, file_json(file)), flush(1 << 20);
    writer.text("python"), put_value(writer, encoding, python_json(trace.python));
    writer.text("objects"), writer.array(trace.objects.size());
    for (const TraceObject& object : trace.objects) put_value(writer, encoding, object_json(object)), flush(1 << 20);
    writer.text("events"), writer.array(trace.events.size());
    for (const Event& event : trace.events) put_event(writer, event), flush(1 << 20);
    if (!trace.values.empty()) {
        writer.text("values"), writer.array(trace.values.size());
        for (size_t i = 0; i < trace.values.size(); ++i) put_value(writer, encoding, value_json(trace.values[i])), flush(1 << 20);
    }
    flush(0);
}

std::string to_binary(const Trace& trace, TraceEncoding encoding) {
    std::ostringstream out;
    write_binary(trace, encoding, out);
    return out.str();
}

TraceEncoding encoding_for(const std::string& path) {
    if (path.ends_with(".cbor")) return TraceEncoding::cbor;
    if (path.ends_with(".msgpack") || path.ends_with(".mpk")) return TraceEncoding::messagepack;
    return TraceEncoding::json;
}

void save_trace(const Trace& trace, const std::string& path) {
    try {
        TraceEncoding encoding = encoding_for(path);
        write_file_atomically(path, [&](std::ostream& out) {
            if (encoding == TraceEncoding::json) write_json(trace, out);
            else write_binary(trace, encoding, out);
        });
    } catch (const FileError& e) {
        throw TraceError(e.path, "", e.problem);
    } catch (const std::bad_alloc&) {
        throw TraceError(path, "", "out of memory while saving");
    } catch (const std::exception& e) {
        throw TraceError(path, "", e.what());
    }
}

}  // namespace cotrace
