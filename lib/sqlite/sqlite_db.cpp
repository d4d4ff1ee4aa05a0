// The RAII layer over SQLite: every failing call throws sqlite::Error with SQLite's own message.
#include "sqlite/sqlite_db.hpp"

#include <cstring>

namespace incidentkit::sqlite {

Db::~Db() {
    if (db_) sqlite3_close_v2(db_);
}

void Db::fail(std::string_view what) const {
    throw Error{std::string(what) + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory")};
}

void Db::open(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) fail("cannot open the database");
    sqlite3_extended_result_codes(db_, 1);
}

void Db::open_bytes(std::string_view bytes) {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        fail("cannot open an in-memory database");
    }
    // SQLite keeps the pointer and only reads through it (READONLY); the caller owns the bytes.
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const auto size = static_cast<sqlite3_int64>(bytes.size());
    if (sqlite3_deserialize(db_, "main", data, size, size, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
        fail("not a readable SQLite database");
    }
}

void Db::distrust_schema() {
    int ignored = 0;
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored);
}

void Db::exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string m = msg ? msg : sqlite3_errmsg(db_);
        sqlite3_free(msg);
        throw Error{m};
    }
}

Stmt::Stmt(Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr) != SQLITE_OK) {
        db.fail("cannot prepare a statement");
    }
}

Stmt::~Stmt() { sqlite3_finalize(st_); }

Stmt& Stmt::bind(int i, std::string_view v) {
    if (sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK) db_.fail("bind");
    return *this;
}
Stmt& Stmt::bind(int i, const std::optional<std::string>& v) { return v ? bind(i, std::string_view(*v)) : bind_null(i); }
Stmt& Stmt::bind(int i, std::int64_t v) {
    if (sqlite3_bind_int64(st_, i, v) != SQLITE_OK) db_.fail("bind");
    return *this;
}
Stmt& Stmt::bind(int i, std::optional<std::int64_t> v) { return v ? bind(i, *v) : bind_null(i); }
Stmt& Stmt::bind(int i, std::optional<double> v) {
    if (!v) return bind_null(i);
    if (sqlite3_bind_double(st_, i, *v) != SQLITE_OK) db_.fail("bind");
    return *this;
}
Stmt& Stmt::bind_null(int i) {
    if (sqlite3_bind_null(st_, i) != SQLITE_OK) db_.fail("bind");
    return *this;
}

void Stmt::run() {
    const int rc = sqlite3_step(st_);
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) db_.fail("cannot write");
}

bool Stmt::step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    if (rc != SQLITE_DONE) db_.fail("cannot read");
    return false;
}

std::string Stmt::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string();
}
std::optional<std::string> Stmt::opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
}
std::int64_t Stmt::integer(int col) const { return sqlite3_column_int64(st_, col); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

}  // namespace incidentkit::sqlite
