// incidentkit-testreaders: the command line with two extra readers that never finish, to prove the time limit
// (--file-timeout) and the second Ctrl-C. Test-only; not installed.
//   spin             bids on files holding SPIN-COOPERATIVE; loops until its deadline passes (checks it)
//   spin-hard        bids on files holding SPIN-IGNORES-DEADLINE; never returns and never checks the deadline
#include <chrono>
#include <memory>
#include <thread>

#include "app.hpp"
#include "incidentkit/format.hpp"

namespace ik = incidentkit;

namespace {

class SpinReader : public ik::Reader {
public:
    SpinReader(std::string name, std::string magic, bool cooperative)
        : name_(std::move(name)), magic_(std::move(magic)), cooperative_(cooperative) {}
    std::string name() const override { return name_; }
    std::string description() const override { return "test reader that never finishes"; }
    ik::Detection detect(std::string_view text, std::string_view) const override {
        if (text.find(magic_) == std::string_view::npos) return {0.0, "no magic"};
        return {1.0, magic_};
    }
    ik::ReadResult read(std::string_view, const ik::ReadOptions& options) const override {
        volatile unsigned long spins = 0;
        while (true) {
            if (cooperative_) {
                for (int i = 0; i < 100000; ++i) spins = spins + 1;  // busy, as a pathological loop would be
                options.deadline.check();
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));  // stuck, without burning CI's cores
            }
        }
    }

private:
    std::string name_, magic_;
    bool cooperative_;
};

}  // namespace

int main(int argc, char** argv) {
    auto reg = ik::Registry::with_builtins();
    reg.add_reader(std::make_unique<SpinReader>("spin", "SPIN-COOPERATIVE", true));
    reg.add_reader(std::make_unique<SpinReader>("spin-hard", "SPIN-IGNORES-DEADLINE", false));
    return run_cli(argc, argv, reg);
}
