// The convert API: detection, reading with exception fences, size limits, and writing.
#include "incidentkit/convert.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "generated/schema_text.hpp"
#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "extract/provenance.hpp"
#include "readers/input_text.hpp"

namespace incidentkit {

std::string_view to_string(Errc e) {
    switch (e) {
        case Errc::ok: return "ok";
        case Errc::unknown_format: return "unknown_format";
        case Errc::no_reader: return "no_reader";
        case Errc::read_failed: return "read_failed";
        case Errc::io_error: return "io_error";
        case Errc::too_large: return "too_large";
        case Errc::timed_out: return "timed_out";
        case Errc::internal: return "internal";
    }
    return "internal";
}

namespace {

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

Document fail(Errc e, std::size_t line, std::string message) {
    Document d;
    d.error = e;
    d.result.diagnostics.push_back(error_at(line, std::move(message)));
    return d;
}

Document timed_out(const ReadRequest& request) {
    if (!request.time_limit) return fail(Errc::timed_out, 0, "gave up: the read's deadline passed");
    const double secs = std::chrono::duration<double>(*request.time_limit).count();
    return fail(Errc::timed_out, 0, fmt::format("gave up after {:g} s (--file-timeout)", secs));
}

// The request with its deadline set from the time limit (unless the caller set a deadline of its own).
ReadRequest with_deadline(const ReadRequest& request) {
    ReadRequest req = request;
    if (req.time_limit && !req.options.deadline.set()) req.options.deadline = Deadline::after(*req.time_limit);
    return req;
}

// The best bid of the binary readers (a database) on the bytes as they are, before anything treats them as text.
DetectionResult detect_binary(const Registry& registry, std::string_view bytes, std::string_view path) {
    DetectionResult best;
    for (const Reader* r : registry.readers()) {
        if (!r->binary()) continue;
        Detection d = r->detect(bytes, path);
        if (d.confidence > best.detection.confidence) best = {r, std::move(d)};
    }
    return best;
}

// What every read ends with, whatever the reader: the decoding note first, one-line messages, the document's
// warnings on its one incident, and the source filled in.
// `warnings_to_incident` is false for a binary reader: its warnings are about the container (a database's
// write-ahead log), not about what its incidents say, which they already carry.
Document finish_read(Document doc, const ReadRequest& request, const std::optional<Diagnostic>& note,
                     bool warnings_to_incident) {
    if (note) doc.result.diagnostics.insert(doc.result.diagnostics.begin(), *note);
    for (auto& d : doc.result.diagnostics) d.message = one_line_message(d.message);
    for (auto& inc : doc.result.incidents) {
        for (auto& d : inc.source.warnings) d.message = one_line_message(d.message);
    }
    if (!doc.result.ok()) {
        doc.error = Errc::read_failed;
        doc.result.incidents.clear();
        return doc;
    }
    // One incident carries all the document's warnings; a reader returning several attributes warnings
    // to each itself (copying all to all would grow with the square of a large file's incidents).
    if (warnings_to_incident && doc.result.incidents.size() == 1) {
        auto& w = doc.result.incidents[0].source.warnings;
        for (const auto& d : doc.result.diagnostics) {
            if (d.level == Diagnostic::Level::warning) w.push_back(d);
        }
    }
    for (auto& inc : doc.result.incidents) {
        normalize_line_breaks(inc);  // whatever the reader: normalized Markdown could not keep a CR
        // Canonical readers keep the provenance recorded in their input; everything else is from here.
        if (inc.source.format.empty()) {
            inc.source.path = valid_utf8(request.options.path);
            inc.source.format = doc.format;
            if (!request.options.infer) drop_inferred(inc);
            if (!request.options.explain) inc.source.provenance.clear();
        }
    }
    return doc;
}

}  // namespace

Document read_document(const Registry& registry, std::string_view original_text, const ReadRequest& original) noexcept {
    try {
        const ReadRequest request = with_deadline(original);
        if (original_text.size() > request.max_bytes) {
            return fail(Errc::too_large, 0,
                        fmt::format("input is {} bytes, over the limit of {} bytes (--max-bytes)", original_text.size(),
                                    request.max_bytes));
        }
        const bool detecting = request.from.empty() || request.from == "auto";
        Document doc;
        const Reader* reader = nullptr;
        if (detecting) {
            auto binary = detect_binary(registry, original_text, request.options.path);
            reader = binary.reader;
            doc.detection = std::move(binary.detection);
        } else if (const Reader* named = registry.find_reader(request.from); named && named->binary()) {
            reader = named;
            doc.detection = {1.0, "chosen with --from"};
        }
        if (reader) {
            doc.format = reader->name();
            doc.result = reader->read(original_text, request.options);
            return finish_read(std::move(doc), request, std::nullopt, false);
        }
        // UTF-16 and CR-only line ends are made readable first; every reader then sees UTF-8 with LF.
        const DecodedInput decoded = decode_input(original_text);
        if (decoded.error) return fail(Errc::read_failed, decoded.error->line, decoded.error->message);
        const std::string_view text = decoded.note ? std::string_view(decoded.text) : original_text;
        if (text::trim(strip_bom(text)).empty()) return fail(Errc::no_reader, 1, "empty input: nothing to read");
        if (detecting) {
            const auto choice = registry.detect(text, request.options.path);
            if (!choice.reader) {
                if (auto bad = check_text(strip_bom(text))) return fail(Errc::no_reader, bad->line, bad->message);
                return fail(Errc::no_reader, 1, "no reader recognises this input; use --from to force one");
            }
            reader = choice.reader;
            doc.detection = choice.detection;
        } else {
            reader = registry.find_reader(request.from);
            if (!reader) {
                return fail(Errc::unknown_format, 0,
                            fmt::format("unknown input format '{}' (known: {})", request.from,
                                        join(registry.reader_names())));
            }
            doc.detection = {1.0, "chosen with --from"};
        }
        doc.format = reader->name();
        doc.result = reader->read(text, request.options);
        return finish_read(std::move(doc), request, decoded.note, true);
    } catch (const TimedOut&) {
        return timed_out(original);
    } catch (const std::exception& e) {
        return fail(Errc::internal, 0, fmt::format("internal error while reading: {}", e.what()));
    } catch (...) {
        return fail(Errc::internal, 0, "internal error while reading");
    }
}


namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISBLK(mode)) return "a block device";
    return "not a regular file";
}

