// The public API: registry, detection, typed errors, plugins, no exceptions, JSON model round trip.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"

using namespace incidentkit;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

class ThrowingReader final : public Reader {
public:
    std::string name() const override { return "throwing"; }
    std::string description() const override { return "always throws"; }
    Detection detect(std::string_view, std::string_view) const override { throw std::runtime_error("boom"); }
    ReadResult read(std::string_view, const ReadOptions&) const override { throw std::runtime_error("kaboom"); }
};

class UpperTitleReader final : public Reader {
public:
    std::string name() const override { return "shout"; }
    std::string description() const override { return "test plugin"; }
    Detection detect(std::string_view text, std::string_view) const override {
        return {text.rfind("SHOUT:", 0) == 0 ? 1.0 : 0.0, "starts with SHOUT:"};
    }
    ReadResult read(std::string_view text, const ReadOptions&) const override {
        ReadResult r;
        Incident inc;
        inc.title = std::string(text.substr(6));
        r.incidents.push_back(inc);
        return r;
    }
};

}  // namespace

TEST_CASE("the registry lists built-ins and detects the seeds", "[api]") {
    const auto reg = Registry::with_builtins();
    CHECK(reg.reader_names() == std::vector<std::string>{"frontmatter", "freeform", "json", "yaml", "sqlite"});
    CHECK(reg.writer_names() == std::vector<std::string>{"json", "yaml", "markdown"});
    CHECK(reg.batch_writer_names() == std::vector<std::string>{"sqlite"});
    auto d = reg.detect(slurp(IK_TESTDATA "/frontmatter-postmortem.md"), "");
    REQUIRE(d.reader);
    CHECK(d.reader->name() == "frontmatter");
    d = reg.detect(slurp(IK_TESTDATA "/freeform-incident-report.md"), "");
    REQUIRE(d.reader);
    CHECK(d.reader->name() == "freeform");
}

TEST_CASE("unknown formats are typed errors", "[api]") {
    const auto reg = Registry::with_builtins();
    ReadRequest req;
    req.from = "docx";
    const auto doc = read_document(reg, "# x\n", req);
    CHECK(doc.error == Errc::unknown_format);
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(doc.result.diagnostics[0].message == "unknown input format 'docx' (known: frontmatter, freeform, json, yaml, sqlite)");
    const auto w = write_incident(reg, "pdf", Incident{}, {});
    CHECK(w.error == Errc::unknown_format);
    CHECK(w.message == "unknown output format 'pdf' (known: json, yaml, markdown)");
}

TEST_CASE("a throwing plugin is reported, not propagated", "[api]") {
    auto reg = Registry::with_builtins();
    reg.add_reader(std::make_unique<ThrowingReader>());
    ReadRequest req;
    auto doc = read_document(reg, "# Title\n\n## Summary\nx\n", req);  // detect() throws: it just does not bid
    CHECK(doc.ok());
    CHECK(doc.format == "freeform");
    req.from = "throwing";
    doc = read_document(reg, "x", req);
    CHECK(doc.error == Errc::internal);
    CHECK(doc.result.diagnostics[0].message == "internal error while reading: kaboom");
}

TEST_CASE("plugins join detection and can replace a built-in by name", "[api]") {
    auto reg = Registry::with_builtins();
    reg.add_reader(std::make_unique<UpperTitleReader>());
    ReadRequest req;
    auto doc = read_document(reg, "SHOUT:HELLO", req);
    REQUIRE(doc.ok());
    CHECK(doc.format == "shout");
    CHECK(doc.result.incidents[0].title == "HELLO");
    CHECK(doc.result.incidents[0].source.format == "shout");
    const auto before = reg.readers().size();
    reg.add_reader(std::make_unique<UpperTitleReader>());
    CHECK(reg.readers().size() == before);
}

