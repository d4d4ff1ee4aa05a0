// A small RAII layer over the SQLite C API, shared by the sqlite writer and reader (no format knowledge here).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace incidentkit::sqlite {

/// Thrown by Db and Stmt on any SQLite error; the writer and reader turn it into an error diagnostic.
struct Error {
    std::string message;
};

class Db {
public:
    Db() = default;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();
    /// Opens (flags as sqlite3_open_v2) or throws.
    void open(const std::string& path, int flags);
    /// Opens `bytes` as a read-only in-memory database (sqlite3_deserialize); the bytes must outlive the Db.
    void open_bytes(std::string_view bytes);
    void exec(const char* sql);
    /// Makes a statement give up (SQLITE_INTERRUPT) once `stop(context)` returns true; polled every ~10k
    /// virtual-machine steps, so a query that loops (a recursive view) ends with the read's deadline.
    void stop_when(int (*stop)(void*), void* context) { sqlite3_progress_handler(db_, 10000, stop, context); }
    /// A database from elsewhere may hold views and triggers: they run with no trust (no application
    /// functions from the schema, no writes through the schema's SQL).
    void distrust_schema();
    sqlite3* handle() const { return db_; }
    std::int64_t last_rowid() const { return sqlite3_last_insert_rowid(db_); }
    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3* db_ = nullptr;
};

class Stmt {
public:
    Stmt(Db& db, const char* sql);
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();
    // Binding, 1-based; each returns *this so a row reads as one chain.
    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::optional<std::string>& v);
    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, std::optional<std::int64_t> v);
    Stmt& bind(int i, std::optional<double> v);
    Stmt& bind_null(int i);
    /// Runs a statement that returns no rows, then resets it for the next binding.
    void run();
    /// Steps once: true while there is a row (read it with the column functions); false at the end (reset).
    bool step();
    std::string text(int col) const;
    std::optional<std::string> opt_text(int col) const;
    std::int64_t integer(int col) const;
    bool is_null(int col) const;

private:
    Db& db_;
    sqlite3_stmt* st_ = nullptr;
};

}  // namespace incidentkit::sqlite
