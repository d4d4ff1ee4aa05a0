// Line-shape scanners; see line_shapes.hpp. Each is the hand-written form of the regex its comment names
// (tests/unit/test_line_shapes.cpp holds them to it on generated lines).
#include "extract/line_shapes.hpp"

namespace incidentkit::md {
namespace {

// RE2's \s without the newline, which a line does not hold.
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

}  // namespace

std::optional<AtxHeading> atx_heading(std::string_view line) {
    std::size_t i = 0;
    while (i < 3 && i < line.size() && line[i] == ' ') ++i;
    const std::size_t hashes = i;
    while (i < line.size() && line[i] == '#') ++i;
    const std::size_t level = i - hashes;
    if (level == 0 || level > 6 || i == line.size() || !blank(line[i])) return std::nullopt;
    const std::string_view rest = line.substr(i);
    std::size_t b = 0, e = rest.size();
    while (b < e && blank(rest[b])) ++b;
    // The lazy text leaves as much as it can to the trailing \s*#*\s*.
    while (e > b && blank(rest[e - 1])) --e;
    while (e > b && rest[e - 1] == '#') --e;
    while (e > b && blank(rest[e - 1])) --e;
    return AtxHeading{static_cast<int>(level), rest.substr(b, e - b)};
}

bool fence_line(std::string_view line) {
    std::size_t i = 0;
    while (i < 3 && i < line.size() && line[i] == ' ') ++i;
    const std::string_view rest = line.substr(i);
    if (rest.substr(0, 3) == "~~~") return rest.find('\n') == std::string_view::npos;
    return rest.substr(0, 3) == "```" && rest.find('`', 3) == std::string_view::npos;
}

bool split_trailing_group(std::string_view text, char open, char close, std::size_t max_chars, std::string& head,
                          std::string& inner) {
    auto space = [](char c) { return blank(c) || c == '\n'; };
    std::size_t end = text.size();
    while (end > 0 && space(text[end - 1])) --end;
    if (end == 0 || text[end - 1] != close) return false;
    const std::size_t close_at = end - 1;
    std::size_t at = close_at;  // scans back to the opening character
    std::size_t chars = 0;
    while (at > 0 && text[at - 1] != open) {
        if (text[at - 1] == close) return false;
        if ((static_cast<unsigned char>(text[at - 1]) & 0xC0) != 0x80) ++chars;  // not a UTF-8 continuation byte
        --at;
    }
    if (at == 0 || chars == 0 || chars > max_chars) return false;
    const std::size_t open_at = at - 1;
    std::size_t head_end = open_at;
    while (head_end > 0 && space(text[head_end - 1])) --head_end;
    if (text.substr(0, head_end).find('\n') != std::string_view::npos) return false;
    inner = std::string(text.substr(open_at + 1, close_at - open_at - 1));
    head = std::string(text.substr(0, head_end));
    return true;
}

}  // namespace incidentkit::md
