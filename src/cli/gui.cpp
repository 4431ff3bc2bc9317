#include "gui.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "program_child.h"
#include "python/python_recorder.h"
#include "walkthroughs/registry.h"

namespace cotrace::cli {

namespace {

std::vector<ui::WalkthroughChoice> walkthrough_choices(const std::string& config) {
    std::vector<ui::WalkthroughChoice> choices;
    for (const auto& walkthrough : walkthroughs()) {
        const Walkthrough* chosen = &walkthrough;
        ui::WalkthroughChoice choice{walkthrough.id, walkthrough.title, [chosen] { return record(*chosen); }, {}};
        if (walkthrough_sources().contains(walkthrough.python_path))
            choice.python_twin = [chosen, config] {
                // The learner's cotrace folder (a screenshot has none: a folder of the user's in /tmp).
                std::filesystem::path folder = config.empty() ? std::filesystem::temp_directory_path() /
                                                                    ("cotrace-python-twins-" + std::to_string(getuid()))
                                                              : std::filesystem::path(config) / "python-twins";
                return write_python_twin(*chosen, folder).string();
            };
        choices.push_back(std::move(choice));
    }
    return choices;
}

}  // namespace

int open_window(const std::string& source, const ui::WindowOptions& options) {
    bool screenshot = !options.screenshot_path.empty();
    // A screenshot must not change the learner's settings: it starts from the defaults.
    std::string config = ui::config_directory();
    ui::Settings settings = screenshot ? ui::Settings{} : ui::load_settings(config);
    ui::App app(walkthrough_choices(screenshot ? std::string() : config), settings, screenshot ? std::string() : config);
    app.set_program_recorder([source](const std::string& path, ui::Progress& progress) {
        return record_in_child(path, current_program_options(), path == source, progress);
    });
    app.set_exporter(export_in_child);
    app.set_on_classroom_started([](const std::string& url) { std::cout << "join: " << url << std::endl; });
    if (find_walkthrough(source)) {
        app.open_walkthrough(source);
    } else if (python::is_python_program(source)) {
        // The window opens at once, on triple_main, while the program records (a screenshot waits for it).
        app.open_walkthrough("triple_main");
        app.request_open(source);
    } else {
        app.open_walkthrough("triple_main");
        if (!app.open_file(source)) std::cerr << "cotrace: error: " << *app.error() << "\n";
    }
    if (options.classroom) app.start_classroom_when_ready(options.classroom->first, options.classroom->second);
    return ui::run_window(app, options);
}

}  // namespace cotrace::cli
