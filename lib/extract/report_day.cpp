// The incident's day (`date`): which stated date names the day the incident began, by precedence.
#include <algorithm>
#include <cstdlib>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "extract/body_reader.hpp"
#include "extract/incident_day.hpp"
#include "readers/input_text.hpp"

namespace incidentkit::body {
namespace {

std::string date_text(const Date& d) { return format_date(d); }

}  // namespace

// The incident's day: the day it began for the people affected, as the report states it (never converted to
// UTC). By precedence: a stated start (its day as written), a metadata date naming the incident, an opening
// sentence ("On 4th March ..."), a date in the title (not a disclosure's), the earliest date a timeline row
// states, a plain "Date:" or front-matter date (often the publication day; not one on or after the day the
// incident was resolved when the file name says earlier), the file name, --date. A front-matter date later
// than the day chosen is read as the publication date, with a warning.
void BodyReader::choose_day(const std::optional<std::string>& title, std::size_t title_line,
                            const std::optional<SentenceDate>& sentence, std::size_t sentence_line,
                            const std::optional<Date>& earliest, std::size_t earliest_line) {
    if (inc.date) return;  // stated by the front matter or a canonical field
    struct Choice {
        std::optional<Date> date;
        std::size_t line = 0;
        std::string rule;
        bool inferred = false;
    } day;
    auto offer = [&](const std::optional<Date>& d, std::size_t line, std::string rule, bool inferred) {
        if (!day.date && d) day = {d, line, std::move(rule), inferred};
    };
    const std::string path = in.options ? in.options->path : std::string();
    const auto path_date = date_in_path(path);
    // A scheduled maintenance is announced before it happens: its post's date is the announcement, the
    // first dated update ("Starting") is the day of the work.
    {
        const std::string raw = text::lower(title ? *title : in.raw_title);
        const bool maintenance = raw.find("maintenance") != std::string::npos || text::lower(in.status_word).find("maintenance") != std::string::npos;
        if (maintenance && earliest && in.start_day && *in.start_day < *earliest)
            offer(earliest, earliest_line, "scheduled maintenance: the first dated update, not the announcement", false);
    }
    offer(in.start_day, in.start_day_line, "the stated start's day, as written", false);
    if (times.start) offer(times.start->date, times.start_line, "the stated start's day", false);
    if (times.date_names_incident) offer(times.date, times.date_line, "metadata: the incident's date", false);
    // The title as written (a front-matter title is cleaned of its leading date, so look at the raw one).
    const std::string raw_title = title ? *title : in.raw_title;
    const std::string title_key = text::lower(raw_title);
    const bool title_counts = title_key.find("disclosure") == std::string::npos;
    // A sentence from the summary (or the prose before the first section) names the day; one found deeper in
    // the body (a background or bounty-report section) yields to a date in the title.
    const bool sentence_in_summary = sentence && inc.summary &&
        text::fold_punctuation(*inc.summary).find(sentence->sentence.substr(0, std::min<std::size_t>(20, sentence->sentence.size()))) != std::string::npos;
    if (sentence && sentence_in_summary) offer(sentence->date, sentence_line, "a sentence: on <date>", true);
    if (title_counts) offer(find_date(raw_title), title ? title_line : in.raw_title_line, "a date in the title", false);
    // "... router Monday 02/08": a yearless day/month with its weekday, the year from the post's or the file
    // name's date; of the two readings, one whose weekday agrees, nearest that date.
    if (title_counts && !day.date) {
        static const RE2 wd_dm{R"re((?i)\b(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(\d{1,2})[/.](\d{1,2})\b(?:[/.]\d)?)re"};
        std::string wd, a, b;
        const std::optional<Date> ref = in.report_date ? in.report_date : in.start_day ? in.start_day : path_date;
        if (ref && RE2::PartialMatch(raw_title, wd_dm, &wd, &a, &b) && raw_title.find(a + "/" + b + "/") == std::string::npos) {
            auto days = [](int y, int m, int d) {  // days since 1970-01-01 (civil)
                y -= m <= 2;
                const int era = (y >= 0 ? y : y - 399) / 400;
                const int yoe = y - era * 400;
                const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
                const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
                return era * 146097 + doe - 719468;
            };
            static const char* names[] = {"thurs", "fri", "satur", "sun", "mon", "tues", "wednes"};  // 1970-01-01 was a Thursday
            const std::string w = text::lower(wd);
            const int r = days(ref->year, ref->month, ref->day);
            std::optional<Date> best;
            int best_gap = 0;
            for (const auto& [dd, mm] : {std::pair{std::stoi(a), std::stoi(b)}, std::pair{std::stoi(b), std::stoi(a)}}) {
                if (mm < 1 || mm > 12 || dd < 1 || dd > 31) continue;
                const int n = days(ref->year, mm, dd);
                if (w != names[((n % 7) + 7) % 7]) continue;
                const int gap = std::abs(n - r);
                if (!best || gap < best_gap) best = Date{ref->year, mm, dd}, best_gap = gap;
            }
            if (best && best_gap <= 60) offer(best, title ? title_line : in.raw_title_line, "a weekday and day/month in the title, the year from the post", true);
        }
    }
    if (sentence) offer(sentence->date, sentence_line, "a sentence: on <date>", true);
    // A Date: line is often the publication day, after the events; one earlier than every timeline entry
    // is not (an announcement followed by its updates): it comes first.
    if (times.date && earliest && *times.date < *earliest) {
        offer(times.date, times.date_line, "metadata date line, earlier than every timeline entry", false);
    }
    offer(earliest, earliest_line, "the earliest date a timeline entry states", false);
    offer(times.date, times.date_line, "metadata date line", false);
    // A status page's front-matter date is when the post was written; an update posted on or after the
    // resolution is not the start when the file name says an earlier day.
    std::optional<Date> report_date = in.report_date ? in.report_date : in.start_day;
    // With no file name date, a post written after the day it was resolved gives that day (inferred: the
    // incident may have begun earlier, but it was going on then).
    std::optional<Date> resolved_day;
    if (in.report_date && inc.resolved_at) {
        if (const auto r = parse_iso_instant(*inc.resolved_at)) {
            const Date resolved = date_of(*r);
            if (resolved < *in.report_date) resolved_day = resolved;
            if (!(*in.report_date < resolved) && path_date && *path_date < *in.report_date) report_date.reset();
        }
    }
    if (resolved_day && !path_date) report_date.reset();
    if (in.report_date) offer(report_date, in.report_date_line, "the report's date", false);
    // "2022-11-22-power-outage-in-the-datacenter-27-11-2022.md": the leading date is when the file was made;
    // a full date in the name's words (the title as first written) names the event.
    {
        const auto slash = path.find_last_of('/');
        const std::string base = path.substr(slash == std::string::npos ? 0 : slash + 1);
        static const RE2 lead{"(?:^|[^0-9])(?:19|20)\\d{2}[-_.]?\\d{2}[-_.]?\\d{2}[-_.T]?\\d{0,4}[-_]+[A-Za-z]"};
        static const RE2 dmy{"[-_](\\d{1,2})[-_.](\\d{1,2})[-_.]((?:19|20)\\d{2})(?:[^0-9]|$)"};
        std::string a, b, y;
        if (path_date && RE2::PartialMatch(base, lead) && RE2::PartialMatch(base, dmy, &a, &b, &y)) {
            const int d1 = std::stoi(a), m1 = std::stoi(b);
            std::optional<Date> slug;
            if (m1 <= 12 && (d1 > 12 || d1 == m1)) slug = Date{std::stoi(y), m1, d1};
            else if (d1 <= 12 && m1 > 12) slug = Date{std::stoi(y), d1, m1};
            if (slug && slug->year == path_date->year) offer(slug, 0, "a date in the file name's words", true);
        }
    }
    offer(path_date, 0, "a date in the file name", true);
    offer(resolved_day, 0, "the day it was resolved (the post is dated later)", true);
    if (in.options && in.options->date) offer(parse_date(*in.options->date), 0, "--date", false);
    if (!day.date) return;
    inc.date = date_text(*day.date);
    prov.note(inc, "/date", day.line, day.rule, day.inferred);
    // A publication date later than the incident's day is not the incident's day: say so.
    if (in.report_date && date_text(*in.report_date) > *inc.date) {
        diags.push_back(warning_at(in.report_date_line, "the front-matter date " + date_text(*in.report_date) +
                                                            " is later than the day the incident began (" + *inc.date +
                                                            ", " + day.rule + "); read as the publication date"));
    }
}

}  // namespace incidentkit::body
