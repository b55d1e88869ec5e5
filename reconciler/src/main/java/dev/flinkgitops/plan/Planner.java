package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Outcome;
import dev.flinkgitops.status.Phase;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides the next step for one application: a pure function of (desired spec, recorded
 * status, observed Flink state, clock). It does no I/O and is deterministic.
 *
 * <p>Order of concerns: an operation the status branch says is in flight is finished first,
 * whatever the head says; then removed and invalid specs; then a job that should run but does
 * not; then a changed spec, classified by {@link ChangeTable}.
 */
public final class Planner {

    private final PlannerSettings settings;
    private final JobStart jobs;
    private final Transitions transitions;

    public Planner(PlannerSettings settings) {
        this.settings = settings;
        this.jobs = new JobStart(settings);
        this.transitions = new Transitions(settings, jobs);
    }

    /** The concerns in the order of the class comment; one list, so it is kept whole (over 40 lines). */
    public Plan plan(PlanInput in) {
        Optional<Plan> stray = Strays.check(in, settings);
        if (stray.isPresent()) {
            return stray.get();
        }
        AppStatus recorded = in.recorded();
        if (recorded != null && recorded.operation() != null) {
            return transitions.continueOperation(in);
        }
        Desired desired = in.desired();
        if (desired.isRemoved()) {
            return transitions.resolve(Deletion.delete(in));
        }
        if (!desired.isValid()) {
            return stall(in);
        }
        AppSpec spec = desired.spec();
        if (!spec.hasJob()) {
            return settings.onKubernetes(spec) ? KubeSteps.sessionCluster(settings, in, spec)
                    : Plan.Nothing.steady(in.app(), "session cluster definition: nothing to deploy on the session target");
        }
        if (settings.onKubernetes(spec)) {
            Optional<Plan> starting = JobManagerWait.check(jobs, in, spec, recorded);
            if (starting.isPresent()) {
                return starting.get();
            }
        } else {
            String cluster = settings.clusterOf(spec);
            String jobCluster = recorded != null && recorded.job() != null ? recorded.job().cluster() : cluster;
            if (!in.observed().reachable(cluster) || !in.observed().reachable(jobCluster)) {
                String undecided = in.observed().reachable(cluster) ? jobCluster : cluster;
                return Plan.Nothing.outage(in.app(), in.observed().whyUndecided(undecided) + ": nothing is decided");
            }
        }
        if (Failures.gaveUp(recorded, spec.hash())) {
            return Plan.Nothing.steady(in.app(), recorded.message());
        }
        if (recorded != null && recorded.outcome() instanceof Outcome.Failing failing && spec.hash().equals(failing.specHash())
                && in.now().isBefore(failing.nextTry())) {
            return Plan.Nothing.waiting(in.app(), "blocked: " + failing.why() + " (next try at " + failing.nextTry() + ")");
        }
        return planJob(in, spec, recorded);
    }

    /**
     * A valid spec with a job, nothing in flight: rolled back, restore point missing, redeploy,
     * readiness, start, suspend, steady, change, in that order. Over 40 lines: the order is the rule.
     */
    private Plan planJob(PlanInput in, AppSpec desiredSpec, AppStatus recorded) {
        AppSpec spec = desiredSpec;
        String commit = in.desired().commit();
        if (Readiness.rolledBackFrom(recorded, spec)) {
            if (in.recordedSpec() == null) {
                return Plan.Nothing.waiting(in.app(), "rolled back; the stable spec cannot be read");
            }
            spec = in.recordedSpec();
            commit = recorded.specCommit();
        }
        Optional<JobSummary> live = liveJob(in);
        boolean running = live.isPresent() && !live.get().state().terminal();
        if (Failures.stalledOnMissingRestorePoint(recorded) && spec.hash().equals(recorded.lastError().specHash())
                && !Redeploy.requested(in, spec)) {
            return Plan.Nothing.steady(in.app(), recorded.message());
        }
        if (Redeploy.requested(in, spec)) {
            if (spec.job().initialSavepointPath() == null) {
                return Redeploy.refuse(in, spec);
            }
            return running ? transitions.beginStop(in, spec, spec.job().upgradeMode().stateful() ? UpgradeMode.SAVEPOINT
                    : UpgradeMode.STATELESS, OperationType.REDEPLOY, "savepointRedeployNonce "
                    + spec.job().savepointRedeployNonce()) : jobs.start(Redeploy.start(in, spec, commit));
        }
        if (live.isPresent() && Readiness.pending(recorded) && spec.hash().equals(recorded.specHash())) {
            return Readiness.check(settings, in, spec, live.get());
        }
        boolean wantsRunning = spec.job().state() == DesiredState.RUNNING;
        if (!running) {
            if (!wantsRunning) {
                return SteadyState.settleSuspended(in, spec);
            }
            return jobs.start(in, spec, commit, startReason(recorded, live));
        }
        if (!wantsRunning) {
            return transitions.beginStop(in, spec, spec.job().upgradeMode(), OperationType.SUSPEND, "job.state is suspended");
        }
        if (spec.hash().equals(recorded.specHash())) {
            return steady(in, spec, live.get());
        }
        return changed(in, spec, commit, recorded);
    }

