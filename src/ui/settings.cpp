#include "settings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "trace/trace_json.h"

namespace cotrace::ui {

namespace fs = std::filesystem;
using nlohmann::json;

void Settings::remember_file(const std::string& path) {
    std::string absolute = fs::absolute(path).lexically_normal().string();
    std::erase(recent_files, absolute);
    recent_files.insert(recent_files.begin(), absolute);
    if (recent_files.size() > 10) recent_files.resize(10);
}

std::string config_directory() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return (fs::path(xdg) / "cotrace").string();
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".config" / "cotrace").string();
    return (fs::temp_directory_path() / "cotrace-config").string();
}

namespace {

template <typename T>
void read(const json& j, const char* key, T& into) {
    try {
        if (j.contains(key)) into = j.at(key).get<T>();
    } catch (const json::exception&) {
        // A field of the wrong type keeps its default.
    }
}

}  // namespace

Settings load_settings(const std::string& directory) {
    Settings settings;
    std::ifstream in(fs::path(directory) / "settings.json");
    if (!in) return settings;
    std::ostringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, false);
    if (!j.is_object()) return settings;
    read(j, "presentation", settings.presentation);
    read(j, "presentation_scale", settings.presentation_scale);
    read(j, "speed", settings.speed);
    read(j, "control_granularity", settings.control_granularity);
    read(j, "recent_files", settings.recent_files);
    read(j, "browse_directory", settings.browse_directory);
    read(j, "show_source", settings.show_source);
    read(j, "show_control", settings.show_control);
    read(j, "show_loop", settings.show_loop);
    read(j, "show_tasks", settings.show_tasks);
    read(j, "show_output", settings.show_output);
    read(j, "show_variables", settings.show_variables);
    read(j, "show_python", settings.show_python);
    read(j, "show_cpp", settings.show_cpp);
    read(j, "show_timeline", settings.show_timeline);
    read(j, "show_why", settings.show_why);
    read(j, "show_warnings", settings.show_warnings);
    read(j, "show_asyncio", settings.show_asyncio);
    read(j, "run_again_on_save", settings.run_again_on_save);
    read(j, "window_x", settings.window_x);
    read(j, "window_y", settings.window_y);
    read(j, "window_width", settings.window_width);
    read(j, "window_height", settings.window_height);
    settings.presentation_scale = std::clamp(settings.presentation_scale, 1.0f, 3.0f);
    settings.window_width = std::max(settings.window_width, 640);
    settings.window_height = std::max(settings.window_height, 480);
    return settings;
}

bool save_settings(const Settings& s, const std::string& directory) {
    json j = {{"presentation", s.presentation},     {"presentation_scale", s.presentation_scale},
              {"speed", s.speed},                   {"control_granularity", s.control_granularity},
              {"recent_files", s.recent_files},     {"browse_directory", s.browse_directory},
              {"show_source", s.show_source},       {"show_control", s.show_control},
              {"show_loop", s.show_loop},           {"show_tasks", s.show_tasks},
              {"show_output", s.show_output}, {"show_variables", s.show_variables},       {"show_python", s.show_python}, {"show_cpp", s.show_cpp},
              {"show_timeline", s.show_timeline},
              {"show_why", s.show_why},             {"show_warnings", s.show_warnings},
              {"show_asyncio", s.show_asyncio},
              {"run_again_on_save", s.run_again_on_save},
              {"window_x", s.window_x},             {"window_y", s.window_y},
              {"window_width", s.window_width},     {"window_height", s.window_height}};
    try {
        fs::create_directories(directory);
        write_file_atomically((fs::path(directory) / "settings.json").string(), j.dump(2) + "\n");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace cotrace::ui
