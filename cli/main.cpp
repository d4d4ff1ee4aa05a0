// The incidentkit executable: maps command-line flags onto the library's convert API, nothing more.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "incidentkit/convert.hpp"
#include "output_file.hpp"

namespace ik = incidentkit;
namespace fs = std::filesystem;

namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

struct Input {
    std::string path;  // "-" for stdin
    std::string shown;
};

ik::Document read_input(const ik::Registry& reg, const Input& in, ik::ReadRequest req) {
    if (in.path != "-") return ik::read_file(reg, in.path, req);
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    req.options.path = "";
    return ik::read_document(reg, data, req);
}

void print_diagnostics(const std::string& shown, const std::vector<ik::Diagnostic>& diags, bool quiet) {
    for (const auto& d : diags) {
        if (quiet && d.level == ik::Diagnostic::Level::warning) continue;
        std::cerr << ik::format_diagnostic(shown, d) << '\n';
    }
}

std::vector<Input> inputs_of(const std::vector<std::string>& files) {
    std::vector<Input> out;
    if (files.empty()) out.push_back({"-", "<stdin>"});
    for (const auto& f : files) out.push_back({f, f == "-" ? "<stdin>" : f});
    return out;
}

int run_convert(const ik::Registry& reg, const std::vector<std::string>& files, const std::string& from,
                const std::string& to, const std::string& output, bool compact, const std::string& date,
                std::size_t max_bytes, bool quiet) {
    if (!reg.find_writer(to)) {
        std::cerr << "incidentkit: unknown output format '" << to << "' (known: " << fmt::format("{}", fmt::join(reg.writer_names(), ", ")) << ")\n";
        return kExitUsage;
    }
    if (from != "auto" && !reg.find_reader(from)) {
        std::cerr << "incidentkit: unknown input format '" << from << "' (known: auto, " << fmt::format("{}", fmt::join(reg.reader_names(), ", ")) << ")\n";
        return kExitUsage;
    }
    const auto inputs = inputs_of(files);
    if (!output.empty()) {
        for (const auto& in : inputs) {
            std::error_code ec;
            if (in.path != "-" && fs::exists(output, ec) && fs::equivalent(in.path, output, ec)) {
                std::cerr << "incidentkit: refusing to overwrite input file '" << output << "'\n";
                return kExitUsage;
            }
        }
    }
    ik::ReadRequest req;
    req.from = from;
    req.max_bytes = max_bytes;
    if (!date.empty()) req.options.date = date;
    ik::WriteOptions wopt;
    wopt.compact = compact || inputs.size() > 1;
    if (to == "markdown" && inputs.size() > 1) {
        std::cerr << "incidentkit: --to markdown writes one document per incident; convert one input at a time\n";
        return kExitUsage;
    }
    std::size_t written = 0;
    std::string out;
    int status = kExitOk;
    for (const auto& in : inputs) {
        auto doc = read_input(reg, in, req);
        print_diagnostics(in.shown, doc.result.diagnostics, quiet);
        if (!doc.ok()) {
            status = kExitFailed;
            continue;
        }
        ik::WriteOptions per_doc = wopt;
        per_doc.compact = wopt.compact || doc.result.incidents.size() > 1;
        for (const auto& inc : doc.result.incidents) {
            auto w = ik::write_incident(reg, to, inc, per_doc);
            if (!w.ok()) {
                std::cerr << in.shown << ": error: " << w.message << '\n';
                status = kExitFailed;
                continue;
            }
            // Several YAML documents form one stream; several Markdown documents cannot share a file.
            std::string piece = (to == "yaml" && (inputs.size() > 1 || doc.result.incidents.size() > 1))
                                    ? "---\n" + w.output
                                    : w.output;
            if (to == "markdown" && ++written > 1) {
                std::cerr << in.shown << ": error: holds several incidents; --to markdown writes one\n";
                status = kExitFailed;
                continue;
            }
            if (output.empty()) {
                std::cout << piece;
            } else {
                out += piece;
            }
        }
    }
    std::cout.flush();
    if (!output.empty() && status == kExitOk) {
        std::string err;
        if (!write_file_atomically(output, out, err)) {
            std::cerr << "incidentkit: " << output << ": error: " << err << '\n';
            return kExitFailed;
        }
    }
    return status;
}

