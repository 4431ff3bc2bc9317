// Saving a file like a careful editor: the new bytes go to a fresh temporary file beside the target
// (created with O_EXCL, so no planted file or symlink is ever followed), are synced to disk, and then
// renamed over the target, whose directory is synced too. A reader sees the old file or the new one,
// never half of either. The target keeps its mode, and a symlink stays a link: its target is replaced.
#pragma once

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>

namespace cotrace {

// One save that failed: the path once, what failed and the OS's reason ("cannot create a temporary file
// in /srv: Permission denied").
class FileError : public std::runtime_error {
public:
    FileError(std::string path, std::string problem);
    std::string path, problem;
};

// Writes any text atomically. Throws FileError; an exception thrown by `write` is passed on, and the
// temporary file is removed either way.
void write_file_atomically(const std::string& path, const std::string& text);
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace cotrace
