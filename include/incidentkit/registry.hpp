// The registry: the explicit list of readers and writers, lookup by name and format detection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/format.hpp"

namespace incidentkit {

/// One reader's bid for a text, as chosen by Registry::detect.
struct DetectionResult {
    const Reader* reader = nullptr;  // null when no reader bid above zero
    Detection detection;
};

class Registry {
public:
    Registry() = default;
    Registry(Registry&&) noexcept = default;
    Registry& operator=(Registry&&) noexcept = default;

    /// The built-in readers and writers, in the order of lib/registry.cpp's explicit list.
    static Registry with_builtins();

    /// Adds a reader or writer; one with the same name replaces the earlier one (a plugin can override).
    void add_reader(std::unique_ptr<Reader> reader);
    void add_writer(std::unique_ptr<Writer> writer);
    void add_batch_writer(std::unique_ptr<BatchWriter> writer);

    const Reader* find_reader(std::string_view name) const;
    const Writer* find_writer(std::string_view name) const;
    const BatchWriter* find_batch_writer(std::string_view name) const;
    std::vector<const Reader*> readers() const;
    std::vector<const Writer*> writers() const;
    std::vector<std::string> reader_names() const;
    std::vector<std::string> writer_names() const;
    std::vector<const BatchWriter*> batch_writers() const;
    std::vector<std::string> batch_writer_names() const;

    /// Asks every reader to bid; the highest confidence wins, ties go to the earlier reader.
    DetectionResult detect(std::string_view text, std::string_view path) const;

private:
    std::vector<std::unique_ptr<Reader>> readers_;
    std::vector<std::unique_ptr<Writer>> writers_;
    std::vector<std::unique_ptr<BatchWriter>> batch_writers_;
};

}  // namespace incidentkit
