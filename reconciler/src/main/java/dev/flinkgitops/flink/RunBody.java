package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.RunRequest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The body of {@code POST /jars/:jarid/run}, and what to do on a cluster that takes no per-job
 * configuration in it: Flink before 1.17 parses the body strictly and answers 400 "Unrecognized field
 * flinkConfiguration" (measured on 1.16.3). The daemon's own keys (savepoint directory, last-state
 * retention) can be left out — each savepoint names its directory, and a job whose checkpoints are
 * not retained is upgraded through a savepoint — but the spec's own keys cannot: such a start fails
 * with a message naming them, never a job silently started without them.
 */
final class RunBody {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunBody.class);

    private RunBody() {}

    static ObjectNode of(FlinkHttp http, RunRequest run, boolean withConfiguration) {
        ObjectNode body = http.objectNode();
        body.put("entryClass", run.entryClass());
        if (run.parallelism() != null) {
            body.put("parallelism", run.parallelism());
        }
        body.set("programArgsList", http.tree(run.args() == null ? List.of() : run.args()));
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
        }
        body.put("allowNonRestoredState", run.allowNonRestoredState());
        if (run.jobId() != null) {
            body.put("jobId", run.jobId());
        }
        if (withConfiguration) {
            body.set("flinkConfiguration", http.tree(run.flinkConfiguration()));
        }
        return body;
    }

    /** True when Flink refused the run body for its {@code flinkConfiguration} field (Flink before 1.17). */
    static boolean refusesConfiguration(FlinkException e) {
        return e.httpStatus() == 400 && e.getMessage() != null
                && e.getMessage().contains("Unrecognized field \"flinkConfiguration\"");
    }

    /**
     * {@code run} without its configuration, when only the daemon's own keys are in it; otherwise a
     * failure naming the spec's keys (names only: values may be secrets).
     */
    static RunRequest withoutConfiguration(RunRequest run, URI cluster) {
        SortedSet<String> specKeys = run.specKeys();
        if (!specKeys.isEmpty()) {
            throw new FlinkException("the Flink cluster at " + cluster + " takes no per-job configuration (Flink before 1.17),"
                    + " so the spec's flinkConfiguration " + specKeys + " cannot be applied to job " + run.jobId()
                    + ": set it on the cluster and remove it from the spec, or run the job on Flink 1.17 or later", 400);
        }
        log.warn("the Flink cluster at {} takes no per-job configuration (Flink before 1.17): job {} runs without {} "
                + "(each savepoint names its directory; a last-state upgrade takes a savepoint unless the cluster retains "
                + "checkpoints)", cluster, run.jobId(), run.optionalKeys());
        return new RunRequest(run.entryClass(), run.parallelism(), run.args(), run.savepointPath(),
                run.allowNonRestoredState(), run.jobId(), Map.of(), null);
    }
}
