// Progress line rendering and pacing.
#include "progress.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "batch.hpp"

namespace batch {

Progress::Progress(const std::string& mode, bool quiet, bool several)
    : tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {
    enabled_ = !quiet && several && (mode == "always" || (mode == "auto" && tty_));
}

std::string Progress::render(std::size_t done, std::size_t total, double seconds, std::size_t width) {
    if (total == 0) {
        const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
        return fmt::format("{} files  {}/s", thousands(done), thousands(static_cast<std::size_t>(rate)));
    }
    const double share = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const auto filled = static_cast<std::size_t>(share * static_cast<double>(width));
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    return fmt::format("[{}{}] {}/{} files  {}/s  ETA {:.0f}s", std::string(filled, '#'),
                       std::string(width - filled, ' '), thousands(done), thousands(total),
                       thousands(static_cast<std::size_t>(rate)), eta);
}

void Progress::tick(std::size_t done, bool force) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const bool always = !tty_;  // "always" on a pipe: plain lines, for logs and tests
    if (!always && elapsed < 1.0) return;  // short batches show nothing
    const bool last = total_ != 0 && done == total_;
    if (last && shown_last_) return;
    if (now - last_ < std::chrono::milliseconds(100) && !(force && last)) return;
    last_ = now;
    const std::string line = render(done, total_, elapsed);
    if (tty_) {
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
    } else if (last || !shown_) {
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
    shown_ = true;
    shown_last_ = last;
}

void Progress::clear_line() {
    if (enabled_ && tty_ && shown_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
}

}  // namespace batch
