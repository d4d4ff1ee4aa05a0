// parse_duration_minutes: human and ISO 8601 durations -> whole minutes.
#include <cmath>

#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

namespace incidentkit {

std::optional<std::int64_t> parse_duration_minutes(std::string_view raw) {
    const std::string s = text::lower(text::trim(text::fold_punctuation(raw)));
    if (s.empty()) return std::nullopt;
    std::int64_t whole = 0;
    static const RE2 bare{"(\\d{1,7})"};
    if (RE2::FullMatch(s, bare, &whole)) return whole;  // a bare number is minutes
    static const RE2 iso{"p(?:(\\d+)d)?t?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?"};
    std::string d, h, m, sec;
    if (s.size() > 1 && RE2::FullMatch(s, iso, &d, &h, &m, &sec)) {
        auto n = [](const std::string& x) { return x.empty() ? 0LL : std::stoll(x); };
        return n(d) * 1440 + n(h) * 60 + n(m) + n(sec) / 60;
    }
    // Sum every "<number> <unit>" pair: "1 h 13 m", "2 hours 5 minutes", "42 minutes 17 seconds", "1.5 hours".
    static const RE2 part{"(\\d+(?:[.,]\\d+)?)\\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\\b"};
    re2::StringPiece input(s);
    std::string number, unit;
    double total = 0;
    bool any = false;
    while (RE2::FindAndConsume(&input, part, &number, &unit)) {
        for (char& c : number) {
            if (c == ',') c = '.';
        }
        const double v = std::stod(number);
        const char u = unit[0];
        total += u == 'd' ? v * 1440 : u == 'h' ? v * 60 : u == 'm' ? v : v / 60.0;
        any = true;
    }
    if (!any || total > 1e9) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(total + 1e-9));
}

}  // namespace incidentkit
