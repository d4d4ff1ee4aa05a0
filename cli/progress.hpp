// A progress line on stderr: files done / total, rate and ETA; only on a terminal after about a second.
// The total is known once the walk has reached the last input; until then the line counts files done.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace batch {

class Progress {
public:
    /// mode: "auto" (stderr is a terminal and the batch runs past a second), "always", "never".
    Progress(const std::string& mode, bool quiet, bool several);
    /// The number of inputs, once the walk knows it.
    void set_total(std::size_t total) { total_ = total; }
    /// Redraws at most every 100 ms (or when `force` and a redraw is due anyway).
    void tick(std::size_t done, bool force);
    /// Erases the line so diagnostics print cleanly.
    void clear_line();

    /// "[#####     ] 4,512/10,000 files  2,310/s  ETA 2s"; with no total yet (0): "4,512 files  2,310/s"
    static std::string render(std::size_t done, std::size_t total, double seconds, std::size_t width = 24);

private:
    bool enabled_ = false, tty_ = false, shown_ = false, shown_last_ = false;
    std::size_t total_ = 0;  // 0: not known yet
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace batch
