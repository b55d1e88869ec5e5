package dev.flinkgitops.plan;

import dev.flinkgitops.flink.JobIds;
import dev.flinkgitops.flink.JobSummary;
import dev.flinkgitops.spec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One job per app, enforced from Flink's side. Every job id the daemon derives for an app starts
 * with the app's {@link JobIds#family}, so the job list alone shows which live jobs belong to it.
 * A live job of the family that is neither the recorded job nor the successor the daemon is about
 * to start (or adopt) is a stray: it is stopped with a savepoint, under a trigger id derived from
 * its own id (a repeat after a crash is the same trigger), and the status says so. Never left
 * running, never ignored; the recorded job and its restore point are not touched.
 */
final class Strays {

    private Strays() {}

    static Optional<Plan> check(PlanInput in, PlannerSettings settings) {
        String cluster = cluster(in, settings);
        if (cluster == null || cluster.startsWith(PlannerSettings.KUBE_PREFIX) || !in.observed().reachable(cluster)) {
            return Optional.empty();
        }
        Set<String> expected = expected(in);
        List<JobSummary> strays = in.observed().jobs().getOrDefault(cluster, java.util.Map.of()).values().stream()
                .filter(job -> !job.state().terminal() && JobIds.belongsTo(job.id(), in.app()) && !expected.contains(job.id()))
                .sorted(java.util.Comparator.comparing(JobSummary::id)).toList();
        if (strays.isEmpty()) {
            return Optional.empty();
        }
        JobSummary stray = strays.get(0);
        AppSpec spec = in.recordedSpec() != null ? in.recordedSpec() : in.desired().isValid() ? in.desired().spec() : null;
        String trigger = JobIds.derive(in.app(), "stray:" + stray.id(), 0);
        String target = settings.savepointDirectory(in.app(), spec);
        String recordedJob = in.recorded() == null || in.recorded().job() == null ? "none" : in.recorded().job().id();
        String message = "stray job " + stray.id() + " of this app found " + stray.state() + " on cluster " + cluster
                + " beside the recorded job " + recordedJob + ": stopping it with a savepoint (trigger " + trigger + ", into "
                + target + "); the recorded job and restore point are kept";
        AppStatus base = in.recorded() != null ? in.recorded()
                : AppStatus.empty(in.app().toString(), spec == null ? null : spec.file());
        AppStatus next = base.withError(new ErrorRecord(message, base.specCommit(), base.specHash(), 1, in.now().toString(), null));
        return Optional.of(new Plan.StopStray(in.app(), cluster, stray.id(), target, trigger, next, message));
    }

    /** The cluster the app's jobs run on: the recorded job's, else the desired spec's. */
    private static String cluster(PlanInput in, PlannerSettings settings) {
        if (in.recorded() != null && in.recorded().job() != null) {
            return in.recorded().job().cluster();
        }
        return in.desired().isValid() && in.desired().spec().hasJob() ? settings.clusterOf(in.desired().spec()) : null;
    }

    /** The recorded job, and every successor the daemon may have submitted for it without a record yet. */
    private static Set<String> expected(PlanInput in) {
        Set<String> ids = new HashSet<>();
        AppStatus recorded = in.recorded();
        int next = recorded == null || recorded.job() == null ? 1 : recorded.job().generation() + 1;
        if (recorded != null && recorded.job() != null) {
            ids.add(recorded.job().id());
        }
        Set<String> commits = new HashSet<>();
        commits.add(in.desired().commit());
        if (recorded != null) {
            commits.add(recorded.specCommit());
            commits.add(recorded.stableCommit());
            if (recorded.operation() != null) {
                commits.add(recorded.operation().targetCommit());
            }
        }
        commits.stream().filter(java.util.Objects::nonNull).forEach(commit -> ids.add(JobIds.derive(in.app(), commit, next)));
        return ids;
    }
}
