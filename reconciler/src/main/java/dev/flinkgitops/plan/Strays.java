package dev.flinkgitops.plan;

import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One job per app, enforced from Flink's side. Every job id the daemon derives for an app starts
 * with the app's {@link JobIds#family}, so the job list alone shows which live jobs belong to it.
 * A live job of the family that is not the recorded job, nor the successor the daemon would submit
 * now (which the start adopts by its id), is one of two things:
 * <ul>
 *   <li>an <b>orphaned successor</b>, when the recorded job is not alive (or there is none) and the
 *       spec wants the job running: a daemon submitted it and stopped before recording it, and the
 *       head commit moved on since. It carries the newest state, so it is adopted (as the app's job,
 *       under the applied spec; the next tick upgrades it to the head with a savepoint);</li>
 *   <li>a <b>stray</b> otherwise (a second job beside the live recorded one, or one the spec does
 *       not want): stopped with a savepoint, under a trigger id derived from its own id (a repeat
 *       after a crash is the same trigger), and the status says so. The recorded job and restore
 *       point are not touched.</li>
 * </ul>
 * Never left running, never ignored.
 */
final class Strays {

    private Strays() {}

    static Optional<Plan> check(PlanInput in, PlannerSettings settings) {
        String cluster = cluster(in, settings);
        if (cluster == null || ClusterName.isKubernetes(cluster) || !in.observed().reachable(cluster)) {
            return Optional.empty();
        }
        List<JobSummary> family = in.observed().liveFamily(cluster, JobIds.family(in.app()));
        String recordedJob = in.recorded() == null || in.recorded().job() == null ? null : in.recorded().job().id();
        if (family.stream().allMatch(job -> job.id().equals(recordedJob))) {
            return Optional.empty();
        }
        Set<String> expected = expected(in);
        List<JobSummary> others = family.stream()
                .filter(job -> !expected.contains(job.id()))
                .sorted(java.util.Comparator.comparing(JobSummary::startTimeMillis).reversed().thenComparing(JobSummary::id))
                .toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        JobSummary newest = others.get(0);
        return Optional.of(orphan(in) ? adopt(in, cluster, newest) : stop(in, settings, cluster, newest));
    }

    /** True when the app has no live recorded job and its spec wants one: a live job of its family is its own lost successor. */
    private static boolean orphan(PlanInput in) {
        AppStatus recorded = in.recorded();
        boolean wanted = in.desired().isValid() && in.desired().spec().hasJob()
                && in.desired().spec().job().state() == dev.flinkgitops.appspec.DesiredState.RUNNING;
        if (!wanted || recorded != null && recorded.operation() != null
                && recorded.operation().step() != dev.flinkgitops.status.OperationStep.STARTING) {
            return false;
        }
        return recorded == null || recorded.job() == null || in.observed().job(recorded.job().cluster(), recorded.job().id())
                .map(job -> job.state().terminal()).orElse(true);
    }

    private static Plan adopt(PlanInput in, String cluster, JobSummary orphan) {
        AppStatus base = in.recorded() != null ? in.recorded()
                : AppStatus.empty(in.app().toString(), in.desired().spec().file());
        int generation = base.job() == null ? 1 : base.job().generation() + 1;
        String restoredFrom = base.operation() != null && base.operation().savepoint() != null ? base.operation().savepoint()
                : base.restorePath();
        String message = "job " + orphan.id() + " of this app was found " + orphan.state() + " on cluster " + cluster
                + ", submitted by a daemon that stopped before recording it: adopted (it holds the newest state)";
        AppStatus next = base.withJob(new JobRecord(orphan.id(), cluster, orphan.state().name(), generation, restoredFrom,
                in.now().toString())).withOperation(null).withPhase(Phase.DEPLOYING, message);
        // The spec fields stay as recorded (none, for a first deploy's orphan): what the orphan runs is not
        // known to be the head, so the next tick upgrades it to the head with a savepoint.
        return Plan.record(in.app(), next);
    }

    private static Plan stop(PlanInput in, PlannerSettings settings, String cluster, JobSummary stray) {
        AppSpec spec = in.recordedSpec() != null ? in.recordedSpec() : in.desired().isValid() ? in.desired().spec() : null;
        String trigger = JobIds.derive(in.app(), "stray:" + stray.id(), 0);
        String target = settings.savepointDirectory(in.app(), spec);
        String recordedJob = in.recorded() == null || in.recorded().job() == null ? "none" : in.recorded().job().id();
        String message = Plan.STRAY_JOB + stray.id() + " of this app found " + stray.state() + " on cluster " + cluster
                + " beside the recorded job " + recordedJob + ": stopping it with a savepoint (trigger " + trigger + ", into "
                + target + "); the recorded job and restore point are kept";
        AppStatus base = in.recorded() != null ? in.recorded()
                : AppStatus.empty(in.app().toString(), spec == null ? null : spec.file());
        AppStatus next = base.withError(new ErrorRecord(message, base.specCommit(), base.specHash(), 1, in.now().toString(), null));
        return new Plan.StopStray(in.app(), cluster, stray.id(), target, trigger, PlannerSettings.savepointFormat(spec), next,
                message);
    }

    /** The cluster the app's jobs run on: the recorded job's, else the desired spec's. */
    private static String cluster(PlanInput in, PlannerSettings settings) {
        if (in.recorded() != null && in.recorded().job() != null) {
            return in.recorded().job().cluster();
        }
        return in.desired().isValid() && in.desired().spec().hasJob() ? settings.clusterOf(in.desired().spec()) : null;
    }

    /**
     * The recorded job, and the successor the daemon would submit now (for the head commit, or for a
     * rollback's stable commit): a start adopts that one by its id, under the right spec.
     */
    private static Set<String> expected(PlanInput in) {
        Set<String> ids = new HashSet<>();
        AppStatus recorded = in.recorded();
        int next = recorded == null || recorded.job() == null ? 1 : recorded.job().generation() + 1;
        if (recorded != null && recorded.job() != null) {
            ids.add(recorded.job().id());
        }
        if (in.desired().commit() != null) {
            ids.add(JobIds.derive(in.app(), in.desired().commit(), next));
        }
        if (recorded != null && recorded.operation() != null && recorded.operation().targetCommit() != null
                && recorded.operation().type() == dev.flinkgitops.status.OperationType.ROLLBACK) {
            ids.add(JobIds.derive(in.app(), recorded.operation().targetCommit(), next));
        }
        return ids;
    }
}
