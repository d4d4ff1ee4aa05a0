// JsonWriter: the model as JSON in the documented key order; pretty by default, one line with compact.
// Written directly rather than through an nlohmann tree (building the tree per incident was a fifth of a
// batch's instructions); the bytes equal nlohmann's dump of to_json(incident), which tests/golden checks.
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

#include "writers/builtin_writers.hpp"

namespace incidentkit {
namespace {

class Out {
public:
    explicit Out(bool pretty) : pretty_(pretty) { s_.reserve(16384); }  // most incidents fit: no regrowth
    std::string take() { return std::move(s_); }

    void string(std::string_view v) {
        s_ += '"';
        // Runs that need no escape are appended whole (most text has none; a byte at a time was a twentieth
        // of a conversion's instructions).
        std::size_t run = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            // Eight bytes at a time while none is below 0x20, '"' or '\\' (the "has a byte below n" and
            // "has a zero byte" tests; a byte above 0x7F passes, as below).
            constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
            for (std::uint64_t w; v.size() - i >= 8; i += 8) {
                std::memcpy(&w, v.data() + i, 8);
                const std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
                const std::uint64_t special = ((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) |
                                              ((backslash - kOnes) & ~backslash);
                if (special & kHigh) break;
            }
            if (i == v.size()) break;
            const auto c = static_cast<unsigned char>(v[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            s_.append(v.data() + run, i - run);
            run = i + 1;
            switch (c) {
                case '"': s_ += "\\\""; break;
                case '\\': s_ += "\\\\"; break;
                case '\b': s_ += "\\b"; break;
                case '\f': s_ += "\\f"; break;
                case '\n': s_ += "\\n"; break;
                case '\r': s_ += "\\r"; break;
                case '\t': s_ += "\\t"; break;
                default: {
                    static const char* hex = "0123456789abcdef";
                    s_ += "\\u00";
                    s_ += hex[c >> 4];
                    s_ += hex[c & 15];
                }
            }
        }
        s_.append(v.data() + run, v.size() - run);
        s_ += '"';
    }
    void null() { s_ += "null"; }
    void boolean(bool b) { s_ += b ? "true" : "false"; }
    void integer(long long v) { s_ += std::to_string(v); }
    void number(double v) { s_ += nlohmann::json(v).dump(); }  // nlohmann's shortest round-trip form
    void raw_value(const nlohmann::ordered_json& v) {
        // An arbitrary subtree (extra): nlohmann's own dump, re-indented to where it stands.
        std::string d = pretty_ ? v.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                                : v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        if (pretty_ && depth_ > 0) {
            const std::string pad(static_cast<std::size_t>(depth_) * 2, ' ');
            std::string shifted;
            shifted.reserve(d.size() + 64);
            for (char c : d) {
                shifted += c;
                if (c == '\n') shifted += pad;
            }
            d = std::move(shifted);
        }
        s_ += d;
    }

    // Containers: begin, then key()/item() before each member, then end. Empty ones print as {} / [].
    void begin(char open) {
        s_ += open;
        ++depth_;
        first_ = true;
    }
    void end(char close) {
        --depth_;
        if (!first_ && pretty_) newline();
        s_ += close;
        first_ = false;
    }
    // Keys are the model's field names, literals that need no escaping.
    void key(std::string_view k) {
        if (pretty_ || k.size() > 60) {
            item();
            s_ += '"';
            s_.append(k);
            s_ += pretty_ ? "\": " : "\":";
            return;
        }
        // Compact: the comma, the quoted key and the colon in one append (a key is written some 300 times
        // an incident, and four appends each cost more than the bytes).
        char buf[64];
        std::size_t n = 0;
        if (!first_) buf[n++] = ',';
        buf[n++] = '"';
        std::memcpy(buf + n, k.data(), k.size());
        n += k.size();
        buf[n++] = '"';
        buf[n++] = ':';
        s_.append(buf, n);
        first_ = false;
    }
    void item() {
        if (!first_) s_ += ',';
        if (pretty_) newline();
        first_ = false;
    }
    // After a nested container ends, the next member of the outer one needs its comma.
    void after_value() { first_ = false; }

private:
    void newline() {
        s_ += '\n';
        s_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    }
    std::string s_;
    bool pretty_;
    int depth_ = 0;
    bool first_ = true;
};

void opt_string(Out& o, const std::optional<std::string>& v) { v ? o.string(*v) : o.null(); }

void strings(Out& o, const std::vector<std::string>& v) {
    o.begin('[');
    for (const auto& s : v) {
        o.item();
        o.string(s);
    }
    o.end(']');
}

void person(Out& o, const std::optional<Person>& p) {
    if (!p) {
        o.null();
        return;
    }
    o.begin('{');
    o.key("name");
    o.string(p->name);
    o.key("handle");
    opt_string(o, p->handle);
    o.end('}');
}

template <class T, class F>
void array(Out& o, const std::vector<T>& v, F&& each) {
    o.begin('[');
    for (const auto& x : v) {
        o.item();
        each(x);
    }
    o.end(']');
}

void write_incident_json(Out& o, const Incident& i) {
    o.begin('{');
    o.key("schema_version");
    o.integer(i.schema_version);
    o.key("id");
    opt_string(o, i.id);
    o.key("type");
    opt_string(o, i.type);
    o.key("title");
    opt_string(o, i.title);
    o.key("status");
    opt_string(o, i.status);
    o.key("severity");
    if (i.severity) {
        o.begin('{');
        o.key("level");
        i.severity->level ? o.integer(*i.severity->level) : o.null();
        o.key("label");
        opt_string(o, i.severity->label);
        o.key("raw");
        o.string(i.severity->raw);
        o.end('}');
    } else {
        o.null();
    }
    o.key("commander");
    person(o, i.commander);
    o.key("responders");
    array(o, i.responders, [&](const Person& p) { person(o, p); });
    o.key("date");
    opt_string(o, i.date);
    o.key("started_at");
    opt_string(o, i.started_at);
    o.key("detected_at");
    opt_string(o, i.detected_at);
    o.key("mitigated_at");
    opt_string(o, i.mitigated_at);
    o.key("resolved_at");
    opt_string(o, i.resolved_at);
    o.key("duration_minutes");
    i.duration_minutes ? o.integer(*i.duration_minutes) : o.null();
    o.key("affected_systems");
    strings(o, i.affected_systems);
    o.key("customer_impact");
    opt_string(o, i.customer_impact);
    o.key("tags");
    strings(o, i.tags);
    o.key("links");
    array(o, i.links, [&](const Link& l) {
        o.begin('{');
        o.key("rel");
        o.string(l.rel);
        o.key("target");
        o.string(l.target);
        o.key("title");
        opt_string(o, l.title);
        o.key("date");
        opt_string(o, l.date);
        o.end('}');
    });
    o.key("summary");
    opt_string(o, i.summary);
    o.key("impact");
    o.begin('{');
    o.key("items");
    strings(o, i.impact.items);
    o.key("metrics");
    array(o, i.impact.metrics, [&](const Metric& m) {
        o.begin('{');
        o.key("name");
        o.string(m.name);
        o.key("value");
        m.value ? o.number(*m.value) : o.null();
        o.key("unit");
        opt_string(o, m.unit);
        o.key("approximate");
        o.boolean(m.approximate);
        o.key("text");
        o.string(m.text);
        o.end('}');
    });
    o.key("data_loss");
    i.impact.data_loss ? o.boolean(*i.impact.data_loss) : o.null();
    o.end('}');
    o.key("timeline");
    array(o, i.timeline, [&](const TimelineEntry& e) {
        o.begin('{');
        o.key("at");
        opt_string(o, e.at);
        o.key("time");
        o.string(e.time);
        o.key("event");
        o.string(e.event);
        o.key("actor");
        opt_string(o, e.actor);
        o.key("tags");
        strings(o, e.tags);
        o.end('}');
    });
    o.key("root_cause");
    opt_string(o, i.root_cause);
    o.key("resolution");
    strings(o, i.resolution);
    o.key("action_items");
    array(o, i.action_items, [&](const ActionItem& a) {
        o.begin('{');
        o.key("action");
        o.string(a.action);
        o.key("owner");
        person(o, a.owner);
        o.key("due");
        opt_string(o, a.due);
        o.key("status");
        opt_string(o, a.status);
        o.key("priority");
        opt_string(o, a.priority);
        o.key("links");
        strings(o, a.links);
        o.end('}');
    });
    o.key("lessons_learned");
    strings(o, i.lessons_learned);
    o.key("extra");
    o.raw_value(i.extra);
    o.after_value();
    o.key("sections");
    array(o, i.sections, [&](const Section& s) {
        o.begin('{');
        o.key("heading");
        o.string(s.heading);
        o.key("markdown");
        o.string(s.markdown);
        o.end('}');
    });
    o.key("source");
    o.begin('{');
    o.key("path");
    o.string(i.source.path);
    o.key("format");
    o.string(i.source.format);
    o.key("warnings");
    array(o, i.source.warnings, [&](const Diagnostic& d) {
        o.begin('{');
        o.key("line");
        o.integer(static_cast<long long>(d.line));
        o.key("message");
        o.string(d.message);
        o.end('}');
    });
    if (!i.source.provenance.empty()) {  // only with --explain
        o.key("provenance");
        array(o, i.source.provenance, [&](const Provenance& p) {
            o.begin('{');
            o.key("pointer");
            o.string(p.pointer);
            o.key("line");
            o.integer(static_cast<long long>(p.line));
            o.key("rule");
            o.string(p.rule);
            o.key("excerpt");
            o.string(p.excerpt);
            o.key("inferred");
            o.boolean(p.inferred);
            o.end('}');
        });
    }
    o.end('}');
    o.end('}');
}

class JsonWriter final : public Writer {
public:
    std::string name() const override { return "json"; }
    std::string description() const override { return "JSON (docs/model.md); JSON Lines with --compact"; }
    std::string extension() const override { return "json"; }

    std::string write(const Incident& incident, const WriteOptions& options) const override {
        Out o(!options.compact);
        write_incident_json(o, incident);
        std::string out = o.take();
        out += '\n';
        return out;
    }
};

}  // namespace

std::unique_ptr<Writer> make_json_writer() { return std::make_unique<JsonWriter>(); }

}  // namespace incidentkit
