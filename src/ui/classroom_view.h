// The window's classroom (View > Classroom): a session served to the students' browsers while the teacher
// steps through the trace here. Its band takes Predict's place at the top: the join address and its QR
// code, how many joined, and the question the class is answering: how many answered, then the class's
// answers as a chart beside the right one. The window's steps, reveals and skips go to the session
// (classroom/server.h) as the headless teacher's commands do.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "classroom/qr.h"
#include "classroom/server.h"
#include "player.h"
#include "view.h"

namespace cotrace::ui {

class ClassroomView {
public:
    ClassroomView() = default;
    ~ClassroomView() { end(); }

    bool running() const { return server_ != nullptr; }
    // Starts serving `trace` (kept alive while the session runs). Throws classroom::ServerError.
    void start(std::shared_ptr<const Trace> trace, const std::string& origin, const std::string& bind, int port);
    // Ends the session (every connection and the port are closed); its results stay for saving.
    void end();
    const std::string& join_url() const { return url_; }

    // The window is at `position`, stepping at `granularity`: the class follows, and numbers steps alike.
    void follow(size_t position, Granularity granularity);
    // The teacher's commands from the window: reveal, skip, again.
    void command(classroom::Command::Kind kind);
    classroom::ClassStatus status() const;
    // The results as CSV: of the session running, or of the one that ended last; empty before any.
    std::string results_csv();
    bool has_results() const { return running() || !results_.empty(); }

    // View > Classroom's dialog: which address (the classroom network's) and port, then Start.
    void open_dialog();
    bool dialog_open() const { return dialog_; }
    // The window's keys go to the dialog while it is open: Enter starts, Escape cancels.
    void dialog_key(bool start) { (start ? start_key_ : cancel_key_) = true; }
    struct Started {
        std::string bind;
        int port;
    };
    std::optional<Started> draw_dialog();

    // The band: its height at `width`, and the band itself. What the teacher clicked.
    float band_height(const Fonts& fonts, float width) const;
    struct Clicks {
        bool reveal = false, skip = false, again = false, end = false;
    };
    Clicks draw_band(const View& view);

private:
    std::unique_ptr<classroom::Server> server_;
    std::shared_ptr<const Trace> trace_;
    classroom::QrCode qr_;
    std::string url_, results_;
    std::optional<size_t> posted_;  // the step the class was last sent to
    std::string posted_granularity_;  // and the granularity
    bool dialog_ = false, start_key_ = false, cancel_key_ = false;
    std::vector<std::string> addresses_;
    int address_ = 0, port_ = 8765;
};

}  // namespace cotrace::ui
