// Atomic output: write to a temporary file beside the target, then rename it into place; a second Ctrl-C
// removes the temporary files in flight (remove_temp_files, async-signal-safe).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

/// Unlinks every temporary file an AtomicFile holds open. Async-signal-safe: for a signal handler that exits.
void remove_temp_files() noexcept;

/// The mode new files get: 0666 less the process umask (read once, without changing it).
unsigned file_mode() noexcept;

/// Writes `data` to `root`/`relative` atomically, creating the folders on the way, and never outside `root`:
/// `relative` may hold no ".." nor be absolute, and every folder below `root` is opened without following a
/// symbolic link, so a link planted in the output tree is refused (with `error`), not written through.
bool write_file_under(const std::string& root, const std::string& relative, std::string_view data, std::string& error);

/// Writes `data` to `path` so that readers see the old file or the whole new one, never a part.
bool write_file_atomically(const std::string& path, std::string_view data, std::string& error);

/// The same for output produced bit by bit (a batch's -o file or --report manifest): everything goes to a
/// temporary file in the target's folder, and commit() renames it into place. Destroyed uncommitted, the
/// temporary file is removed.
class AtomicFile {
public:
    AtomicFile() = default;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();
    bool open(const std::string& path, std::string& error);
    bool write(std::string_view data);
    bool commit(std::string& error);
    bool is_open() const { return fd_ >= 0; }

private:
    std::string path_, temp_;
    int fd_ = -1;
    int slot_ = -1;  // in the table remove_temp_files() reads
    bool failed_ = false;
};
