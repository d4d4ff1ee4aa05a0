// A batch into one target (`--to sqlite -o archive.db`): the library's batch sink fed by batch::run's consumer.
#include <iostream>

#include "batch.hpp"
#include "incidentkit/json.hpp"

namespace ik = incidentkit;

namespace batch {

int run_into_batch_writer(const ik::Registry& registry, Inputs& inputs, const Options& options) {
    ik::BatchOptions bo;
    // Every root: the command line's are known from the start, --files-from's are listed (needs_whole_list).
    if (options.prune) bo.prune_under = inputs.roots();
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
        const bool ok = sink->add(shown, incidents, failed, why);
        added += ok;  // a write that failed has not added its input: no pruning then
        return ok;
    };
    const Finish finish = [&](int code) {
        // Interrupted (130/143): the inputs added so far are whole; they are committed, nothing is pruned.
        // Complete: the walk reached its end and every input it gave was added.
        const bool complete = code < 128 && inputs.exhausted() && added == inputs.taken();
        if (!sink->finish(complete, error)) {
            std::cerr << "incidentkit: error: " << ik::one_line_message(error, 4096) << '\n';
            return code >= 128 ? code : 1;
        }
        return code;
    };
    return run(registry, inputs, options, add, finish);
}

}  // namespace batch