int run_detect(const ik::Registry& reg, const std::vector<std::string>& files, bool json) {
    int status = kExitOk;
    for (const auto& in : inputs_of(files)) {
        std::string data;
        if (in.path == "-") {
            data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        } else {
            std::ifstream f(in.path, std::ios::binary);
            if (!f) {
                std::cerr << in.shown << ": error: cannot open\n";
                status = kExitFailed;
                continue;
            }
            data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
        }
        const auto choice = reg.detect(data, in.path);
        const std::string format = choice.reader ? choice.reader->name() : "none";
        if (!choice.reader) status = kExitFailed;
        if (json) {
            nlohmann::ordered_json j = {{"path", in.shown},
                                        {"format", choice.reader ? nlohmann::ordered_json(format) : nullptr},
                                        {"confidence", choice.detection.confidence},
                                        {"reason", choice.detection.reason}};
            std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        } else {
            std::cout << fmt::format("{}\t{}\t{:.2f}\t{}\n", in.shown, format, choice.detection.confidence,
                                     choice.detection.reason);
        }
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    const auto reg = ik::Registry::with_builtins();
    CLI::App app{"incidentkit: read incident postmortems in any shape into one model; write JSON, YAML or Markdown"};
    app.set_version_flag("--version", std::string(ik::version()));
    app.require_subcommand(1);

    std::vector<std::string> files;
    std::string from = "auto", to = "json", output, date;
    bool compact = false, quiet = false, json = false;
    std::size_t max_bytes = ik::kDefaultMaxBytes;

    auto* convert = app.add_subcommand("convert", "Convert reports (files or - for stdin) to another format");
    convert->add_option("files", files, "Input files; none or - reads standard input");
    convert->add_option("-f,--from", from, "Input format: auto or " + fmt::format("{}", fmt::join(reg.reader_names(), ", ")))
        ->capture_default_str();
    convert->add_option("-t,--to", to, "Output format: " + fmt::format("{}", fmt::join(reg.writer_names(), ", ")))
        ->capture_default_str();
    convert->add_option("-o,--output", output, "Write to FILE (atomically) instead of standard output");
    convert->add_flag("--compact", compact, "One line per incident (JSON Lines); the default for several inputs");
    convert->add_option("--date", date, "YYYY-MM-DD anchoring dateless times when a report states no date")
        ->check([](const std::string& s) {
            return s.size() == 10 && s[4] == '-' && s[7] == '-' ? std::string() : std::string("expected YYYY-MM-DD");
        });
    convert->add_option("--max-bytes", max_bytes, "Refuse inputs larger than this many bytes")->capture_default_str();
    convert->add_flag("-q,--quiet", quiet, "Do not print warnings");

    auto* detect = app.add_subcommand("detect", "Print the format each file would be read as, and why");
    detect->add_option("files", files, "Input files; none or - reads standard input");
    detect->add_flag("--json", json, "One JSON object per line");

    app.add_subcommand("schema", "Print the JSON Schema of the JSON output");
    app.add_subcommand("formats", "List the input and output formats");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }
    try {
        if (app.got_subcommand("convert")) {
            return run_convert(reg, files, from, to, output, compact, date, max_bytes, quiet);
        }
        if (app.got_subcommand("detect")) return run_detect(reg, files, json);
        if (app.got_subcommand("schema")) {
            std::cout << ik::incident_json_schema();
            return kExitOk;
        }
        for (const auto* r : reg.readers()) std::cout << "input\t" << r->name() << '\t' << r->description() << '\n';
        for (const auto* w : reg.writers()) std::cout << "output\t" << w->name() << '\t' << w->description() << '\n';
        return kExitOk;
    } catch (const std::exception& e) {
        std::cerr << "incidentkit: error: " << e.what() << '\n';
        return kExitFailed;
    }
}
