// JsonWriter: the model as JSON in the documented key order; pretty by default, one line with compact.
// Written directly rather than through an nlohmann tree (building the tree per incident was a fifth of a
// batch's instructions); the bytes equal nlohmann's dump of to_json(incident), which tests/golden checks.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "normalize/text.hpp"
#include "writers/builtin_writers.hpp"

namespace incidentkit {
namespace {

// The output is written into a buffer sized ahead (ensure), not appended to a string piece by piece: each
// std::string append checked the capacity and called memcpy for a few bytes, and keys and short strings are
// most of what an incident writes.
class Out {
public:
    // Room for most incidents, left uninitialised (a string's resize would zero it first). The buffer is the
    // one the thread's previous Out left behind when there is one: a batch writes thousands of incidents, and
    // a new 16 KiB block for each made glibc consolidate its free lists every time.
    explicit Out(bool pretty) : pretty_(pretty) {
        Spare& s = spare();
        if (s.buf) {
            buf_ = std::move(s.buf);
            cap_ = s.cap;
        } else {
            buf_.reset(new char[16384]);
            cap_ = 16384;
        }
    }
    ~Out() {
        if (cap_ > (std::size_t{1} << 20)) return;  // an unusually large incident does not keep its room
        Spare& s = spare();
        s.buf = std::move(buf_);
        s.cap = cap_;
    }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    /// The text written, and a line end after it.
    std::string take_line() {
        put('\n');
        return std::string(buf_.get(), n_);
    }

    void string(std::string_view v) {
        put('"');
        // In chunks, so that the room for the worst case (every byte a six-byte \u00XX) stays small.
        for (std::size_t from = 0; from < v.size(); from += kChunk) {
            const std::string_view part = v.substr(from, kChunk);
            ensure(part.size() * 6);
            char* o = buf_.get() + n_;
            std::size_t i = 0;
            while (i < part.size()) {
                // Eight bytes at a time while none is below 0x20, '"' or '\\' (the "has a byte below n" test and
                // text::has_byte; a byte above 0x7F passes, as below), copied as they are scanned.
                constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
                for (std::uint64_t w; part.size() - i >= 8; i += 8, o += 8) {
                    std::memcpy(&w, part.data() + i, 8);
                    if (((w - kOnes * 0x20) & ~w & kHigh) | text::has_byte(w, '"') | text::has_byte(w, '\\')) break;
                    std::memcpy(o, &w, 8);
                }
                if (i == part.size()) break;
                const auto c = static_cast<unsigned char>(part[i++]);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    *o++ = static_cast<char>(c);
                    continue;
                }
                *o++ = '\\';
                switch (c) {
                    case '"': *o++ = '"'; break;
                    case '\\': *o++ = '\\'; break;
                    case '\b': *o++ = 'b'; break;
                    case '\f': *o++ = 'f'; break;
                    case '\n': *o++ = 'n'; break;
                    case '\r': *o++ = 'r'; break;
                    case '\t': *o++ = 't'; break;
                    default: {
                        static const char* hex = "0123456789abcdef";
                        std::memcpy(o, "u00", 3);
                        o[3] = hex[c >> 4];
                        o[4] = hex[c & 15];
                        o += 5;
                    }
                }
            }
            n_ = static_cast<std::size_t>(o - buf_.get());
        }
        put('"');
    }
    void null() { append("null"); }
    void boolean(bool b) { append(b ? std::string_view("true") : std::string_view("false")); }
    void integer(long long v) {
        ensure(24);
        const auto r = std::to_chars(buf_.get() + n_, buf_.get() + n_ + 24, v);
        n_ = static_cast<std::size_t>(r.ptr - buf_.get());
    }
    void number(double v) { append(nlohmann::json(v).dump()); }  // nlohmann's shortest round-trip form
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
        append(d);
    }

    // Containers: begin, then key()/item() before each member, then end. Empty ones print as {} / [].
    void begin(char open) {
        put(open);
        ++depth_;
        first_ = true;
    }
    void end(char close) {
        --depth_;
        if (!first_ && pretty_) newline();
        put(close);
        first_ = false;
    }
    // Keys are the model's field names, literals that need no escaping; inlined, so that each key's copy is of
    // a size known where it is written.
    template <std::size_t N>
    [[gnu::always_inline]] void key(const char (&k)[N]) {
        constexpr std::size_t len = N - 1;
        if (pretty_) item();  // the comma and the line break; compact writes its comma below
        ensure(len + 4);
        char* o = buf_.get() + n_;
        if (!pretty_ && !first_) *o++ = ',';
        *o++ = '"';
        std::memcpy(o, k, len);
        o += len;
        *o++ = '"';
        *o++ = ':';
        if (pretty_) *o++ = ' ';
        n_ = static_cast<std::size_t>(o - buf_.get());
        first_ = false;
    }
    void item() {
        if (!first_) put(',');
        if (pretty_) newline();
        first_ = false;
    }
    // After a nested container ends, the next member of the outer one needs its comma.
    void after_value() { first_ = false; }

private:
    static constexpr std::size_t kChunk = 4096;

    struct Spare {
        std::unique_ptr<char[]> buf;
        std::size_t cap = 0;
    };
    static Spare& spare() {
        thread_local Spare s;
        return s;
    }

    void ensure(std::size_t room) {
        if (cap_ - n_ >= room) return;
        const std::size_t cap = std::max(cap_ * 2, n_ + room);
        std::unique_ptr<char[]> grown(new char[cap]);
        std::memcpy(grown.get(), buf_.get(), n_);
        buf_ = std::move(grown);
        cap_ = cap;
    }
    void put(char c) {
        ensure(1);
        buf_[n_++] = c;
    }
    void append(std::string_view v) {
        ensure(v.size());
        std::memcpy(buf_.get() + n_, v.data(), v.size());
        n_ += v.size();
    }
    void newline() {
        const std::size_t pad = static_cast<std::size_t>(depth_) * 2;
        ensure(pad + 1);
        buf_[n_++] = '\n';
        std::memset(buf_.get() + n_, ' ', pad);
        n_ += pad;
    }
    std::unique_ptr<char[]> buf_;  // [0, n_) is written, [n_, cap_) is room
    std::size_t cap_ = 0;
    std::size_t n_ = 0;
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
        return o.take_line();
    }
};

}  // namespace

std::unique_ptr<Writer> make_json_writer() { return std::make_unique<JsonWriter>(); }

}  // namespace incidentkit
