package dev.flinkgitops.observe;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.JobRecord;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The second, independent read behind "gone" and "terminal". A job the status branch last saw
 * alive that a cluster's job list shows missing or ended is asked for by id
 * ({@code GET /jobs/:id/status}, never cached). Only when that read agrees is the list believed;
 * when it says the job still runs, or cannot be read, the cluster's answers are distrusted for
 * this tick and nothing is decided about its apps. A job the daemon itself recorded as ended
 * needs no second read.
 */
final class Corroboration {

    /** Job record states that mean the daemon already knows the job has ended. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED", "GONE");

    private Corroboration() {}

    /**
     * Checks {@code listed} (this cluster's job list, by id) against the jobs recorded on it; a job
     * the list misses but the second read finds ended is added to {@code listed} with that state.
     *
     * @return why the cluster's answers are not believed this tick, or empty when they are
     */
    static Optional<String> check(Cluster cluster, Map<String, JobSummary> listed, Collection<JobRecord> recorded) {
        for (JobRecord job : recorded) {
            if (ENDED.contains(job.state())) {
                continue;
            }
            JobSummary seen = listed.get(job.id());
            if (seen != null && !seen.state().terminal()) {
                continue;
            }
            Optional<JobState> byId;
            try {
                byId = cluster.jobs().jobStatus(job.id());
            } catch (FlinkException e) {
                return Optional.of("its job list shows job " + job.id() + " " + describe(seen)
                        + ", and the second read failed: " + e.getMessage());
            }
            if (byId.isPresent() && !byId.get().terminal()) {
                return Optional.of("its job list shows job " + job.id() + " " + describe(seen)
                        + ", but the job's own status is " + byId.get());
            }
            if (seen == null && byId.isPresent()) {
                listed.put(job.id(), new JobSummary(job.id(), "", byId.get(), -1));
            }
        }
        return Optional.empty();
    }

    private static String describe(JobSummary seen) {
        return seen == null ? "missing" : seen.state().name();
    }
}
