package dev.flinkgitops.apply;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.Jars;
import dev.flinkgitops.port.KubeTarget;

import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.JarNotFoundException;
import dev.flinkgitops.plan.Failures;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The one place that acts on Flink. Every plan passes its guard first; a refused or failed
 * action leaves the job as it was and returns a status that says why.
 */
public final class Applier {

    private static final Logger log = LoggerFactory.getLogger(Applier.class);

    private final Clusters clusters;
    private final KubeTarget kube;
    private final Jars jars;
    private final PlannerSettings settings;
    private final Clock clock;
    private final dev.flinkgitops.port.LeaderCheck leader;
    /** Actions not done because the lease was lost, since {@link #takeLeaseLostSkips()} was last called. */
    private final java.util.concurrent.atomic.AtomicInteger leaseLostSkips = new java.util.concurrent.atomic.AtomicInteger();
    private final StateGuard stateGuard;
    /** What Flink (1.18-2.3) says when the savepoint or checkpoint to restore from does not exist. */
    static final String MISSING_RESTORE_POINT = "Cannot find checkpoint or savepoint";

    public Applier(Clusters clusters, Jars jars, PlannerSettings settings, Clock clock) {
        this(clusters, jars, KubeTarget.none(), settings, clock);
    }

    public Applier(Clusters clusters, Jars jars, KubeTarget kube, PlannerSettings settings, Clock clock) {
        this(clusters, jars, kube, settings, clock, dev.flinkgitops.port.LeaderCheck.ALWAYS);
    }

    public Applier(Clusters clusters, Jars jars, KubeTarget kube, PlannerSettings settings, Clock clock,
            dev.flinkgitops.port.LeaderCheck leader) {
        this(clusters, jars, kube, settings, clock, leader, null);
    }

    /** {@code leader}: asked before every action (a daemon that lost its lease acts no more); {@code stateCheck}:
     *  the state-compatibility check before an upgrade's stop (null: none). */
    public Applier(Clusters clusters, Jars jars, KubeTarget kube, PlannerSettings settings, Clock clock,
            dev.flinkgitops.port.LeaderCheck leader, dev.flinkgitops.port.StateCompatibility stateCheck) {
        this.stateGuard = new StateGuard(stateCheck, settings, clock);
        this.leader = leader;
        this.kube = kube;
        this.clusters = clusters;
        this.jars = jars;
        this.settings = settings;
        this.clock = clock;
    }

    /** How many actions were not done because the lease was lost since the last call (for the tick's metrics). */
    public int takeLeaseLostSkips() {
        return leaseLostSkips.getAndSet(0);
    }

    /**
     * Carries out one plan.
     *
     * @param recorded the app's durable status (null for a new app)
     * @return the app's status after the plan (equal to {@code recorded} when nothing changed)
     */
    public AppStatus apply(Plan plan, AppStatus recorded) {
        if (plan instanceof Plan.Record record) {
            return record.next();
        } else if (!leader.isLeader()) {
            // Another daemon may lead by now: stopping, cancelling, disposing or replacing the job here
            // could race it. Nothing is done and nothing recorded; the leader plans again from what it sees.
            log.warn("{}: lease lost before {} ({}): not done, left to the new leader", plan.app(),
                    plan.getClass().getSimpleName(), Redact.text(plan.why()));
            leaseLostSkips.incrementAndGet();
            return recorded;
        } else if (plan instanceof Plan.Submit submit) {
            return submit(submit, recorded);
        } else if (plan instanceof Plan.StopWithSavepoint stop) {
            return stop(stop, recorded);
        } else if (plan instanceof Plan.StopStray stray) {
            return stray(stray, recorded);
        } else if (plan instanceof Plan.Cancel cancel) {
            return cancel(cancel, recorded);
        } else if (plan instanceof Plan.TriggerSavepoint savepoint) {
            return savepoint(savepoint, recorded);
        } else if (plan instanceof Plan.TriggerCheckpoint checkpoint) {
            return checkpoint(checkpoint, recorded);
        } else if (plan instanceof Plan.Dispose dispose) {
            Optional<String> refused = Guards.neverDisposeWhatARestoreNeeds(dispose, recorded);
            return refused.isPresent() ? refusedBy("neverDisposeWhatARestoreNeeds", refused.get(), plan, recorded)
                    : Disposal.apply(dispose, recorded, () -> cluster(plan), clock);
        } else if (plan instanceof Plan.Rescale rescale) {
            return InPlaceRescale.apply(rescale, recorded, clusters);
        } else if (plan instanceof Plan.Deploy deploy) {
            return kube(plan, recorded, deploy.next(), () -> kube.apply(deploy.app(), deploy.request()), "after-deploy");
        } else if (plan instanceof Plan.Undeploy undeploy) {
            return kube(plan, recorded, undeploy.next(), () -> kube.remove(undeploy.app(), undeploy.everything()),
                    "after-undeploy");
        }
        return recorded;
    }

