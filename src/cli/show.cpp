#include "show.h"

#include <nlohmann/json.hpp>

#include "trace/utf8.h"

namespace cotrace::cli {

namespace {

std::string joined(const std::vector<std::string>& parts, const std::string& between) {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : between) + part;
    return text;
}

}  // namespace

void print_step_view(const analysis::StepView& view, bool with_question, std::ostream& out) {
    out << "Step " << view.step << " of " << view.steps << "\n";
    if (!view.narration.empty()) out << view.narration << "\n";
    out << "\nSource\n";
    if (view.listing) {
        const auto& listing = *view.listing;
        out << "  " << listing.path << ", line " << listing.line << (listing.runs ? " (runs here)" : " (waits here)") << "\n";
        if (!listing.embedded) out << "  (not embedded: the trace keeps only this file's name)\n";
        else out << "  " << listing.line << " | " << listing.text << "\n";
    } else {
        out << "  (no line: control is not in the program's code)\n";
    }
    if (view.asyncio) {
        const auto& code = *view.asyncio;
        out << "  asyncio's " << code.title << " (simplified), line " << code.line << ": " << code.label << "\n";
        if (code.line) out << "  " << code.line << " | " << code.text << "\n";
        if (!code.note.empty()) out << "  Real asyncio does more here: " << code.note << "\n";
    }
    out << "\nWho holds control\n  " << (view.stack.empty() ? (view.step == 0 ? "nothing has run yet" : "the program has ended")
                                                           : joined(view.stack, " > "))
        << "\n";
    out << "\nEvent loop\n";
    if (!view.loop.present) {
        out << "  this program runs no event loop\n";
    } else {
        char time[64];
        std::snprintf(time, sizeof time, "%.3f", view.loop.time);
        out << "  t = " << time << " s (" << view.loop.clock << " clock), round " << view.loop.round << ": " << view.loop.activity << "\n";
        out << "  ready queue (" << view.loop.ready.size() << ")" << (view.loop.ready.empty() ? ": empty" : ": next > " + joined(view.loop.ready, ", ")) << "\n";
        out << "  timer heap (" << view.loop.timers.size() << ")" << (view.loop.timers.empty() ? ": no timers" : ":");
        for (const auto& [due, name] : view.loop.timers) out << " " << name << " at " << due << " s;";
        out << "\n";
    }
    out << "\nTasks and futures\n";
    if (view.tasks.empty()) out << "  none yet\n";
    for (const auto& row : view.tasks) {
        out << "  " << row.name << ": " << row.state;
        if (!row.awaits.empty()) out << ", awaits " << row.awaits;
        if (!row.result.empty()) out << ", result " << row.result;
        if (!row.callbacks.empty()) out << ", done callbacks " << joined(row.callbacks, ", ");
        out << "\n";
    }
    out << "\nFrames and variables\n";
    if (!view.variables.recorded) out << "  (not recorded: a C++ program's variables are not; its Python twin's are)\n";
    else if (view.variables.frames.empty()) out << "  none yet\n";
    if (view.variables.more) out << "  (and " << view.variables.more << " more frames, not shown)\n";
    for (const auto& frame : view.variables.frames) {
        out << "  " << frame.title << (frame.kind == analysis::FrameVariables::Kind::waiting ? " (waiting)" : "") << "\n";
        if (frame.variables.empty()) out << "    (no variables)\n";
        for (const auto& variable : frame.variables)
            out << "    " << analysis::variable_text(variable, view.variables.is_shared(variable.shared)) << "\n";
    }
    out << "\nOutput\n";
    if (view.output.empty()) out << "  nothing printed yet\n";
    for (size_t i = 0; i < view.output.size(); ++i)
        out << "  " << view.output[i] << (view.printed_by[i].empty() ? "" : "    (" + view.printed_by[i] + ")") << "\n";
    if (with_question) {
        out << "\nPredict\n";
        if (!view.question) {
            out << "  no question at this step\n";
        } else {
            out << "  " << view.question->prompt << "\n";
            for (size_t i = 0; i < view.question->options.size(); ++i) out << "  " << i + 1 << ". " << view.question->options[i] << "\n";
            out << "  answer: " << view.question->answer + 1 << "\n";
        }
    }
}

void print_step_view_json(const analysis::StepView& view, bool with_question, std::ostream& out) {
    using json = nlohmann::json;
    auto text = [](const std::string& s) { return with_valid_utf8(s); };
    json doc = {{"step", view.step}, {"steps", view.steps}, {"narration", text(view.narration)}};
    doc["listing"] = nullptr;
    if (view.listing)
        doc["listing"] = {{"path", text(view.listing->path)}, {"line", view.listing->line}, {"runs", view.listing->runs},
                          {"text", text(view.listing->text)}, {"embedded", view.listing->embedded}};
    doc["asyncio"] = nullptr;
    if (view.asyncio)
        doc["asyncio"] = {{"title", view.asyncio->title}, {"line", view.asyncio->line}, {"text", text(view.asyncio->text)},
                          {"label", text(view.asyncio->label)}, {"note", text(view.asyncio->note)}};
    doc["stack"] = json::array();
    for (const auto& entry : view.stack) doc["stack"].push_back(text(entry));
    json timers = json::array();
    for (const auto& [due, name] : view.loop.timers) timers.push_back({{"due", due}, {"callback", text(name)}});
    json ready = json::array();
    for (const auto& name : view.loop.ready) ready.push_back(text(name));
    doc["loop"] = {{"present", view.loop.present}, {"time", view.loop.time}, {"clock", view.loop.clock}, {"round", view.loop.round},
                   {"activity", text(view.loop.activity)}, {"ready", ready}, {"timers", timers}};
    doc["tasks"] = json::array();
    for (const auto& row : view.tasks) {
        json callbacks = json::array();
        for (const auto& callback : row.callbacks) callbacks.push_back(text(callback));
        doc["tasks"].push_back({{"name", text(row.name)}, {"state", row.state}, {"awaits", text(row.awaits)},
                                {"result", text(row.result)}, {"done_callbacks", callbacks}});
    }
    doc["variables"] = nullptr;
    if (view.variables.recorded) {
        doc["variables"] = json::array();
        for (const auto& frame : view.variables.frames) {
            json variables = json::array();
            for (const auto& v : frame.variables) {
                json one = {{"name", text(std::string(v.name))}, {"value", text(std::string(v.text))}, {"changed", v.changed}};
                if (v.changed && v.was_bound) one["before"] = text(std::string(v.before));
                if (v.shared) one["object"] = v.shared, one["shared"] = view.variables.is_shared(v.shared);
                variables.push_back(one);
            }
            static const char* kinds[] = {"globals", "running", "waiting"};
            doc["variables"].push_back({{"title", text(frame.title)}, {"kind", kinds[static_cast<int>(frame.kind)]},
                                        {"variables", variables}});
        }
    }
    doc["output"] = json::array();
    for (const auto& line : view.output) doc["output"].push_back(text(line));
    doc["output_printed_by"] = json::array();  // beside each line: the task whose step printed it ("" for none)
    for (const auto& task : view.printed_by) doc["output_printed_by"].push_back(text(task));
    if (with_question) {
        doc["question"] = nullptr;
        if (view.question) {
            json options = json::array();
            for (const auto& option : view.question->options) options.push_back(text(option));
            doc["question"] = {{"kind", analysis::to_string(view.question->kind)}, {"prompt", text(view.question->prompt)},
                               {"options", options}, {"answer", view.question->answer}};
        }
    }
    out << doc.dump(2) << "\n";
}

}  // namespace cotrace::cli
