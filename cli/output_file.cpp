// Atomic output files (temp file in the same directory + fsync + rename).
#include "output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

bool write_all(int fd, std::string_view data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Temporary files in flight, in fixed storage a signal handler can read: a slot is claimed with an atomic
// flag, and its path is written before the flag says it is complete. One slot per open AtomicFile: a batch
// holds at most one per worker, plus -o and --report.
constexpr int kSlots = 1100;
constexpr std::size_t kPathMax = 4096;
struct TempSlot {
    std::atomic<int> state{0};  // 0 free, 1 being written, 2 holds a path
    char path[kPathMax];
};
TempSlot g_slots[kSlots];

int claim_slot(const std::string& path) {
    if (path.size() >= kPathMax) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
            std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
            g_slots[i].state.store(2);
            return i;
        }
    }
    return -1;  // the table is full: this temporary file is not removed by a second Ctrl-C
}

void release_slot(int& slot) {
    if (slot >= 0) g_slots[slot].state.store(0);
    slot = -1;
}

}  // namespace

void remove_temp_files() noexcept {
    for (auto& s : g_slots) {
        if (s.state.load() == 2) ::unlink(s.path);
    }
}

unsigned file_mode() noexcept {
    // /proc/self/status tells the umask without the umask(0)/umask(m) dance, which would race with workers.
    static const unsigned mode = [] {
        unsigned mask = 022;
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("Umask:", 0) == 0) {
                mask = static_cast<unsigned>(std::strtoul(line.c_str() + 6, nullptr, 8));
                break;
            }
        }
        return 0666u & ~mask;
    }();
    return mode;
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_.c_str());
    }
    release_slot(slot_);
}

bool AtomicFile::open(const std::string& path, std::string& error) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    path_ = path;
    temp_ = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0) {
        error = std::string("cannot create a temporary file: ") + std::strerror(errno);
        return false;
    }
    slot_ = claim_slot(temp_);
    ::fchmod(fd_, static_cast<mode_t>(file_mode()));
    return true;
}

bool AtomicFile::write(std::string_view data) {
    if (fd_ < 0 || failed_) return false;
    failed_ = !write_all(fd_, data);
    return !failed_;
}

bool AtomicFile::commit(std::string& error) {
    if (fd_ < 0) {
        error = "not open";
        return false;
    }
    const int saved = errno;
    const bool flushed = !failed_ && ::fsync(fd_) == 0;
    const bool closed = ::close(fd_) == 0;
    fd_ = -1;
    if (!flushed || !closed) {
        error = std::string("cannot write: ") + std::strerror(failed_ ? saved : errno);
        ::unlink(temp_.c_str());
        release_slot(slot_);
        return false;
    }
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
        error = std::string("cannot rename into place: ") + std::strerror(errno);
        ::unlink(temp_.c_str());
        release_slot(slot_);
        return false;
    }
    release_slot(slot_);
    return true;
}

namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

std::string errno_text() { return std::strerror(errno); }

}  // namespace

bool write_file_under(const std::string& root, const std::string& relative, std::string_view data, std::string& error) {
    namespace fs = std::filesystem;
    const fs::path rel(relative);
    if (rel.empty() || rel.is_absolute()) {
        error = "output path '" + relative + "' is not relative to the output folder";
        return false;
    }
    std::vector<std::string> parts;
    for (const auto& p : rel) {
        if (p == ".." || p == "." || p.empty()) {
            error = "output path '" + relative + "' would leave the output folder";
            return false;
        }
        parts.push_back(p.string());
    }
    std::error_code ec;
    fs::create_directories(root, ec);  // the folder the user named (following links there is their choice)
    Fd dir{::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd < 0) {
        error = "cannot open the output folder " + root + ": " + errno_text();
        return false;
    }
    std::string shown = root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        shown += "/" + parts[i];
        if (::mkdirat(dir.fd, parts[i].c_str(), 0777) != 0 && errno != EEXIST) {
            error = "cannot create folder " + shown + ": " + errno_text();
            return false;
        }
        Fd next{::openat(dir.fd, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
        if (next.fd < 0) {
            error = errno == ELOOP || errno == ENOTDIR
                        ? shown + " is a symbolic link or not a folder; not writing through it"
                        : "cannot open folder " + shown + ": " + errno_text();
            return false;
        }
        std::swap(dir.fd, next.fd);
    }
    const std::string& name = parts.back();
    shown += "/" + name;
    struct stat st {};
    if (::fstatat(dir.fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
        error = shown + (S_ISLNK(st.st_mode) ? " is a symbolic link" : " is not a regular file") + "; not replacing it";
        return false;
    }
    // The temporary file beside the target, created exclusively (O_EXCL never follows a link either).
    std::string temp;
    Fd out;
    for (int attempt = 0; attempt < 100 && out.fd < 0; ++attempt) {
        static std::atomic<unsigned> counter{0};
        temp = "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
        out.fd = ::openat(dir.fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          static_cast<mode_t>(file_mode()));
        if (out.fd < 0 && errno != EEXIST) break;
    }
    if (out.fd < 0) {
        error = "cannot create a temporary file beside " + shown + ": " + errno_text();
        return false;
    }
    const std::string temp_shown = (fs::path(shown).parent_path() / temp).string();
    int slot = claim_slot(temp_shown);
    auto fail = [&](const std::string& what) {
        error = what + ": " + errno_text();
        ::unlinkat(dir.fd, temp.c_str(), 0);
        release_slot(slot);
        return false;
    };
    if (!write_all(out.fd, data) || ::fsync(out.fd) != 0) return fail("cannot write " + shown);
    const int fd = out.fd;
    out.fd = -1;
    if (::close(fd) != 0) return fail("cannot write " + shown);
    if (::renameat(dir.fd, temp.c_str(), dir.fd, name.c_str()) != 0) return fail("cannot rename into " + shown);
    release_slot(slot);
    return true;
}

bool write_file_atomically(const std::string& path, std::string_view data, std::string& error) {
    AtomicFile f;
    if (!f.open(path, error)) return false;
    if (!f.write(data)) {
        error = std::string("cannot write: ") + std::strerror(errno);
        return false;
    }
    return f.commit(error);
}
