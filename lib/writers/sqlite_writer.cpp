// SqliteWriter: a whole batch into one SQLite database (docs/sqlite.md): one row per incident with every scalar
// field and its JSON, one table per repeated part, an FTS5 index. Re-running updates in place: a document whose
// incidents are unchanged is left alone, a changed one has its rows replaced, --prune removes the vanished.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "sqlite/sqlite_db.hpp"
#include "writers/builtin_writers.hpp"
#include "writers/sqlite_schema.hpp"

namespace incidentkit {
namespace {

using sqlite::Db;
using sqlite::Stmt;

constexpr std::size_t kDefaultCommitEvery = 500;

// FNV-1a, 64 bits: a document's digest is that of its incidents' JSON, to see on a re-run that nothing changed.
std::string digest_of(const std::vector<std::string>& jsons, std::string_view format) {
    std::uint64_t h = 14695981039346656037ull;
    auto feed = [&](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0xff;  // a separator no UTF-8 text holds
        h *= 1099511628211ull;
    };
    feed(format);
    for (const auto& j : jsons) feed(j);
    return fmt::format("{:016x}", h);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) (out += out.empty() ? "" : "\n") += p;
    return out;
}

std::optional<std::int64_t> opt_int(const std::optional<int>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

class SqliteSink final : public BatchSink {
public:
    SqliteSink(const std::string& target, const BatchOptions& options)
        : target_(target), options_(options), json_(make_json_writer()) {
        db_.open(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
        sqlite3_busy_timeout(db_.handle(), 10000);
        check_schema();  // before anything changes the file: another application's database is left as it was
        db_.exec("pragma journal_mode = wal; pragma synchronous = normal; pragma foreign_keys = on;");
        db_.exec(sqlite::kSchemaSql);
        db_.exec("begin immediate");
        Stmt(db_, "insert or replace into meta(key, value) values ('schema_version', ?1)")
            .bind(1, static_cast<std::int64_t>(sqlite::kDbSchemaVersion)).run();
        Stmt(db_, "insert or replace into meta(key, value) values ('model_schema_version', ?1)")
            .bind(1, static_cast<std::int64_t>(kSchemaVersion)).run();
        in_transaction_ = true;
        prepare();
    }

    ~SqliteSink() override {
        // An interrupted batch: the documents added so far are whole, so committing them keeps the database
        // consistent (a crash instead loses only this transaction: SQLite rolls it back on the next open).
        if (in_transaction_) sqlite3_exec(db_.handle(), "commit", nullptr, nullptr, nullptr);
    }

    bool add(const std::string& path, const std::vector<Incident>& incidents, bool failed,
             std::string& error) override {
        return guarded(error, [&] {
            seen_.insert(path);
            if (failed) return;  // its earlier rows stay: a file that does not read now is no deleted file
            std::vector<std::string> jsons;
            for (const auto& inc : incidents) {
                std::string j = json_->write(inc, WriteOptions{true});
                if (!j.empty() && j.back() == '\n') j.pop_back();
                jsons.push_back(std::move(j));
            }
            const std::string format = incidents.empty() ? std::string() : incidents.front().source.format;
            const std::string digest = digest_of(jsons, format);
            if (find_digest_->bind(1, path).step()) {
                const bool same = find_digest_->text(0) == digest;
                find_digest_->step();  // to the end: resets
                if (same) return;
            }
            // One document is all or nothing: a failure part-way rolls back to before its delete, so its old rows
            // and old digest stay (a digest over half its rows would make every re-run skip it).
            db_.exec("savepoint document");
            try {
                // Incidents by path as well as by the cascade: rows left without their document (deleted by hand
                // with foreign keys off, as the sqlite3 shell has them) must not block the new ones.
                delete_incidents_->bind(1, path).run();
                delete_document_->bind(1, path).run();
                insert_document_->bind(1, path).bind(2, format).bind(3, static_cast<std::int64_t>(incidents.size()))
                    .bind(4, digest).run();
                for (std::size_t k = 0; k < incidents.size(); ++k) insert_incident(path, k, incidents[k], jsons[k]);
                db_.exec("release document");
            } catch (...) {
                sqlite3_exec(db_.handle(), "rollback to document; release document", nullptr, nullptr, nullptr);
                throw;
            }
            if (++pending_ >= (options_.commit_every ? options_.commit_every : kDefaultCommitEvery)) commit();
        });
    }

    bool finish(bool complete, std::string& error) override {
        return guarded(error, [&] {
            if (complete && !options_.prune_under.empty()) prune();
            db_.exec("commit");
            in_transaction_ = false;
        });
    }

private:
    template <class F>
    bool guarded(std::string& error, F&& f) {
        try {
            f();
            return true;
        } catch (const sqlite::Error& e) {
            error = target_ + ": " + e.message;
        } catch (const std::exception& e) {
            error = target_ + ": " + e.what();
        }
        return false;
    }

    // A database someone else made, or one of a newer schema, is refused rather than altered.
    void check_schema() {
        Stmt tables(db_, "select count(*) from sqlite_schema where type = 'table'");
        tables.step();
        const auto count = tables.integer(0);
        tables.step();
        if (count == 0) return;
        Stmt has_meta(db_, "select count(*) from sqlite_schema where type = 'table' and name = 'meta'");
        has_meta.step();
        const bool ours = has_meta.integer(0) == 1;
        has_meta.step();
        if (!ours) throw sqlite::Error{"the database holds tables but is no incidentkit database (no meta table)"};
        Stmt meta(db_, "select value from meta where key = 'schema_version'");
        if (!meta.step()) throw sqlite::Error{"the database's meta table has no schema_version"};
        const std::string v = meta.text(0);
        meta.step();
        if (v != std::to_string(sqlite::kDbSchemaVersion)) {
            throw sqlite::Error{fmt::format("the database has schema version {}; this incidentkit writes version {}",
                                            v, sqlite::kDbSchemaVersion)};
        }
    }

    void commit() {
        db_.exec("commit");
        db_.exec("begin immediate");
        pending_ = 0;
    }

    void prune() {
        std::vector<std::string> prefixes;
        for (std::string root : options_.prune_under) {
            while (root.size() > 1 && root.back() == '/') root.pop_back();
            prefixes.push_back(root == "/" ? root : root + "/");
        }
        std::vector<std::string> gone;
        Stmt all(db_, "select path from documents");
        while (all.step()) {
            std::string p = all.text(0);
            if (seen_.count(p)) continue;
            if (std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& x) { return p.rfind(x, 0) == 0; })) {
                gone.push_back(std::move(p));
            }
        }
        for (const auto& p : gone) delete_document_->bind(1, p).run();
    }

    void prepare() {
        find_digest_ = std::make_unique<Stmt>(db_, "select digest from documents where path = ?1");
        delete_document_ = std::make_unique<Stmt>(db_, "delete from documents where path = ?1");
        delete_incidents_ = std::make_unique<Stmt>(db_, "delete from incidents where path = ?1");
        insert_document_ = std::make_unique<Stmt>(
            db_, "insert into documents(path, format, incidents, digest) values (?1, ?2, ?3, ?4)");
        insert_incident_ = std::make_unique<Stmt>(db_,
            "insert into incidents(path, incident_index, id, type, title, status, severity_level, severity_label, "
            "severity_raw, commander_name, commander_handle, date, started_at, detected_at, mitigated_at, "
            "resolved_at, duration_minutes, customer_impact, summary, root_cause, data_loss, format, json) "
            "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
            "?21, ?22, ?23)");
        people_ = std::make_unique<Stmt>(db_, "insert into people values (?1, ?2, ?3, ?4, ?5)");
        systems_ = std::make_unique<Stmt>(db_, "insert into affected_systems values (?1, ?2, ?3)");
        tags_ = std::make_unique<Stmt>(db_, "insert into tags values (?1, ?2, ?3)");
        links_ = std::make_unique<Stmt>(db_, "insert into links values (?1, ?2, ?3, ?4, ?5, ?6)");
        impact_items_ = std::make_unique<Stmt>(db_, "insert into impact_items values (?1, ?2, ?3)");
        metrics_ = std::make_unique<Stmt>(db_, "insert into metrics values (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        timeline_ = std::make_unique<Stmt>(db_, "insert into timeline values (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        resolution_ = std::make_unique<Stmt>(db_, "insert into resolution values (?1, ?2, ?3)");
        actions_ = std::make_unique<Stmt>(db_, "insert into action_items values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        action_links_ = std::make_unique<Stmt>(db_, "insert into action_item_links values (?1, ?2, ?3, ?4)");
        lessons_ = std::make_unique<Stmt>(db_, "insert into lessons_learned values (?1, ?2, ?3)");
        sections_ = std::make_unique<Stmt>(db_, "insert into sections values (?1, ?2, ?3, ?4)");
        warnings_ = std::make_unique<Stmt>(db_, "insert into warnings values (?1, ?2, ?3, ?4)");
        fts_ = std::make_unique<Stmt>(db_,
            "insert into incidents_fts(rowid, title, summary, root_cause, timeline, action_items) "
            "values (?1, ?2, ?3, ?4, ?5, ?6)");
    }

    static void texts(Stmt& st, std::int64_t id, const std::vector<std::string>& v) {
        for (std::size_t k = 0; k < v.size(); ++k) st.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, v[k]).run();
    }

    void insert_incident(const std::string& path, std::size_t index, const Incident& i, const std::string& json) {
        auto& st = *insert_incident_;
        st.bind(1, path).bind(2, static_cast<std::int64_t>(index)).bind(3, i.id).bind(4, i.type).bind(5, i.title)
            .bind(6, i.status);
        if (i.severity) {
            st.bind(7, opt_int(i.severity->level)).bind(8, i.severity->label).bind(9, i.severity->raw);
        } else {
            st.bind_null(7).bind_null(8).bind_null(9);
        }
        if (i.commander) {
            st.bind(10, i.commander->name).bind(11, i.commander->handle);
        } else {
            st.bind_null(10).bind_null(11);
        }
        st.bind(12, i.date).bind(13, i.started_at).bind(14, i.detected_at).bind(15, i.mitigated_at)
            .bind(16, i.resolved_at).bind(17, i.duration_minutes).bind(18, i.customer_impact).bind(19, i.summary)
            .bind(20, i.root_cause);
        if (i.impact.data_loss) {
            st.bind(21, static_cast<std::int64_t>(*i.impact.data_loss));
        } else {
            st.bind_null(21);
        }
        st.bind(22, i.source.format).bind(23, json).run();
        const std::int64_t id = db_.last_rowid();

        if (i.commander) people_->bind(1, id).bind(2, "commander").bind(3, std::int64_t{0}).bind(4, i.commander->name)
                             .bind(5, i.commander->handle).run();
        for (std::size_t k = 0; k < i.responders.size(); ++k) {
            people_->bind(1, id).bind(2, "responder").bind(3, static_cast<std::int64_t>(k)).bind(4, i.responders[k].name)
                .bind(5, i.responders[k].handle).run();
        }
        texts(*systems_, id, i.affected_systems);
        texts(*tags_, id, i.tags);
        for (std::size_t k = 0; k < i.links.size(); ++k) {
            const auto& l = i.links[k];
            links_->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, l.rel).bind(4, l.target).bind(5, l.title)
                .bind(6, l.date).run();
        }
        texts(*impact_items_, id, i.impact.items);
        for (std::size_t k = 0; k < i.impact.metrics.size(); ++k) {
            const auto& m = i.impact.metrics[k];
            metrics_->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, m.name).bind(4, m.value).bind(5, m.unit)
                .bind(6, static_cast<std::int64_t>(m.approximate)).bind(7, m.text).run();
        }
        std::vector<std::string> events, actions;
        for (std::size_t k = 0; k < i.timeline.size(); ++k) {
            const auto& e = i.timeline[k];
            nlohmann::json tags = e.tags;
            timeline_->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, e.at).bind(4, e.time).bind(5, e.event)
                .bind(6, e.actor).bind(7, tags.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).run();
            events.push_back(e.event);
        }
        texts(*resolution_, id, i.resolution);
        for (std::size_t k = 0; k < i.action_items.size(); ++k) {
            const auto& a = i.action_items[k];
            auto& ast = *actions_;
            ast.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, a.action);
            if (a.owner) {
                ast.bind(4, a.owner->name).bind(5, a.owner->handle);
            } else {
                ast.bind_null(4).bind_null(5);
            }
            ast.bind(6, a.due).bind(7, a.status).bind(8, a.priority).run();
            for (std::size_t n = 0; n < a.links.size(); ++n) {
                action_links_->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, static_cast<std::int64_t>(n))
                    .bind(4, a.links[n]).run();
            }
            actions.push_back(a.action);
        }
        texts(*lessons_, id, i.lessons_learned);
        for (std::size_t k = 0; k < i.sections.size(); ++k) {
            sections_->bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, i.sections[k].heading)
                .bind(4, i.sections[k].markdown).run();
        }
        for (std::size_t k = 0; k < i.source.warnings.size(); ++k) {
            warnings_->bind(1, id).bind(2, static_cast<std::int64_t>(k))
                .bind(3, static_cast<std::int64_t>(i.source.warnings[k].line)).bind(4, i.source.warnings[k].message).run();
        }
        fts_->bind(1, id).bind(2, i.title).bind(3, i.summary).bind(4, i.root_cause).bind(5, joined(events))
            .bind(6, joined(actions)).run();
    }

    std::string target_;
    BatchOptions options_;
    std::unique_ptr<Writer> json_;
    Db db_;
    bool in_transaction_ = false;
    std::size_t pending_ = 0;
    std::set<std::string> seen_;
    std::unique_ptr<Stmt> find_digest_, delete_document_, delete_incidents_, insert_document_, insert_incident_, people_, systems_,
        tags_, links_, impact_items_, metrics_, timeline_, resolution_, actions_, action_links_, lessons_, sections_,
        warnings_, fts_;
};

class SqliteWriter final : public BatchWriter {
public:
    std::string name() const override { return "sqlite"; }
    std::string description() const override {
        return "an SQLite database of the whole batch (-o FILE; docs/sqlite.md), updated in place on a re-run";
    }
    std::unique_ptr<BatchSink> open(const std::string& target, const BatchOptions& options,
                                    std::string& error) const override {
        try {
            return std::make_unique<SqliteSink>(target, options);
        } catch (const sqlite::Error& e) {
            error = target + ": " + e.message;
        } catch (const std::exception& e) {
            error = target + ": " + e.what();
        }
        return nullptr;
    }
};

}  // namespace

std::unique_ptr<BatchWriter> make_sqlite_writer() { return std::make_unique<SqliteWriter>(); }

}  // namespace incidentkit
