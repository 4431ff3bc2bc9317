#include "trace_json.h"

#include <unistd.h>

#include <cmath>
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

// Binary traces write each event as an array, [kind, time, subject, other, where, number, text], without
// the trailing fields that say nothing: half the bytes of a map, and half the reading.
json event_array(const Event& e) {
    json j = json::array({to_string(e.kind), e.time, e.subject, e.other,
                          e.where.valid() ? location_json(e.where) : json(nullptr), e.number, e.text});
    while (j.size() > 2) {
        const json& last = j.back();
        bool says_nothing = last.is_null() || (last.is_number() && last.get<double>() == 0 && !std::signbit(last.get<double>())) ||
                            (last.is_string() && last.get_ref<const std::string&>().empty());
        if (!says_nothing) break;
        j.erase(j.size() - 1);
    }
    return j;
}

json meta_json(const TraceMeta& meta) {
    return {{"title", meta.title}, {"walkthrough", meta.walkthrough}, {"intro", meta.intro}, {"clock", meta.clock}};
}

json file_json(const SourceFile& file) { return {{"path", file.path}, {"text", file.text}}; }

json python_json(const PythonListing& python) {
    return {{"path", python.path}, {"text", python.text}, {"cpp_file", python.cpp_file}, {"line_map", python.line_map}};
}

json object_json(const TraceObject& o) {
    json j = {{"id", o.id}, {"kind", to_string(o.kind)}, {"name", o.name}};
    if (o.owner) j["owner"] = o.owner;
    if (o.where.valid()) j["where"] = location_json(o.where);
    return j;
}

}  // namespace

// Written part by part, in the order the reader checks them, so that no whole document is ever built.
void write_json(const Trace& trace, std::ostream& out) {
    out << "{\n";
    out << "  \"format\": " << json(trace_format_name).dump() << ",\n";
    out << "  \"version\": " << trace_format_version << ",\n";
    out << "  \"meta\": " << meta_json(trace.meta).dump() << ",\n";
    auto write_array = [&](const char* key, size_t count, auto item_json, bool last) {
        out << "  \"" << key << "\": [";
        for (size_t i = 0; i < count; ++i) out << (i ? ",\n    " : "\n    ") << item_json(i).dump();
        out << (count == 0 ? "]" : "\n  ]") << (last ? "\n" : ",\n");
    };
    write_array("files", trace.files.size(), [&](size_t i) { return file_json(trace.files[i]); }, false);
    out << "  \"python\": " << python_json(trace.python).dump() << ",\n";
    write_array("objects", trace.objects.size(), [&](size_t i) { return object_json(trace.objects[i]); }, false);
    write_array("events", trace.events.size(), [&](size_t i) { return event_json(trace.events[i]); }, true);
    out << "}\n";
}

std::string to_json(const Trace& trace) {
    std::ostringstream out;
    write_json(trace, out);
    return out.str();
}

namespace {

// The headers of CBOR and MessagePack maps and arrays: the items follow, each encoded by nlohmann_json.
void put_big_endian(std::ostream& out, std::uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.put(static_cast<char>((value >> (8 * i)) & 0xff));
}

void put_header(std::ostream& out, TraceEncoding encoding, bool map, std::uint64_t count) {
    if (encoding == TraceEncoding::cbor) {
        int major = map ? 0xa0 : 0x80;
        if (count < 24) out.put(static_cast<char>(major + count));
        else if (count <= 0xff) out.put(static_cast<char>(major + 24)), put_big_endian(out, count, 1);
        else if (count <= 0xffff) out.put(static_cast<char>(major + 25)), put_big_endian(out, count, 2);
        else if (count <= 0xffffffff) out.put(static_cast<char>(major + 26)), put_big_endian(out, count, 4);
        else out.put(static_cast<char>(major + 27)), put_big_endian(out, count, 8);
        return;
    }
    if (count < 16) out.put(static_cast<char>((map ? 0x80 : 0x90) + count));
    else if (count <= 0xffff) out.put(static_cast<char>(map ? 0xde : 0xdc)), put_big_endian(out, count, 2);
    else out.put(static_cast<char>(map ? 0xdf : 0xdd)), put_big_endian(out, count, 4);
}

void put_value(std::ostream& out, TraceEncoding encoding, const json& value) {
    std::vector<std::uint8_t> bytes;
    if (encoding == TraceEncoding::cbor) json::to_cbor(value, bytes);
    else json::to_msgpack(value, bytes);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

void write_binary(const Trace& trace, TraceEncoding encoding, std::ostream& out) {
    if (encoding != TraceEncoding::cbor && trace.events.size() > 0xffffffff)
        throw std::length_error("MessagePack holds at most 4294967295 events");
    put_header(out, encoding, true, 7);
    auto key = [&](const char* name) { put_value(out, encoding, name); };
    key("format"), put_value(out, encoding, trace_format_name);
    key("version"), put_value(out, encoding, trace_format_version);
    key("meta"), put_value(out, encoding, meta_json(trace.meta));
    key("files"), put_header(out, encoding, false, trace.files.size());
    for (const auto& file : trace.files) put_value(out, encoding, file_json(file));
    key("python"), put_value(out, encoding, python_json(trace.python));
    key("objects"), put_header(out, encoding, false, trace.objects.size());
    for (const TraceObject& object : trace.objects) put_value(out, encoding, object_json(object));
    key("events"), put_header(out, encoding, false, trace.events.size());
    for (const Event& event : trace.events) put_value(out, encoding, event_array(event));
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

void write_file_atomically(const std::string& path, const std::string& text) {
    write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot write (cannot create " + temporary + ")");
        try {
            write(out);
        } catch (...) {
            out.close();
            std::remove(temporary.c_str());
            throw;
        }
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
        write_file_atomically(path, [&](std::ostream& out) {
            if (encoding == TraceEncoding::json) write_json(trace, out);
            else write_binary(trace, encoding, out);
        });
    } catch (const std::exception& e) {
        throw TraceError(path, "", e.what());
    }
}

}  // namespace cotrace