    private AppStatus submit(Plan.Submit plan, AppStatus recorded) {
        Optional<String> refused = Guards.neverStartEmptyWhenSavepointRecorded(plan, recorded);
        if (refused.isPresent()) {
            return refusedBy("neverStartEmptyWhenSavepointRecorded", refused.get(), plan, recorded);
        }
        Optional<Cluster> cluster = clusters.get(plan.cluster());
        if (cluster.isEmpty()) {
            return failed(plan, recorded, plan.next(), "no session cluster named " + plan.cluster() + " is configured");
        }
        try {
            String jarId = jars.upload(cluster.get(), plan.jarURI());
            String jobId = run(cluster.get(), jarId, plan);
            CrashPoints.reach("after-submit");
            log.info("{}: submitted job {} to cluster {}", plan.app(), jobId, plan.cluster());
            return plan.next();
        } catch (FlinkException e) {
            if (accepted(cluster.get(), plan)) {
                log.warn("{}: submit of job {} failed ({}), but Flink has the job: adopted", plan.app(),
                        plan.request().jobId(), e.getMessage());
                return plan.next();
            }
            String restore = plan.request().savepointPath();
            if (restore != null && e.getMessage() != null && e.getMessage().contains(MISSING_RESTORE_POINT)) {
                log.error("{}: restore point {} does not exist: nothing started, app STALLED", plan.app(), restore);
                AppStatus base = recorded != null ? recorded : plan.next().withJob(null);
                return Failures.restoreMissing(base, restore, e.getMessage(), plan.next().specCommit(), plan.next().specHash(),
                        clock.instant());
            }
            return failed(plan, recorded, plan.next(), "submit failed: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            return failed(plan, recorded, plan.next(), "submit failed: " + e.getMessage());
        }
    }

    /**
     * After a failed submit: whether Flink accepted the job anyway (its answer was lost). The job id
     * is deterministic, so one read by id tells; a failed read says nothing.
     */
    private static boolean accepted(Cluster cluster, Plan.Submit plan) {
        try {
            return plan.request().jobId() != null
                    && cluster.jobs().jobStatus(plan.request().jobId()).filter(state -> !state.terminal()).isPresent();
        } catch (FlinkException e) {
            return false;
        }
    }

    private String run(Cluster cluster, String jarId, Plan.Submit plan) {
        try {
            return cluster.jobs().runJar(jarId, plan.request());
        } catch (JarNotFoundException e) {
            log.info("{}: cluster {} no longer has jar {}; uploading it again", plan.app(), cluster.name(), jarId);
            jars.forget(cluster, plan.jarURI());
            return cluster.jobs().runJar(jars.upload(cluster, plan.jarURI()), plan.request());
        }
    }

    private AppStatus stop(Plan.StopWithSavepoint plan, AppStatus recorded) {
        Optional<String> refused = Guards.stopOnlyWithDurableIntent(plan, recorded);
        StateGuard.Verdict state = stateGuard.beforeStop(plan, plan.jobId(), plan.successor(), recorded, refused.isPresent());
        return !state.stop() ? state.status() : trigger(plan, state.status(), "stopOnlyWithDurableIntent", refused,
                cluster -> cluster.savepoints().stopWithSavepoint(plan.jobId(), plan.targetDirectory(), plan.triggerId(), plan.format()),
                "after-stop-triggered", "stop-with-savepoint of job " + plan.jobId() + " into " + plan.targetDirectory());
    }

    /** A second live job of the app: stopped with a savepoint, loudly; the status records it. */
    private AppStatus stray(Plan.StopStray plan, AppStatus recorded) {
        log.warn("{}: {}", plan.app(), plan.why());
        trigger(plan, recorded, "strayStop", Optional.empty(),
                cluster -> cluster.savepoints().stopWithSavepoint(plan.jobId(), plan.targetDirectory(), plan.triggerId(), plan.format()),
                "after-stray-stop-triggered", "stop-with-savepoint of stray job " + plan.jobId() + " into " + plan.targetDirectory());
        return plan.next();
    }

    private AppStatus cancel(Plan.Cancel plan, AppStatus recorded) {
        Optional<String> refused = Guards.neverCancelStatefulJob(plan, recorded);
        StateGuard.Verdict state = stateGuard.beforeStop(plan, plan.jobId(), plan.successor(), recorded, refused.isPresent());
        return !state.stop() ? state.status() : trigger(plan, state.status(), "neverCancelStatefulJob", refused,
                cluster -> cluster.jobs().cancel(plan.jobId()), "after-cancel", "cancel of job " + plan.jobId());
    }

    private AppStatus savepoint(Plan.TriggerSavepoint plan, AppStatus recorded) {
        return trigger(plan, recorded, "savepointOnlyWithDurableIntent", Guards.savepointOnlyWithDurableIntent(plan, recorded),
                cluster -> cluster.savepoints().triggerSavepoint(plan.jobId(), plan.targetDirectory(), plan.triggerId(), plan.format()),
                "after-savepoint-triggered", "savepoint of job " + plan.jobId() + " into " + plan.targetDirectory());
    }

    /**
     * A checkpoint on demand. A cluster without the call (Flink before 1.17) is not retried: the
     * checkpoint is FAILED with that reason and the operation ends; the job runs on.
     */
    private AppStatus checkpoint(Plan.TriggerCheckpoint plan, AppStatus recorded) {
        try {
            return trigger(plan, recorded, "checkpointOnlyWithDurableIntent", Guards.checkpointOnlyWithDurableIntent(plan, recorded),
                    cluster -> cluster.checkpoints().triggerCheckpoint(plan.jobId(), plan.checkpointType(), plan.triggerId()),
                    "after-checkpoint-triggered", "checkpoint of job " + plan.jobId());
        } catch (dev.flinkgitops.port.CheckpointsUnsupportedException e) {
            String message = Redact.text(e.getMessage());
            log.error("{}: checkpoint of job {} failed: {}", plan.app(), plan.jobId(), message);
            dev.flinkgitops.status.SnapshotRecord snapshot = recorded.snapshotByTrigger(plan.triggerId());
            AppStatus next = recorded.withOperation(null).withPhase(Phase.RUNNING, "checkpoint of job " + plan.jobId()
                    + " failed: " + message);
            return snapshot == null ? next : next.withSnapshot(snapshot.failedForGood(message, clock.instant()));
        }
    }

    /**
     * An asynchronous Flink call whose outcome the next tick observes: after its guard, call it
     * once; a failure is logged and the next tick calls again (the call is idempotent). The
     * status does not change here.
     */
    private AppStatus trigger(Plan plan, AppStatus recorded, String guard, Optional<String> refused,
            java.util.function.Consumer<Cluster> call, String crashPoint, String what) {
        if (refused.isPresent()) {
            return refusedBy(guard, refused.get(), plan, recorded);
        }
        try {
            call.accept(cluster(plan));
            CrashPoints.reach(crashPoint);
            log.info("{}: {} requested", plan.app(), what);
        } catch (dev.flinkgitops.port.CheckpointsUnsupportedException e) {
            throw e; // not worth a retry: the caller records it
        } catch (FlinkException e) {
            log.warn("{}: {} failed ({}); trying again next tick", plan.app(), what, Redact.text(e.getMessage()));
        }
        return recorded;
    }

    private Cluster cluster(Plan plan) {
        String name = plan instanceof Plan.Dispose dispose ? dispose.cluster()
                : plan instanceof Plan.StopWithSavepoint stop ? stop.cluster()
                : plan instanceof Plan.StopStray stray ? stray.cluster()
                : plan instanceof Plan.Cancel cancel ? cancel.cluster()
                : plan instanceof Plan.TriggerSavepoint savepoint ? savepoint.cluster()
                : plan instanceof Plan.TriggerCheckpoint checkpoint ? checkpoint.cluster() : null;
        return clusters.get(name).orElseThrow(() -> new FlinkException("no session cluster named " + name, 0));
    }

    /** A write to Kubernetes; a failure leaves the status as it was (the next tick tries again). */
    private AppStatus kube(Plan plan, AppStatus recorded, AppStatus next, Runnable write, String crashPoint) {
        try {
            write.run();
            CrashPoints.reach(crashPoint);
            log.info("{}: {}", plan.app(), Redact.text(plan.why()));
            return next;
        } catch (RuntimeException e) {
            log.warn("{}: Kubernetes refused ({}); trying again next tick", plan.app(), Redact.text(e.getMessage()));
            return recorded;
        }
    }

    private AppStatus refusedBy(String guard, String reason, Plan plan, AppStatus recorded) {
        String message = "guard " + guard + " refused: " + reason;
        log.error("{}: {}", plan.app(), message);
        AppStatus base = recorded != null ? recorded : AppStatus.empty(plan.app().toString(), null);
        return base.withPhase(Phase.STALLED, message);
    }

    /**
     * A failed action: the job stays as it was; the app is BLOCKED and retried with backoff (or STALLED
     * after too many). The message is logged and recorded without the job's secrets.
     */
    private AppStatus failed(Plan.Submit plan, AppStatus recorded, AppStatus intended, String error) {
        String message = Redact.text(error, Redact.secretValues(plan.request().args(), plan.request().flinkConfiguration()));
        log.warn("{}: {}", plan.app(), message);
        AppStatus base = recorded != null ? recorded : intended.withJob(null);
        base = base.withSpec(intended.specFile(), base.specCommit() != null ? base.specCommit() : intended.specCommit(),
                base.specHash() != null ? base.specHash() : intended.specHash());
        boolean urgent = recorded != null && recorded.job() != null;
        return urgent ? Failures.recordUrgent(base, message, intended.specCommit(), intended.specHash(), clock.instant())
                : Failures.record(base, message, intended.specCommit(), intended.specHash(), clock.instant(), settings);
    }
}