TEST_CASE("size limits and unreadable files", "[api]") {
    const auto reg = Registry::with_builtins();
    ReadRequest req;
    req.max_bytes = 10;
    auto doc = read_document(reg, std::string(11, 'a'), req);
    CHECK(doc.error == Errc::too_large);
    doc = read_file(reg, IK_TESTDATA "/frontmatter-postmortem.md", req);
    CHECK(doc.error == Errc::too_large);
    doc = read_file(reg, "/nonexistent/x.md", ReadRequest{});
    CHECK(doc.error == Errc::io_error);
    CHECK(doc.result.diagnostics[0].message == "cannot open: No such file or directory");
}

TEST_CASE("read_file reads every byte whatever the sizes of the files read before on the thread", "[api]") {
    // read_file keeps its buffer from call to call and asks a regular file for one byte over its size: a larger
    // file after a smaller one, one over the 64 KiB read size, an empty one and one whose size the kernel does not
    // know (procfs says 0) must each read as the same bytes given to read_document.
    const auto reg = Registry::with_builtins();
    const std::string report = slurp(IK_TESTDATA "/freeform-incident-report.md");
    REQUIRE(report.size() > 100);
    const auto dir = std::filesystem::temp_directory_path() / ("ik-read-file-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    int k = 0;
    for (std::size_t size : {std::size_t{5000}, std::size_t{120}, std::size_t{70000}, std::size_t{0},
                             std::size_t{3000}, std::size_t{140000}, std::size_t{200}}) {
        std::string text = report.substr(0, std::min(size, report.size()));
        for (int line = 0; text.size() < size; ++line) text += "\nMore prose, line " + std::to_string(line) + ".\n";
        text.resize(size);
        const std::string path = (dir / ("r" + std::to_string(k++) + ".md")).string();
        std::ofstream(path, std::ios::binary) << text;
        INFO(size);
        ReadRequest req;
        req.options.path = path;
        const auto from_file = read_file(reg, path, req);
        const auto from_text = read_document(reg, text, req);
        REQUIRE(from_file.error == from_text.error);
        REQUIRE(from_file.result.incidents.size() == from_text.result.incidents.size());
        for (std::size_t i = 0; i < from_file.result.incidents.size(); ++i) {
            CHECK(from_file.result.incidents[i] == from_text.result.incidents[i]);
        }
        if (size > 0) CHECK(from_file.ok());
    }
    std::filesystem::remove_all(dir);
    const std::string proc = slurp("/proc/version");
    if (!proc.empty()) {
        const auto doc = read_file(reg, "/proc/version", ReadRequest{});
        REQUIRE((doc.ok() || !doc.result.diagnostics.empty()));
        for (const auto& d : doc.result.diagnostics) CHECK(d.message.find("empty input") == std::string::npos);
    }
}

TEST_CASE("to_json/from_json round-trip the model and a missing key is an error", "[model]") {
    const auto reg = Registry::with_builtins();
    for (const char* name : {"/frontmatter-postmortem.md", "/freeform-incident-report.md"}) {
        INFO(name);
        const auto doc = read_file(reg, std::string(IK_TESTDATA) + name, ReadRequest{});
        REQUIRE(doc.ok());
        const Incident& inc = doc.result.incidents.at(0);
        const ordered_json j = inc;
        CHECK(j.get<Incident>() == inc);
        CHECK(ordered_json::parse(j.dump()).get<Incident>() == inc);
        ordered_json broken = j;
        broken.erase("timeline");
        CHECK_THROWS_AS(broken.get<Incident>(), nlohmann::json::out_of_range);
    }
}

TEST_CASE("from_json takes an integer field only as an integer in range", "[model]") {
    Incident inc;
    inc.severity = Severity{2, "sev2", "SEV-2"};
    const ordered_json good = inc;
    REQUIRE(good.get<Incident>().severity->level == 2);
    // A float would be undefined behaviour to cast (the fuzzer found 1e300); a wide integer would wrap silently.
    for (const ordered_json& bad : {ordered_json(1e300), ordered_json(-1.5), ordered_json(2.0), ordered_json("2")}) {
        INFO(bad.dump());
        ordered_json j = good;
        j["severity"]["level"] = bad;
        CHECK_THROWS_AS(j.get<Incident>(), nlohmann::json::type_error);
    }
    for (const ordered_json& wide : {ordered_json(std::uint64_t{4294967297}), ordered_json(std::int64_t{-4294967297})}) {
        INFO(wide.dump());
        ordered_json j = good;
        j["severity"]["level"] = wide;
        CHECK_THROWS_AS(j.get<Incident>(), nlohmann::json::out_of_range);
    }
    ordered_json negative_line = good;
    negative_line["source"]["warnings"] = ordered_json::array({{{"line", -1}, {"message", "m"}}});
    CHECK_THROWS_AS(negative_line.get<Incident>(), nlohmann::json::out_of_range);
    ordered_json float_version = good;
    float_version["schema_version"] = 1.0;
    CHECK_THROWS_AS(float_version.get<Incident>(), nlohmann::json::type_error);
}

TEST_CASE("diagnostic rendering", "[api]") {
    CHECK(format_diagnostic("a.md", error_at(7, "bad")) == "a.md:7: error: bad");
    CHECK(format_diagnostic("a.md", warning_at(0, "meh")) == "a.md: warning: meh");
    CHECK(format_diagnostic("", warning_at(2, "x")) == "<stdin>:2: warning: x");
}

TEST_CASE("a batch written to SQLite reads back through the binary reader", "[api][sqlite]") {
    const auto reg = Registry::with_builtins();
    ReadRequest req;
    req.options.path = "seed.md";
    const auto seed = read_document(reg, slurp(IK_TESTDATA "/frontmatter-postmortem.md"), req);
    REQUIRE(seed.ok());
    const std::string db = (std::filesystem::temp_directory_path() /
                            ("incidentkit-test-" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(db);
    std::string error;
    {
        auto sink = open_batch(reg, "sqlite", db, {}, error);
        REQUIRE(sink);
        CHECK(sink->add("seed.md", seed.result.incidents, false, error));
        CHECK(sink->add("broken.md", {}, true, error));  // failed: no rows, no error
        CHECK(sink->finish(true, error));
    }
    CHECK(error.empty());
    const std::string bytes = slurp(db);
    ReadRequest auto_req;
    auto_req.options.path = db;
    const auto back = read_document(reg, bytes, auto_req);
    REQUIRE(back.ok());
    CHECK(back.format == "sqlite");
    REQUIRE(back.result.incidents.size() == 1);
    CHECK(ordered_json(back.result.incidents[0]) == ordered_json(seed.result.incidents[0]));
    CHECK(detect_document(reg, bytes, db).reader->name() == "sqlite");

    // A file that only starts like a database is an error, never a crash; so is a database that is not ours.
    std::string fake = bytes.substr(0, 100) + std::string(4000, '\x7f');
    const auto bad = read_document(reg, fake, auto_req);
    CHECK(bad.error == Errc::read_failed);
    CHECK_FALSE(bad.result.diagnostics.empty());
    CHECK(open_batch(reg, "nosuch", db, {}, error) == nullptr);
    CHECK(error.find("unknown batch output format") != std::string::npos);
    std::remove(db.c_str());
}

namespace {
struct ThrowingSink final : BatchSink {
    bool add(const std::string&, const std::vector<Incident>&, bool, std::string&) override {
        throw std::runtime_error("disk on fire");
    }
    bool finish(bool, std::string&) override { throw 42; }
};
struct ThrowingBatchWriter final : BatchWriter {
    std::string name() const override { return "throwing"; }
    std::string description() const override { return "a sink that throws"; }
    std::unique_ptr<BatchSink> open(const std::string&, const BatchOptions&, std::string&) const override {
        return std::make_unique<ThrowingSink>();
    }
};
}  // namespace

TEST_CASE("a batch sink that throws gives errors through open_batch, not exceptions", "[api]") {
    auto reg = Registry::with_builtins();
    reg.add_batch_writer(std::make_unique<ThrowingBatchWriter>());
    std::string error;
    auto sink = open_batch(reg, "throwing", "anywhere", {}, error);
    REQUIRE(sink);
    CHECK_FALSE(sink->add("x.md", {}, false, error));
    CHECK(error == "internal error in the batch writer: disk on fire");
    CHECK_FALSE(sink->finish(true, error));
    CHECK(error == "internal error in the batch writer");
}
