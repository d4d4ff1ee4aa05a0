// SqliteReader: the incidents of a database written by `--to sqlite`, from their JSON column, in path order.
// A binary reader: it gets the file's bytes as they are and opens them in memory, read-only.
#include <filesystem>

#include <fmt/format.h>

#include "readers/builtin_readers.hpp"
#include "readers/canonical_decode.hpp"
#include "sqlite/sqlite_db.hpp"

namespace incidentkit {
namespace {

constexpr std::string_view kMagic{"SQLite format 3\0", 16};

class SqliteReader final : public Reader {
public:
    std::string name() const override { return "sqlite"; }
    std::string description() const override { return "an incidentkit SQLite database (written by --to sqlite)"; }
    bool binary() const override { return true; }

    Detection detect(std::string_view bytes, std::string_view) const override {
        if (bytes.substr(0, kMagic.size()) != kMagic) return {0.0, "no SQLite header"};
        return {1.0, "SQLite database header"};
    }

    ReadResult read(std::string_view bytes, const ReadOptions& options) const override {
        ReadResult out;
        if (bytes.substr(0, kMagic.size()) != kMagic) {
            out.diagnostics.push_back(error_at(0, "not an SQLite database (no 'SQLite format 3' header)"));
            return out;
        }
        // A database in WAL mode says so in bytes 18-19; SQLite's in-memory VFS has no WAL, so a copy marked as
        // a rollback-journal database is opened instead (the content is the same).
        std::string copy;
        std::string_view image = bytes;
        if (bytes.size() > 19 && (bytes[18] == 2 || bytes[19] == 2)) {
            copy.assign(bytes);
            copy[18] = copy[19] = 1;
            image = copy;
        }
        warn_about_wal(options.path, out.diagnostics);
        // A query past the deadline is interrupted by SQLite; the flag says that it was the deadline.
        struct Watch {
            const Deadline* deadline;
            bool expired = false;
        } watch{&options.deadline};
        try {
            sqlite::Db db;
            db.open_bytes(image);
            db.distrust_schema();
            db.stop_when(
                [](void* p) {
                    auto* w = static_cast<Watch*>(p);
                    w->expired = w->expired || w->deadline->expired();
                    return w->expired ? 1 : 0;
                },
                &watch);
            {
                // Only our tables: a view of that name could compute anything.
                sqlite::Stmt kinds(db, "select count(*) from sqlite_schema where type = 'table' and name in "
                                       "('meta', 'incidents')");
                kinds.step();
                const auto tables = kinds.integer(0);
                kinds.step();
                if (tables != 2) throw sqlite::Error{"no 'meta' and 'incidents' tables (written by --to sqlite?)"};
            }
            {
                sqlite::Stmt meta(db, "select value from meta where key = 'schema_version'");
                if (!meta.step()) throw sqlite::Error{"no schema_version in its meta table"};
                const std::string v = meta.text(0);
                meta.step();
                if (v != "1") throw sqlite::Error{fmt::format("schema version {}, this incidentkit reads version 1", v)};
            }
            sqlite::Stmt rows(db, "select path, incident_index, json from incidents order by path, incident_index");
            std::size_t n = 0;
            while (rows.step()) {
                if ((++n & 255u) == 0) options.deadline.check();
                const std::string where = fmt::format("incident {} of {}", rows.integer(1), rows.text(0));
                nlohmann::ordered_json j;
                try {
                    j = nlohmann::ordered_json::parse(rows.text(2));
                } catch (const nlohmann::json::exception&) {
                    out.diagnostics.push_back(error_at(0, where + ": its json column is not JSON"));
                    return out;
                }
                Incident inc;
                const std::size_t from = out.diagnostics.size();
                const bool ok = decode_incident(j, "", [](const std::string&) { return std::size_t{0}; }, inc,
                                                out.diagnostics);
                for (std::size_t d = from; d < out.diagnostics.size(); ++d) {
                    out.diagnostics[d].message = where + ": " + out.diagnostics[d].message;
                }
                if (!ok) return out;
                out.incidents.push_back(std::move(inc));
            }
        } catch (const sqlite::Error& e) {
            if (watch.expired) throw TimedOut();
            out.diagnostics.push_back(error_at(0, "not a readable incidentkit database: " + e.message));
        }
        return out;
    }

private:
    // Commits still in a write-ahead log are not in the main file's bytes: say so rather than read less quietly.
    static void warn_about_wal(const std::string& path, std::vector<Diagnostic>& diags) {
        if (path.empty()) return;
        std::error_code ec;
        const auto size = std::filesystem::file_size(path + "-wal", ec);
        if (!ec && size > 0) {
            diags.push_back(warning_at(0, fmt::format("{}-wal holds commits not yet in the database file, which are "
                                                      "not read; a writer may still be running (or crashed): "
                                                      "checkpoint with sqlite3 first",
                                                      path)));
        }
    }
};

}  // namespace

std::unique_ptr<Reader> make_sqlite_reader() { return std::make_unique<SqliteReader>(); }

}  // namespace incidentkit
