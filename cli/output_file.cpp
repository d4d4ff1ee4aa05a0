// Atomic output files (temp file in the same directory + fsync + rename).
#include "output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

bool write_file_atomically(const std::string& path, std::string_view data, std::string& error) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        error = std::string("cannot create a temporary file: ") + std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = std::string("cannot write: ") + std::strerror(errno);
            ::close(fd);
            ::unlink(tmpl.c_str());
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        error = std::string("cannot flush: ") + std::strerror(errno);
        ::unlink(tmpl.c_str());
        return false;
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        error = std::string("cannot rename into place: ") + std::strerror(errno);
        ::unlink(tmpl.c_str());
        return false;
    }
    return true;
}
