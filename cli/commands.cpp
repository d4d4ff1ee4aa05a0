// convert, detect and explain: each maps its flags onto the library's convert API.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"

namespace ik = incidentkit;
namespace fs = std::filesystem;

namespace cli {

std::string unknown_from(const ik::Registry& reg, const std::string& from) {
    if (from == "auto" || reg.find_reader(from)) return {};
    return fmt::format("incidentkit: unknown input format '{}' (known: auto, {})", from, fmt::join(reg.reader_names(), ", "));
}

int gather_inputs(const batch::InputSpec& spec, bool quiet, batch::Inputs& inputs,
                  const std::vector<std::string>& output_files, bool prune) {
    std::string error;
    if (!inputs.open(spec, error)) {
        std::cerr << "incidentkit: " << error << '\n';
        return kExitUsage;
    }
    if (batch::needs_whole_list(spec, output_files, prune)) inputs.list_all();
    const bool any = inputs.has(1);
    if (!quiet && (inputs.exhausted() || !any || batch::needs_whole_list(spec, output_files, prune))) {
        for (const auto& s : inputs.take_skipped(static_cast<std::size_t>(-1))) {
            std::cerr << ik::one_line_message(s, 4096) << '\n';
        }
    }
    if (!any) {
        std::cerr << "incidentkit: no input files found\n";
        return kExitFailed;
    }
    return 0;
}

std::string output_formats(const ik::Registry& reg) {
    auto names = reg.writer_names();
    for (auto& n : reg.batch_writer_names()) names.push_back(n);
    return fmt::format("{}", fmt::join(names, ", "));
}

int run_convert(const ik::Registry& reg, const batch::InputSpec& spec, batch::Options opt) {
    const bool into_batch_writer = !reg.find_writer(opt.to) && reg.find_batch_writer(opt.to);
    if (!reg.find_writer(opt.to) && !into_batch_writer) {
        std::cerr << "incidentkit: unknown output format '" << opt.to << "' (known: " << output_formats(reg) << ")\n";
        return kExitUsage;
    }
    if (into_batch_writer && (opt.output.empty() || !opt.out_dir.empty())) {
        std::cerr << "incidentkit: --to " << opt.to << " writes the whole batch into one file: name it with -o FILE"
                  << (opt.out_dir.empty() ? "" : " (not --out-dir)") << '\n';
        return kExitUsage;
    }
    if (!into_batch_writer && (opt.prune || opt.commit_every)) {
        std::cerr << "incidentkit: --prune and --commit-every apply to a database output (--to "
                  << fmt::format("{}", fmt::join(reg.batch_writer_names(), ", ")) << ")\n";
        return kExitUsage;
    }
    if (const auto bad = unknown_from(reg, opt.from); !bad.empty()) {
        std::cerr << bad << '\n';
        return kExitUsage;
    }
    if (std::error_code ec; !opt.output.empty() && fs::is_directory(opt.output, ec)) {
        std::cerr << "incidentkit: -o " << opt.output << ": is a directory (--out-dir writes one file per input)\n";
        return kExitUsage;
    }
    if (!opt.output.empty() && !opt.out_dir.empty()) {
        std::cerr << "incidentkit: -o and --out-dir exclude each other\n";
        return kExitUsage;
    }
    batch::Inputs inputs;
    if (const int code = gather_inputs(spec, opt.quiet, inputs, {opt.output, opt.report}, opt.prune)) return code;
    if (opt.to == "markdown" && opt.out_dir.empty() && inputs.has(2)) {
        std::cerr << "incidentkit: --to markdown writes one document per incident; with several inputs use "
                     "--out-dir DIR\n";
        return kExitUsage;
    }
    // Every input that could be the output file is listed by now (needs_whole_list): a walk that has not
    // reached its end cannot meet it.
    if (!opt.output.empty()) {
        for (const auto& in : inputs.ahead()) {
            std::error_code ec;
            if (in.path != "-" && fs::exists(opt.output, ec) && fs::equivalent(in.path, opt.output, ec)) {
                std::cerr << "incidentkit: refusing to overwrite input file '" << opt.output << "'\n";
                return kExitUsage;
            }
        }
    }
    if (into_batch_writer) return batch::run_into_batch_writer(reg, inputs, opt);
    return batch::run(reg, inputs, opt);
}

// Reads a stream up to `max` bytes; false when it holds more (detection, like conversion, has a size limit).
bool read_limited(std::istream& in, std::size_t max, std::string& out) {
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.append(buf, static_cast<std::size_t>(in.gcount()));
        if (out.size() > max) return false;
    }
    return true;
}

