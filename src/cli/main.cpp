// cotrace: record, print and (soon) show how coroutines hand control around.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "classroom.h"
#include "commands.h"
#include "gui.h"

int main(int argc, char** argv) {
    CLI::App app{"cotrace: an interactive tracer of coroutine control flow, on an asyncio-shaped C++ event loop.\n"
                 "SOURCE is a walkthrough id (see `cotrace list`), recorded live; a Python program (.py), run on CPython's asyncio\n"
                 "and recorded live (cotrace log my_program.py -- ARGS); or a saved trace file (- reads one from standard input)."};
    app.set_version_flag("--version", std::string("cotrace ") + COTRACE_VERSION);
    app.require_subcommand(0, 1);

    // With no verb: the window.
    std::string gui_source = "triple_main", size;
    cotrace::ui::WindowOptions window;
    size_t step = 0;
    app.add_option("SOURCE", gui_source, "Walkthrough id or trace file to open in the window (default: triple_main)");
    app.add_option("--screenshot", window.screenshot_path, "Render the window, write this PNG and exit");
    auto* step_option = app.add_option("--step", step, "Start at this step");
    app.add_option("--size", size, "Window size, WIDTHxHEIGHT (default: the remembered size, 1280x800)")
        ->check([](const std::string& text) {
            int w = 0, h = 0;
            char x = 0;
            return std::sscanf(text.c_str(), "%d%c%d", &w, &x, &h) == 3 && x == 'x' && w >= 320 && h >= 240
                       ? std::string()
                       : std::string("expected WIDTHxHEIGHT, such as 1280x800");
        });
    app.add_flag("--presentation", window.presentation, "Presentation mode (large fonts, light theme) for this run");
    app.add_option("--text-size", window.text_size, "Presentation mode's text, 0 (the default) to 8 steps larger (as Ctrl + does), for this run")
        ->check(CLI::Range(0, 8));
    app.add_flag("--timeline", window.timeline, "Show the timeline (View > Timeline) for this run");
    app.add_flag("--predict", window.predict, "Start in Predict mode (P): the window asks before it reveals each decision");
    app.add_flag("--why", window.why, "Show the Why? panel (W) for this run");
    app.add_flag("--warnings", window.warnings, "Show the Warnings panel for this run");
    app.add_flag("--verbose", window.verbose, "Print a status line whenever the step changes");

    std::string source, output_path;
    cotrace::cli::ProgramOptions program;
    // A Python program's options, on every verb that takes a SOURCE (and on the window).
    auto program_options = [&](CLI::App* verb) {
        verb->add_option("ARGS", program.args, "After --: the arguments a Python program gets (sys.argv[1:])");
        verb->add_flag("--real-clock", program.real_clock,
                       "Run a Python program on the real clock (for real I/O) rather than the virtual one");
        verb->add_option("--max-events", program.max_events,
                         "Stop recording a Python program after this many events (default 1000000)")
            ->check(CLI::PositiveNumber);
        verb->add_option("--timeout", program.timeout,
                         "Stop recording a Python program after this many seconds of wall-clock time (default 60)")
            ->check(CLI::PositiveNumber);
        verb->add_option("--max-output", program.max_output,
                         "Keep at most this many bytes of what a Python program prints in the trace (default 4194304)")
            ->check(CLI::PositiveNumber);
        verb->add_option("--max-repr", program.max_repr,
                         "Keep at most this many letters of each value a Python program's variables hold (default 80)")
            ->check(CLI::Range(8, 100000));
        verb->add_flag("--control-only", program.control_only,
                       "Record a Python program's control only: no variables, line steps, reads or writes (faster)");
        verb->add_option("--embed", program.embed,
                         "Also embed the text of this file or folder's files in the trace (by default: the program's "
                         "folder and asyncio's own modules only); give it once for each")
            ->allow_extra_args(false);
    };
    program_options(&app);
    auto* list = app.add_subcommand("list", "List the walkthroughs, one line each");
    auto* run = app.add_subcommand("run", "Run a walkthrough and print what it prints, like the Python original");
    run->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(run);
    auto* record = app.add_subcommand("record", "Record a walkthrough (or re-save a trace) to a trace file");
    record->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(record);
    record->add_option("-o,--output", output_path, "The trace file to write (written atomically)")->required();
    record->add_option("--progress-fd", program.progress_fd)->group("");  // the window's recording child
    auto* log = app.add_subcommand("log", "Print the step log, in the vocabulary of the CPython oracle");
    log->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(log);
    auto* outline = app.add_subcommand("outline", "Print who holds control, indented two spaces per level");
    outline->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(outline);
    auto* narrate = app.add_subcommand("narrate", "Print one numbered plain-English sentence per step");
    narrate->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(narrate);
    size_t why_step = 0;
    std::string why_object;
    auto* why = app.add_subcommand("why", "Print why a task or future is running, waiting or done at a step: the causal "
                                          "chain, one link per line");
    why->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    why->add_option("--step", why_step, "The step (as `cotrace narrate` numbers them)")->required();
    why->add_option("--object", why_object, "A task, future or coroutine by name (default: the task holding control)");
    program_options(why);
    size_t show_step = 0;
    bool show_json = false, show_question = false;
    auto* show = app.add_subcommand("show", "Print what the window shows at a step: the narration, the marked line, who "
                                            "holds control, the loop, the tasks, the output (text, or --json)");
    show->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    show->add_option("--step", show_step, "The step (as `cotrace narrate` numbers them; 0 is before anything)")->required();
    show->add_flag("--json", show_json, "Print it as JSON (docs/show.md)");
    show->add_flag("--predict", show_question, "Also print Predict's question about the next step, its options and answer");
    program_options(show);
    auto* warn = app.add_subcommand("warnings", "Print what asyncio would warn about, step by step (never awaited, "
                                               "blocking the loop, lost exceptions, pending tasks, results set twice)");
    warn->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    program_options(warn);
    cotrace::cli::ClassroomOptions class_options;
    auto* classroom = app.add_subcommand("classroom", "A live session for a class: students follow your steps on their own "
                                                      "phones or laptops and answer each Predict question (docs/classroom.md)");
    classroom->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    classroom->add_flag("--no-window", class_options.no_window,
                        "No window: read the teacher's commands from standard input, one a line (next, back, step N, "
                        "granularity event|control|lines, ask, reveal, again, skip, results [FILE], status, end)");
    classroom->add_option("--bind", class_options.bind,
                          "The address to serve on (default: this machine's address on its network; pick the classroom "
                          "network's, 192.168.1.20 say, if it has several)");
    classroom->add_option("--port", class_options.port, "The port (default 8765; 0: any free one)")->check(CLI::Range(0, 65535));
    classroom->add_option("--results", class_options.results,
                          "Write the class's answers to this CSV when the session ends (no names, no addresses)");
    program_options(classroom);
    cotrace::cli::ExportOptions export_options;
    auto* exporter = app.add_subcommand("export", "Make a trace into files to share: a web handout, Perfetto / "
                                                  "chrome://tracing JSON, a Markdown handout");
    exporter->add_option("SOURCE", source, "Walkthrough id, Python program (.py) or trace file")->required();
    exporter->add_option("--html", export_options.html,
                         "A web handout in one file: the window's steps, keys and panels in any browser, offline");
    exporter->add_option("--perfetto", export_options.perfetto,
                         "Chrome trace event JSON for ui.perfetto.dev, chrome://tracing or Tracy: a track per task");
    exporter->add_option("--markdown", export_options.markdown,
                         "A handout in text: each transfer of control, its narration and the code around it");
    exporter->add_option("--png", export_options.media.png_dir, "Slides: one PNG per stop into this directory");
    exporter->add_option("--gif", export_options.media.gif, "An animated GIF of the stops (ffmpeg)");
    exporter->add_option("--mp4", export_options.media.mp4, "An MP4 video of the stops (ffmpeg)");
    std::string granularity = "control";
    exporter->add_option("--granularity", granularity, "Frames at each transfer of control (control, the default) or every event")
        ->check(CLI::IsMember({"control", "event"}));
    exporter->add_option("--from", export_options.media.from,
                         "The first step to draw, numbered as the frames show it (a transfer of control, or an event with "
                         "--granularity event)");
    exporter->add_option("--to", export_options.media.to, "The last step to draw, numbered the same way");
    std::string frame_size;
    exporter->add_option("--frame-size", frame_size, "Frame size, WIDTHxHEIGHT (default 1920x1080)");
    exporter->add_option("--pace", export_options.media.pace, "Seconds per frame in a GIF or MP4 (default 1)");
    exporter->add_flag("--chrome", export_options.media.chrome,
                       "Keep the window's menu bar and transport in slides and video (by default: the teaching panels only)");
    exporter->add_flag("!--no-presentation", export_options.media.presentation,
                       "Draw frames in the window's own theme rather than the projector's");
    program_options(exporter);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;  // a usage error
    }

    cotrace::cli::set_program_options(program);
    if (*list) return cotrace::cli::list_walkthroughs();
    if (*run) return cotrace::cli::run(source);
    if (*record) return cotrace::cli::record(source, output_path);
    if (*log) return cotrace::cli::log(source);
    if (*outline) return cotrace::cli::outline(source);
    if (*narrate) return cotrace::cli::narrate(source);
    if (*why) return cotrace::cli::why(source, why_step, why_object);
    if (*warn) return cotrace::cli::warnings(source);
    if (*show) return cotrace::cli::show(source, show_step, show_json, show_question);
    if (*classroom && !class_options.no_window) {
        // The window, with the session's band at the top (View > Classroom, started at once).
        window.classroom = std::make_pair(class_options.bind, class_options.port);
        if (*step_option) window.step = step;
        if (!size.empty()) std::sscanf(size.c_str(), "%dx%d", &window.width, &window.height);
        return cotrace::cli::open_window(source, window);
    }
    if (*classroom) return cotrace::cli::classroom(source, class_options);
    if (*exporter) {
        export_options.media.every_event = granularity == "event";
        if (!frame_size.empty() &&
            (std::sscanf(frame_size.c_str(), "%dx%d", &export_options.media.width, &export_options.media.height) != 2 ||
             export_options.media.width < 320 || export_options.media.height < 240 || export_options.media.width > 7680 ||
             export_options.media.height > 4320)) {
            std::cerr << "cotrace: error: --frame-size " << frame_size << ": expected WIDTHxHEIGHT, from 320x240 to 7680x4320\n";
            return 2;
        }
        return cotrace::cli::export_trace(source, export_options);
    }
    if (*step_option) window.step = step;
    if (!size.empty()) std::sscanf(size.c_str(), "%dx%d", &window.width, &window.height);
    return cotrace::cli::open_window(gui_source, window);
}
