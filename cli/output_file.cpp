// Atomic output files (temp file in the same directory + fsync + rename).
#include "output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

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

}  // namespace

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_.c_str());
    }
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
    ::fchmod(fd_, 0644);
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
        return false;
    }
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
        error = std::string("cannot rename into place: ") + std::strerror(errno);
        ::unlink(temp_.c_str());
        return false;
    }
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
