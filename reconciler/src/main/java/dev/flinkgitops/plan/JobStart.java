package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The start of a job: its generation and id, where it restores from, and the configuration it
 * runs with. A session target gets a submit; an app on Kubernetes gets its objects applied.
 */
final class JobStart {

    private final PlannerSettings settings;

    JobStart(PlannerSettings settings) {
        this.settings = settings;
    }

    /** Submits the job of {@code spec}, from the recorded savepoint when stateful. */
    Plan start(PlanInput in, AppSpec spec, String commit, String reason) {
        return start(new Decision.Start(in, spec, commit, reason, null, Phase.DEPLOYING, null));
    }

    /**
     * Submits the job of the start's spec under a new generation (or adopts it, when a crash came
     * between its submission and the record). Each early return is a reason not to start yet, in the
     * order they are checked, so it reads as one list (over 40 lines).
     */
    Plan start(Decision.Start start) {
        PlanInput in = start.in();
        AppSpec spec = start.spec();
        AppStatus base = in.recorded() != null ? in.recorded() : AppStatus.empty(in.app().toString(), spec.file());
        int generation = base.job() == null ? 1 : base.job().generation() + 1;
        String cluster = settings.clusterOf(spec);
        String jobId = JobIds.derive(in.app(), start.commit(), generation);
        if (start.restoreOverride() == null && spec.job().upgradeMode() == UpgradeMode.LAST_STATE) {
            Optional<String> stale = LastState.staleCheckpoint(in, base, spec);
            if (stale.isPresent()) {
                return Plan.Nothing.waiting(in.app(), stale.get());
            }
        }
        String restore = start.restoreOverride() != null ? start.restoreOverride() : restorePath(in, base, spec);
        Optional<JobSummary> already = in.observed().job(cluster, jobId);
        Optional<JobSummary> predecessor = base.job() == null || base.job().id().equals(jobId) ? Optional.empty()
                : in.observed().job(base.job().cluster(), base.job().id()).filter(j -> !j.state().terminal());
        if (already.isEmpty() && predecessor.isPresent() && !settings.onKubernetes(spec)) {
            return Plan.Nothing.waiting(in.app(), "job " + base.job().id() + " is still " + predecessor.get().state()
                    + ": its successor starts once it has ended (one job per app)");
        }
        JobRecord job = new JobRecord(jobId, cluster, already.map(j -> j.state().name()).orElse("SUBMITTED"),
                generation, restore, in.now().toString());
        String from = restore == null ? "empty state" : restore;
        AppStatus next = base.withSpec(spec.file(), start.commit(), spec.hash()).withJob(job).withOperation(null)
                .withError(start.error()).withPhase(start.phase(), start.reason() + ": started job " + jobId + " from " + from);
        if (base.job() == null) {
            next = next.withSavepointNonce(spec.job().savepointTriggerNonce()).withRedeployNonce(spec.job().savepointRedeployNonce());
        }
        if (already.isPresent()) {
            return new Plan.Record(in.app(), next, start.reason() + ": job " + jobId + " was already submitted; adopted");
        }
        if (settings.onKubernetes(spec)) {
            Optional<String> previous = previousJobManager(in);
            if (previous.isPresent()) {
                return Plan.Nothing.waiting(in.app(), previous.get());
            }
            return new Plan.Deploy(in.app(), KubeSteps.request(settings, in.app(), spec, jobId, restore), next,
                    start.reason() + ": JobManager of job " + jobId + " applied, restoring from " + from);
        }
        Map<String, String> configuration = jobConfiguration(in, spec);
        java.util.Set<String> added = new java.util.HashSet<>(configuration.keySet());
        added.removeAll(spec.flinkConfiguration().keySet());
        RunRequest request = new RunRequest(spec.job().entryClass(), spec.job().parallelism(), spec.job().args(), restore,
                spec.job().allowNonRestoredState(), jobId, configuration, added);
        return new Plan.Submit(in.app(), cluster, spec.job().jarURI(), spec.job().upgradeMode(), request, next, next.message());
    }

    /**
     * Pods of a JobManager whose Deployment is gone (a suspend, a delete, an outside delete) run on for their grace
     * period; a new JobManager started meanwhile would be a second one of the app (its TaskManagers could register
     * with either). It starts once they are gone, as the pod list read each tick shows.
     */
    private static Optional<String> previousJobManager(PlanInput in) {
        int pods = in.observed().health(in.app()).map(dev.flinkgitops.port.WorkloadHealth::jobManagerPods).orElse(0);
        if (pods == 0 || KubeSteps.component(in, dev.flinkgitops.port.KubeObject.JOBMANAGER).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("waiting for " + pods + " pod" + (pods == 1 ? "" : "s") + " of the previous JobManager of " + in.app()
                + " to terminate before a new one starts (one JobManager per app)");
    }

    /**
     * Stateful jobs start from the recorded savepoint (last-state: from the dead job's latest retained
     * checkpoint when that is newer and young enough), or the spec's initial one; stateless jobs
     * start from nothing after the first start.
     */
    private static String restorePath(PlanInput in, AppStatus base, AppSpec spec) {
        boolean firstStart = base.job() == null;
        if (spec.job().upgradeMode() == UpgradeMode.LAST_STATE && !firstStart) {
            String checkpoint = LastState.restartCheckpoint(in, base, spec);
            if (checkpoint != null) {
                return checkpoint;
            }
        }
        if (spec.job().upgradeMode().stateful() && base.restorePath() != null) {
            return base.restorePath();
        }
        return firstStart ? spec.job().initialSavepointPath() : null;
    }

    /** The spec's Flink configuration without the operator's keys, with the savepoint directory and last-state retention. */
    private Map<String, String> jobConfiguration(PlanInput in, AppSpec spec) {
        Map<String, String> configuration = new TreeMap<>();
        spec.flinkConfiguration().forEach((key, value) -> {
            if (!key.startsWith(ChangeTable.OPERATOR_PREFIX)) {
                configuration.put(key, value);
            }
        });
        String savepoints = settings.savepointDirectory(in.app(), spec);
        if (savepoints != null) {
            configuration.putIfAbsent("state.savepoints.dir", savepoints);
        }
        if (spec.job().upgradeMode() == UpgradeMode.LAST_STATE) {
            configuration.put(LastState.RETENTION_KEY, LastState.RETAIN_ON_CANCELLATION);
        }
        return configuration;
    }
}
