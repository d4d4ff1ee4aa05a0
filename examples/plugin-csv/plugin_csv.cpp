// An incidentkit run-time plugin: the `csv-actions` writer (one CSV row per action item) and the `csv-incidents`
// reader (a simple incident CSV export). It uses only <incidentkit/plugin.h> (a C ABI) and nlohmann/json; it does
// not link libincidentkit. Stateless, hence reentrant: the host may call it from several threads at once.
#include <incidentkit/plugin.h>

#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::ordered_json;

// ---- CSV (RFC 4180) ----

std::string csv_field(std::string_view v) {
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    return out + "\r\n";
}

struct Record {
    std::size_t line = 0;  // where the record starts
    std::vector<std::string> fields;
};

// Splits the text into records; false (with the line in *bad_line) for a quoted field that never ends.
bool parse_csv(std::string_view text, std::vector<Record>& out, std::size_t* bad_line) {
    std::size_t i = 0, line = 1;
    while (i < text.size()) {
        Record r;
        r.line = line;
        std::string field;
        bool done = false;
        while (!done) {
            if (i < text.size() && text[i] == '"') {
                const std::size_t opened = line;
                ++i;
                while (true) {
                    if (i >= text.size()) {
                        *bad_line = opened;
                        return false;
                    }
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') ++line;
                    field += text[i++];
                }
            }
            // Unquoted part (or what follows a closing quote, kept as written).
            while (i < text.size() && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
                field += text[i++];
            }
            r.fields.push_back(std::move(field));
            field.clear();
            if (i >= text.size()) {
                done = true;
            } else if (text[i] == ',') {
                ++i;
            } else {  // "\n" or "\r\n"
                i += text[i] == '\r' ? 2 : 1;
                ++line;
                done = true;
            }
        }
        const bool blank = r.fields.size() == 1 && r.fields[0].empty();
        if (!blank) out.push_back(std::move(r));
    }
    return true;
}

std::string_view first_line(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const auto nl = text.find('\n');
    std::string_view l = text.substr(0, nl);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
}

constexpr std::string_view kHeader = "title,date,severity,status,started_at,resolved_at,summary";
const char* const kColumns[] = {"title", "date", "severity", "status", "started_at", "resolved_at", "summary"};
constexpr std::size_t kColumnCount = sizeof kColumns / sizeof kColumns[0];

void diagnostic(ik_plugin_output* out, int level, std::size_t line, const std::string& message) {
    out->emit_diagnostic(out, level, line, message.c_str());
}

// ---- the csv-incidents reader ----

double detect_incidents(void*, const char* text, size_t size, const char* path, const char** reason) {
    const std::string_view p = path ? path : "";
    const bool csv = p.size() >= 4 && p.substr(p.size() - 4) == ".csv";
    if (csv && first_line(std::string_view(text, size)) == kHeader) {
        *reason = "a .csv file with the incident export header";
        return 0.9;
    }
    *reason = csv ? "a .csv file without the incident export header" : "not a .csv file";
    return 0.0;
}

int read_incidents(void*, const char* text, size_t size, const char*, ik_plugin_output* out) {
    try {
        std::string_view t(text, size);
        if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
        std::vector<Record> records;
        std::size_t bad = 0;
        if (!parse_csv(t, records, &bad)) {
            diagnostic(out, IK_PLUGIN_ERROR, bad, "quoted field is not closed");
            return 1;
        }
        if (records.empty() || first_line(t) != kHeader) {
            diagnostic(out, IK_PLUGIN_ERROR, 1, "expected the header '" + std::string(kHeader) + "'");
            return 1;
        }
        int failed = 0;
        for (std::size_t r = 1; r < records.size(); ++r) {
            if ((r & 255u) == 0 && out->should_stop(out)) return 1;
            const Record& rec = records[r];
            if (rec.fields.size() != kColumnCount) {
                diagnostic(out, IK_PLUGIN_ERROR, rec.line,
                           "expected " + std::to_string(kColumnCount) + " columns, got " +
                               std::to_string(rec.fields.size()));
                failed = 1;
                continue;
            }
            // Only what the columns state; the host's canonical decoder fills the rest with null/empty and
            // normalises a hand-written severity ("SEV2", "P1").
            json inc = {{"schema_version", 1}};
            for (std::size_t c = 0; c < kColumnCount; ++c) {
                const std::string& v = rec.fields[c];
                inc[kColumns[c]] = v.empty() ? json(nullptr) : json(v);
            }
            const std::string s = inc.dump(-1, ' ', false, json::error_handler_t::replace);
            out->emit_incident_json(out, s.data(), s.size());
        }
        return failed;
    } catch (const std::exception& e) {
        diagnostic(out, IK_PLUGIN_ERROR, 0, std::string("csv-incidents: ") + e.what());
        return 1;
    } catch (...) {
        return 1;
    }
}

// ---- the csv-actions writer ----

std::string text_of(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int write_actions(void*, const char* incident_json, size_t size, int, ik_plugin_output* out) {
    try {
        const json inc = json::parse(incident_json, incident_json + size);
        std::string csv = csv_row({"incident_title", "date", "action", "owner", "due", "status", "priority", "links"});
        const std::string title = text_of(inc, "title"), date = text_of(inc, "date");
        if (const auto items = inc.find("action_items"); items != inc.end() && items->is_array()) {
            for (const auto& a : *items) {
                std::string owner;
                if (const auto o = a.find("owner"); o != a.end() && o->is_object()) owner = text_of(*o, "name");
                std::string links;
                if (const auto l = a.find("links"); l != a.end() && l->is_array()) {
                    for (const auto& x : *l) {
                        if (!x.is_string()) continue;
                        if (!links.empty()) links += ' ';
                        links += x.get<std::string>();
                    }
                }
                csv += csv_row({title, date, text_of(a, "action"), owner, text_of(a, "due"), text_of(a, "status"),
                                text_of(a, "priority"), links});
            }
        }
        out->emit_text(out, csv.data(), csv.size());
        return 0;
    } catch (const std::exception& e) {
        diagnostic(out, IK_PLUGIN_ERROR, 0, std::string("csv-actions: ") + e.what());
        return 1;
    } catch (...) {
        return 1;
    }
}

}  // namespace

extern "C" {

IK_PLUGIN_EXPORT int incidentkit_plugin_abi(void) { return INCIDENTKIT_PLUGIN_ABI; }

IK_PLUGIN_EXPORT int incidentkit_plugin_init(const ik_plugin_host* host) {
    if (host->abi_version != INCIDENTKIT_PLUGIN_ABI) {
        host->error(host->context, "the csv plugin needs plugin ABI 1");
        return 1;
    }
    ik_reader_def reader;
    std::memset(&reader, 0, sizeof reader);
    reader.abi_version = INCIDENTKIT_PLUGIN_ABI;
    reader.name = "csv-incidents";
    reader.description = "incident CSV export (title,date,severity,status,started_at,resolved_at,summary)";
    reader.detect = detect_incidents;
    reader.read = read_incidents;
    ik_writer_def writer;
    std::memset(&writer, 0, sizeof writer);
    writer.abi_version = INCIDENTKIT_PLUGIN_ABI;
    writer.name = "csv-actions";
    writer.description = "action items as CSV, one row per item (RFC 4180)";
    writer.extension = "csv";
    writer.write = write_actions;
    if (host->add_reader(host->context, &reader) != 0) return 1;
    if (host->add_writer(host->context, &writer) != 0) return 1;
    return 0;
}

}  // extern "C"
