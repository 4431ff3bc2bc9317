// Saving and loading traces as JSON, CBOR or MessagePack (docs/trace-format.md).
#pragma once

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <string>

#include "atomic_file.h"
#include "trace.h"

namespace cotrace {

// A trace that cannot be used: which file, where in it, and what is wrong.
class TraceError : public std::runtime_error {
public:
    TraceError(std::string file, std::string place, std::string problem);
    std::string file, place, problem;
};

// A trace is stored as JSON text, or in a binary encoding of the same document (nlohmann_json's CBOR
// or MessagePack), smaller and faster to read. Readers tell them apart by content, not by file name.
enum class TraceEncoding { json, cbor, messagepack };

// Nothing in a trace is nested deeper than this many arrays and objects (docs/trace-format.md, Limits).
inline constexpr std::size_t max_trace_nesting = 16;

// The JSON text of a trace: deterministic (same trace, same bytes), one event per line.
std::string to_json(const Trace& trace);
void write_json(const Trace& trace, std::ostream& out);
// The same document, binary.
std::string to_binary(const Trace& trace, TraceEncoding encoding);
void write_binary(const Trace& trace, TraceEncoding encoding, std::ostream& out);
// Parses (streaming, never building the whole document) and checks a trace in any of the encodings;
// `file` names it in errors. Throws TraceError.
Trace from_bytes(std::string_view bytes, const std::string& file);
Trace from_json(std::string_view text, const std::string& file);

// The encoding a file name asks for when saving: .cbor, .msgpack (or .mpk), else JSON.
TraceEncoding encoding_for(const std::string& path);
// Writes atomically (write_file_atomically). Throws TraceError.
void save_trace(const Trace& trace, const std::string& path);
Trace load_trace(const std::string& path);

}  // namespace cotrace