int run_detect(const ik::Registry& reg, const batch::InputSpec& spec, bool json, std::size_t max_bytes) {
    batch::Inputs inputs;
    std::string error;
    if (!inputs.open(spec, error)) {
        std::cerr << "incidentkit: " << error << '\n';
        return kExitUsage;
    }
    int status = kExitOk;
    for (batch::Input in; inputs.next(in);) {
        const std::string shown = batch::Inputs::shown(in);
        std::string data;
        std::ifstream f;
        if (in.path != "-") {
            f.open(in.path, std::ios::binary);
            if (!f) {
                std::cerr << shown << ": error: cannot open\n";
                status = kExitFailed;
                continue;
            }
        }
        if (!read_limited(in.path == "-" ? std::cin : f, max_bytes, data)) {
            std::cerr << shown << ": error: file is over the limit of " << max_bytes << " bytes (--max-bytes)\n";
            status = kExitFailed;
            continue;
        }
        const auto choice = ik::detect_document(reg, data, in.path);
        const std::string format = choice.reader ? choice.reader->name() : "none";
        if (!choice.reader) status = kExitFailed;
        if (json) {
            nlohmann::ordered_json j = {{"path", shown},
                                        {"format", choice.reader ? nlohmann::ordered_json(format) : nullptr},
                                        {"confidence", choice.detection.confidence},
                                        {"reason", choice.detection.reason}};
            std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        } else {
            std::cout << fmt::format("{}\t{}\t{:.2f}\t{}\n", shown, format, choice.detection.confidence,
                                     choice.detection.reason);
        }
    }
    return status;
}

// One report's fields with where each came from, as a table (or JSON Lines with --json).
int run_explain(const ik::Registry& reg, const std::string& file, const std::string& from, const std::string& date,
                bool infer, bool json) {
    ik::ReadRequest req;
    req.from = from;
    req.options.explain = true;
    req.options.infer = infer;
    if (!date.empty()) req.options.date = date;
    req.time_limit = std::chrono::seconds(60);
    const std::string path = file == "-" ? "/dev/stdin" : file;
    if (file == "-") req.options.path = "<stdin>";
    const auto doc = ik::read_file(reg, path, req);
    const std::string shown = file == "-" ? "<stdin>" : file;
    for (const auto& d : doc.result.diagnostics) std::cerr << ik::format_diagnostic(shown, d) << '\n';
    if (!doc.ok()) return kExitFailed;
    std::size_t k = 0;
    for (const auto& inc : doc.result.incidents) {
        const ik::ordered_json j = inc;
        if (json) {
            for (const auto& p : inc.source.provenance) {
                const auto ptr = ik::ordered_json::json_pointer(p.pointer);
                ik::ordered_json line = p;
                line["value"] = j.contains(ptr) ? j.at(ptr) : nullptr;
                std::cout << line.dump(-1, ' ', false, ik::ordered_json::error_handler_t::replace) << '\n';
            }
            continue;
        }
        if (doc.result.incidents.size() > 1) std::cout << (k ? "\n" : "") << "incident " << k + 1 << "\n";
        ++k;
        auto cut = [](std::string s, std::size_t n) {
            for (auto& c : s) {
                if (c == '\n' || c == '\t') c = ' ';
            }
            if (s.size() <= n) return s;
            std::size_t at = n - 3;
            while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
            return s.substr(0, at) + "...";
        };
        std::cout << fmt::format("{:<24} {:<32} {:>5}  {:<44} {}\n", "field", "value", "line", "rule", "excerpt");
        for (const auto& p : inc.source.provenance) {
            const auto ptr = ik::ordered_json::json_pointer(p.pointer);
            const auto v = j.contains(ptr) ? j.at(ptr) : ik::ordered_json();
            const std::string value = v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, ik::ordered_json::error_handler_t::replace);
            std::cout << fmt::format("{:<24} {:<32} {:>5}  {:<44} {}\n", cut(p.pointer, 24), cut(value, 32),
                                     p.line ? std::to_string(p.line) : "-",
                                     cut(p.rule + (p.inferred ? " (inferred)" : ""), 44), cut(p.excerpt, 60));
        }
    }
    return kExitOk;
}

}  // namespace cli