// Waits until `fd` has data (or end of file), at most until the deadline; false when it passed.
bool wait_readable(int fd, const Deadline& deadline) {
    while (true) {
        int timeout_ms = -1;
        if (deadline.set()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline.at() - Deadline::clock::now()).count();
            if (left <= 0) return false;
            timeout_ms = static_cast<int>(std::min<long long>(left, 1 << 30));
        }
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, timeout_ms);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return true;  // let read() report the error
    }
}

}  // namespace

Document read_file(const Registry& registry, const std::string& path, const ReadRequest& original) noexcept {
    try {
        const ReadRequest request = with_deadline(original);
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the wait is bounded by the deadline below.
        Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
        if (f.fd < 0) return fail(Errc::io_error, 0, fmt::format("cannot open: {}", std::strerror(errno)));
        struct stat st {};
        if (::fstat(f.fd, &st) != 0) return fail(Errc::io_error, 0, fmt::format("cannot stat: {}", std::strerror(errno)));
        // Regular files, and streams (a FIFO, <(...) in a shell, /dev/stdin); never a directory or a socket.
        const bool stream = S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
        if (!S_ISREG(st.st_mode) && !stream) {
            return fail(Errc::io_error, 0, fmt::format("cannot read: is {}", kind_of(st.st_mode)));
        }
        if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > request.max_bytes) {
            return fail(Errc::too_large, 0,
                        fmt::format("file is {} bytes, over the limit of {} bytes (--max-bytes)", st.st_size,
                                    request.max_bytes));
        }
        // Read straight into a buffer the thread keeps from file to file: a batch reads thousands of files of a
        // few KiB, and a fresh string for each was a large allocation (glibc consolidates its free lists for
        // every request of 1 KiB or more) and a copy out of a stack buffer. A regular file is asked for one byte
        // more than its size, so that a read that returns exactly the size it had is its end without a second,
        // empty read; a file that grew meanwhile fills the extra byte and is read on. The buffer is taken out
        // of its place while in use, so a reader that itself calls read_file gets one of its own.
        thread_local std::string spare;
        std::string buffer = std::move(spare);
        std::size_t length = 0;
        std::size_t want = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 65536;
        while (true) {
            if (stream && !wait_readable(f.fd, request.options.deadline)) return timed_out(original);
            if (buffer.size() < length + want) buffer.resize(length + want);
            const ssize_t n = ::read(f.fd, buffer.data() + length, want);
            if (n == 0) break;
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                return fail(Errc::io_error, 0, fmt::format("cannot read: {}", std::strerror(errno)));
            }
            length += static_cast<std::size_t>(n);
            // The file may grow while it is read, and a stream has no size: the limit holds here too.
            if (length > request.max_bytes) {
                return fail(Errc::too_large, 0,
                            fmt::format("file is over the limit of {} bytes (--max-bytes)", request.max_bytes));
            }
            if (S_ISREG(st.st_mode) && length == static_cast<std::size_t>(st.st_size) &&
                static_cast<std::size_t>(n) < want) {
                break;
            }
            want = 65536;
        }
        const std::string_view data(buffer.data(), length);
        ReadRequest req = request;
        if (req.options.path.empty()) req.options.path = path;
        Document doc = read_document(registry, data, req);
        // One unusually large file does not keep its buffer for the rest of the batch.
        if (buffer.capacity() <= (std::size_t{4} << 20)) spare = std::move(buffer);
        return doc;
    } catch (const TimedOut&) {
        return timed_out(original);
    } catch (const std::exception& e) {
        return fail(Errc::internal, 0, fmt::format("internal error while reading: {}", e.what()));
    } catch (...) {
        return fail(Errc::internal, 0, "internal error while reading");
    }
}

