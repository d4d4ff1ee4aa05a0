// Customer impact stated in words: a status page's severity word ("down", "disrupted"), or phrases of the
// title, description, impact section and opening text ("went down", "some users", "slow", "no user impact").
// The phrase tables and their precedence are documented in docs/model.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace incidentkit {

/// What the classifier reads: the title, description and impact section already free of code, markup and
/// links (see clean_prose); the body as Markdown, whose prose (its opening 1200 bytes, then up to 8000) is
/// made only when the scopes before it decide nothing (most reports decide earlier, and cleaning the body was
/// a tenth of the classifier's cost). `body_markdown` must outlive the call.
struct ImpactTexts {
    std::string title, description, impact;
    std::string_view body_markdown;
    std::string status_word;  // a status page's severity/max_severity word, lower-cased ("down", "notice")
};

struct ImpactFinding {
    std::string value;    // none | degraded | partial_outage | full_outage
    std::string rule;     // which table and scope decided
    std::string excerpt;  // the words that decided
    bool inferred = true; // false when a status word decided
};

/// Classifies; nullopt when nothing the texts say bears on customer impact.
std::optional<ImpactFinding> customer_impact_from(const ImpactTexts& texts);

/// Markdown as prose for phrase matching: code, HTML, comments, MDX import/export, shortcodes, images and URLs
/// removed, links replaced by their text, inline code by a placeholder.
std::string clean_prose(std::string_view markdown);

/// The parts of a Markdown body that speak about impact: sections headed "Impact", "Who was affected", "What
/// happened"..., "**Impact**:" fields and "| Impact |" rows.
std::string impact_scope(std::string_view markdown);

}  // namespace incidentkit