    /** A running job whose spec changed: recorded when the change needs no restart, else an upgrade begins. */
    private Plan changed(PlanInput in, AppSpec spec, String commit, AppStatus recorded) {
        if (in.recordedSpec() == null) {
            return transitions.beginStop(in, spec, upgradeMode(in, spec, false), OperationType.UPGRADE, "spec changed");
        }
        ChangeTable.Change change = ChangeTable.classify(in.recordedSpec(), spec, settings.kubernetes());
        String fields = change.fields().stream().map(ChangeTable.FieldChange::path).collect(Collectors.joining(", "));
        if (change.consequence() == Consequence.IGNORE) {
            AppStatus next = recorded.withSpec(spec.file(), commit, spec.hash())
                    .withPhase(Phase.RUNNING, "spec change needs no restart ("
                            + (fields.isEmpty() ? "fields that do not apply to the session target" : fields) + ")")
                    .withError(null);
            return Plan.record(in.app(), next);
        }
        String notInPlace = "";
        if (Rescale.parallelismOnly(change)) {
            Optional<String> whyNot = Rescale.whyNot(in, spec, settings);
            Object from = in.recordedSpec().job().parallelism();
            if (whyNot.isEmpty()) {
                return Rescale.begin(in, spec, commit, recorded.job().parallelism() != null ? recorded.job().parallelism() : from);
            }
            notInPlace = "; not in place: " + whyNot.get();
        }
        boolean versionChange = change.fields().stream().anyMatch(f -> f.path().equals("spec.flinkVersion"));
        String restart = ChangeTable.restartNote(change);
        String warning = ChangeTable.majorVersionWarning(change);
        return transitions.beginStop(in, spec, upgradeMode(in, spec, versionChange), OperationType.UPGRADE,
                (restart == null ? "" : restart + ", ") + change.consequence().name().toLowerCase() + ": " + fields
                        + notInPlace + (warning == null ? "" : "; " + warning));
    }

    /** A steady job: a savepoint when one is due, a disposal when retention asks for one, else its live state. */
    private Plan steady(PlanInput in, AppSpec spec, JobSummary live) {
        if (settings.onKubernetes(spec)) {
            Optional<Decision> drift = KubeSteps.drift(settings, in, spec);
            if (drift.isPresent()) {
                return transitions.resolve(drift.get());
            }
        }
        if (live.state() == dev.flinkgitops.port.JobState.RUNNING) {
            Optional<String> due = SavepointSteps.due(in, spec, settings);
            if (due.isPresent()) {
                return SavepointSteps.begin(in, spec, due.get());
            }
            Optional<Plan> snapshot = SnapshotSteps.next(in, spec);
            if (snapshot.isPresent()) {
                return snapshot.get();
            }
            Optional<Plan> dispose = SavepointSteps.retention(in, spec);
            if (dispose.isPresent()) {
                return dispose.get();
            }
        }
        return SteadyState.observeRunning(in, live);
    }

    /**
     * The mode of an upgrade: last-state only when the running job's retained checkpoint can carry
     * it and the Flink version does not change; a savepoint otherwise. Never stateless unless the
     * spec says so.
     */
    private static UpgradeMode upgradeMode(PlanInput in, AppSpec spec, boolean versionChange) {
        UpgradeMode mode = spec.job().upgradeMode();
        if (mode != UpgradeMode.LAST_STATE) {
            return mode;
        }
        if (versionChange) {
            return UpgradeMode.SAVEPOINT;
        }
        return LastState.unusable(in, in.recorded().job(), spec).isPresent() ? UpgradeMode.SAVEPOINT : UpgradeMode.LAST_STATE;
    }

    /** The live job the status branch names, if its cluster lists it. */
    static Optional<JobSummary> liveJob(PlanInput in) {
        AppStatus recorded = in.recorded();
        if (recorded == null || recorded.job() == null) {
            return Optional.empty();
        }
        return in.observed().job(recorded.job().cluster(), recorded.job().id());
    }

    private static String startReason(AppStatus recorded, Optional<JobSummary> live) {
        if (recorded == null || recorded.job() == null) {
            return "new app";
        }
        if (recorded.phase() == Phase.SUSPENDED) {
            return "resumed (job.state is running)";
        }
        String state = live.map(job -> job.state().name()).orElse("gone from its cluster");
        return "job " + recorded.job().id() + " is " + state + ": restarting";
    }

    private Plan stall(PlanInput in) {
        AppStatus recorded = in.recorded();
        String summary = in.desired().errors().stream().limit(5).map(f -> f.format()).collect(Collectors.joining("; "));
        if (recorded == null) {
            return Plan.Nothing.steady(in.app(), "invalid spec: " + summary);
        }
        String message = "invalid spec at " + shortCommit(in.desired().commit()) + " ("
                + in.desired().errors().size() + " errors): the last valid spec keeps running";
        if (recorded.phase() == Phase.STALLED && recorded.lastError() != null && summary.equals(recorded.lastError().message())) {
            return Plan.Nothing.steady(in.app(), message);
        }
        AppStatus next = recorded.withPhase(Phase.STALLED, message)
                .withError(new ErrorRecord(summary, in.desired().commit(), null, 1, in.now().toString(), null));
        return Plan.record(in.app(), next);
    }

    static String shortCommit(String commit) {
        return commit == null ? "?" : commit.substring(0, Math.min(10, commit.length()));
    }
}
