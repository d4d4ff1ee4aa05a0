// A batch into one target (`--to sqlite -o archive.db`): the library's batch sink fed by batch::run's consumer.
#include <iostream>

#include "batch.hpp"
#include "incidentkit/json.hpp"

namespace ik = incidentkit;

namespace batch {

int run_into_batch_writer(const ik::Registry& registry, const Inputs& inputs, const Options& options) {
    ik::BatchOptions bo;
    if (options.prune) bo.prune_under = inputs.roots;
    bo.commit_every = options.commit_every;
    std::string error;
    auto sink = ik::open_batch(registry, options.to, options.output, bo, error);
    if (!sink) {
        std::cerr << "incidentkit: error: " << ik::one_line_message(error, 4096) << '\n';
        return 1;
    }
    std::size_t added = 0;
    const Consumer add = [&](const std::string& shown, std::vector<ik::Incident>&& incidents, bool failed,
                             std::string& why) {
        ++added;
        return sink->add(shown, incidents, failed, why);
    };
    const int code = run(registry, inputs, options, add);
    if (code >= 128) return code;  // interrupted: the sink commits the whole inputs it holds as it closes
    if (!sink->finish(added == inputs.size(), error)) {
        std::cerr << "incidentkit: error: " << options.output << ": " << ik::one_line_message(error, 4096) << '\n';
        return 1;
    }
    return code;
}

}  // namespace batch