WriteOutcome write_incident(const Registry& registry, std::string_view to, const Incident& incident,
                            const WriteOptions& options) noexcept {
    WriteOutcome out;
    try {
        const Writer* w = registry.find_writer(to);
        if (!w) {
            out.error = Errc::unknown_format;
            out.message = fmt::format("unknown output format '{}' (known: {})", to, join(registry.writer_names()));
            return out;
        }
        out.output = w->write(incident, options);
    } catch (const std::exception& e) {
        out.error = Errc::internal;
        out.message = fmt::format("internal error while writing: {}", e.what());
    }
    return out;
}

DetectionResult detect_document(const Registry& registry, std::string_view text, std::string_view path) noexcept {
    try {
        if (auto binary = detect_binary(registry, text, path); binary.reader) return binary;
        const DecodedInput decoded = decode_input(text);
        if (decoded.error) return {};
        return registry.detect(decoded.note ? std::string_view(decoded.text) : text, path);
    } catch (const std::exception&) {
        return {};
    }
}

namespace {

// A batch writer's sink as open_batch hands it out: whatever the implementation (a plugin's) throws becomes an
// error, as for readers and writers.
class GuardedSink final : public BatchSink {
public:
    explicit GuardedSink(std::unique_ptr<BatchSink> inner) : inner_(std::move(inner)) {}
    bool add(const std::string& path, const std::vector<Incident>& incidents, bool failed,
             std::string& error) override {
        return guard(error, [&] { return inner_->add(path, incidents, failed, error); });
    }
    bool finish(bool complete, std::string& error) override {
        return guard(error, [&] { return inner_->finish(complete, error); });
    }

private:
    template <class F>
    static bool guard(std::string& error, F&& f) noexcept {
        try {
            return f();
        } catch (const std::exception& e) {
            error = fmt::format("internal error in the batch writer: {}", e.what());
        } catch (...) {
            error = "internal error in the batch writer";
        }
        return false;
    }
    std::unique_ptr<BatchSink> inner_;
};

}  // namespace

std::unique_ptr<BatchSink> open_batch(const Registry& registry, std::string_view to, const std::string& target,
                                      const BatchOptions& options, std::string& error) noexcept {
    try {
        const BatchWriter* writer = registry.find_batch_writer(to);
        if (!writer) {
            error = fmt::format("unknown batch output format '{}' (known: {})", to, join(registry.batch_writer_names()));
            return nullptr;
        }
        auto sink = writer->open(target, options, error);
        if (!sink) {
            if (error.empty()) error = target + ": cannot open";
            return nullptr;
        }
        return std::make_unique<GuardedSink>(std::move(sink));
    } catch (const std::exception& e) {
        error = fmt::format("internal error while opening {}: {}", target, e.what());
    } catch (...) {
        error = "internal error while opening " + target;
    }
    return nullptr;
}

std::string_view incident_json_schema() { return generated::kSchemaText; }

std::string_view version() { return INCIDENTKIT_VERSION; }

}  // namespace incidentkit
