// check_text, sixteen and eight bytes at a time, against a byte-by-byte reading: the same verdict and offset.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "normalize/text.hpp"
#include "readers/input_text.hpp"

using namespace incidentkit;

TEST_CASE("check_text finds the first NUL or invalid byte wherever it falls", "[input]") {
    const std::vector<std::string> pieces = {"a", "b c", "\n", "\u00e9", "\u2014", "\xF0\x9F\x98\x80", std::string(1, '\0'),
                                             "\xFF", "\xC3", "\x80", "0123456789abcdef"};
    std::mt19937 rng(62);
    int rejected = 0;
    for (int n = 0; n < 30000; ++n) {
        std::string s;
        const auto len = rng() % 12;
        for (unsigned k = 0; k < len; ++k) s += pieces[rng() % (rng() % 4 == 0 ? pieces.size() : 6)];
        // The reference: the first position where a NUL stands or no valid UTF-8 character starts.
        std::size_t bad = std::string::npos;
        for (std::size_t i = 0; i < s.size();) {
            const auto len8 = s[i] == '\0' ? 0 : text::utf8_length_at(s, i);
            if (len8 == 0) {
                bad = i;
                break;
            }
            i += len8;
        }
        INFO(n);
        const auto got = check_text(s);
        REQUIRE(got.has_value() == (bad != std::string::npos));
        if (got) {
            ++rejected;
            CHECK(got->message.find("offset " + std::to_string(bad)) != std::string::npos);
            CHECK(got->line == static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<long>(bad), '\n')) + 1);
        }
    }
    CHECK(rejected > 3000);
}
