// A file browser drawn inside the window (ImGui has none): folders and traces (.json, .cbor, .msgpack).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cotrace::ui {

class FileBrowser {
public:
    enum class Mode { open, save };

    void open(Mode mode, std::string directory, std::string suggested_name = {});
    bool is_open() const { return open_; }
    // Draws the dialog; returns the chosen path when the learner confirms.
    std::optional<std::string> draw();
    const std::string& directory() const { return directory_; }
    Mode mode() const { return mode_; }
    // What is listed, folders first with a trailing "/" (for tests).
    std::vector<std::string> entry_names() const;

private:
    void list(const std::string& directory);

    struct Entry {
        std::string name;
        bool is_directory;
    };
    bool open_ = false, popup_pending_ = false;
    Mode mode_ = Mode::open;
    std::string directory_;
    std::string file_name_;
    std::string problem_;
    std::vector<Entry> entries_;
    int selected_ = -1;
};

}  // namespace cotrace::ui
