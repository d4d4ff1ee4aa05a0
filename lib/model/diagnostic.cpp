// Diagnostic rendering.
#include "incidentkit/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "normalize/text.hpp"

namespace incidentkit {

std::string format_diagnostic(std::string_view path, const Diagnostic& d) {
    const char* level = d.level == Diagnostic::Level::error ? "error" : "warning";
    // A file name may hold a line break or a control character: escaped, so the form stays one line.
    const std::string shown = path.empty() ? std::string("<stdin>") : one_line_message(path, 4096);
    const std::string message = one_line_message(d.message);
    if (d.line == 0) return fmt::format("{}: {}: {}", shown, level, message);
    return fmt::format("{}:{}: {}: {}", shown, d.line, level, message);
}

std::string one_line_message(std::string_view message, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(message.size(), max_bytes) + 8);
    for (std::size_t i = 0; i < message.size() && out.size() <= max_bytes; ++i) {
        const auto c = static_cast<unsigned char>(message[i]);
        switch (c) {
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += fmt::format("\\x{:02X}", c);
                } else if (c >= 0x80) {
                    // Valid UTF-8 as it is; a stray byte (a file name in another encoding) as \xNN.
                    const std::size_t len = text::utf8_length_at(message, i);
                    if (len == 0) {
                        out += fmt::format("\\x{:02X}", c);
                    } else {
                        out.append(message.substr(i, len));
                        i += len - 1;
                    }
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    // At most max_bytes with the ellipsis, so that a message already made one line is left as it is.
    static constexpr std::string_view kEllipsis = "\u2026";
    if (out.size() > max_bytes) {
        out.resize(max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0);
        // Cut at a character boundary: drop the bytes of a character the cut split.
        std::size_t end = out.size();
        while (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0xC0) == 0x80) --end;
        if (end > 0 && static_cast<unsigned char>(out[end - 1]) >= 0xC0) {
            const auto lead = static_cast<unsigned char>(out[end - 1]);
            const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (end - 1 + len > out.size()) out.resize(end - 1);
        }
        out += kEllipsis;
    }
    return out;
}

bool has_error(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.level == Diagnostic::Level::error; });
}

}  // namespace incidentkit
