package dev.flinkgitops.observe;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads live Flink state and never acts: one job list per cluster (one call even when several
 * names lead to the same cluster), and the state of every savepoint the status branch says is
 * in flight (those, and the checkpoints a decision needs, read a few at a time).
 */
public final class Observer {

    private static final Logger log = LoggerFactory.getLogger(Observer.class);

    private final Clusters clusters;
    private final KubeTarget kube;
    private final Concurrently reads = new Concurrently();
    /** Clusters whose failure to answer was logged at WARN, until they answer again. */
    private final Set<String> silenced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final NotUpLog notUp = new NotUpLog();

    public Observer(Clusters clusters) {
        this(clusters, KubeTarget.none());
    }

    public Observer(Clusters clusters, KubeTarget kube) {
        this.clusters = clusters;
        this.kube = kube;
    }

    /**
     * @param clusterNames every cluster name a desired spec or a recorded job uses
     * @param recorded the recorded statuses (for savepoints in flight)
     */
    public Observed observe(Set<String> clusterNames, Collection<AppStatus> recorded) {
        return observe(clusterNames, recorded, Set.of());
    }

    /** @param notTriggered trigger ids not sent to Flink yet: not asked for (see {@link LiveView}) */
    public Observed observe(Set<String> clusterNames, Collection<AppStatus> recorded, Set<String> notTriggered) {
        Map<String, Map<String, JobSummary>> jobs = new HashMap<>();
        Set<String> unreachable = new HashSet<>();
        Map<String, String> distrusted = new HashMap<>();
        Map<Cluster, Map<String, JobSummary>> listed = new IdentityHashMap<>();
        Map<Cluster, Optional<String>> disagreement = new IdentityHashMap<>();
        for (String name : clusterNames) {
            Cluster cluster = clusters.get(name).orElse(null);
            if (cluster == null) {
                unreachable.add(name);
                continue;
            }
            Map<String, JobSummary> list = listed.computeIfAbsent(cluster, this::list);
            Optional<String> distrust = list == null ? Optional.empty()
                    : disagreement.computeIfAbsent(cluster, c -> corroborate(c, list, recorded));
            if (list == null || distrust.isPresent()) {
                unreachable.add(name);
                distrust.ifPresent(why -> distrusted.put(name, why));
            } else {
                jobs.put(name, list);
            }
        }
        return new Observed(jobs, unreachable, savepoints(recorded, unreachable, notTriggered), Map.of(), Map.of(),
                distrusted);
    }

    /** The second read behind every "gone" or "ended" in this cluster's list (see {@link Corroboration}). */
    private Optional<String> corroborate(Cluster cluster, Map<String, JobSummary> list, Collection<AppStatus> recorded) {
        List<dev.flinkgitops.status.JobRecord> jobs = recorded.stream()
                .filter(status -> status.job() != null && status.phase() != dev.flinkgitops.status.Phase.DELETED)
                .filter(status -> clusters.get(status.job().cluster()).orElse(null) == cluster)
                .map(AppStatus::job).toList();
        Optional<String> distrust = Corroboration.check(cluster, list, jobs);
        distrust.ifPresent(why -> log.warn("not believing Flink cluster {} at {} this tick: {}", cluster.name(),
                cluster.restUrl(), why));
        return distrust;
    }

    /**
     * Adds the checkpoints of the given jobs (one or two calls per job, so only for the jobs a
     * decision needs: a new job's readiness, a last-state upgrade or restart).
     *
     * @param checkpointsOf job id to cluster name
     */
    public Observed withCheckpoints(Observed observed, Map<String, String> checkpointsOf) {
        return checkpointsOf.isEmpty() ? observed : observed.withCheckpoints(checkpoints(checkpointsOf, observed.unreachable()));
    }

    /**
     * Adds what the clusters of the given jobs tell about rescaling them in place (a few calls per job, so only
     * for a changed spec or a rescale in flight); a read that fails is left out and logged.
     *
     * @param rescalesOf job id to cluster name
     */
    public Observed withRescales(Observed observed, Map<String, String> rescalesOf) {
        if (rescalesOf.isEmpty()) {
            return observed;
        }
        List<String> jobs = rescalesOf.keySet().stream().filter(job -> !observed.unreachable().contains(rescalesOf.get(job)))
                .toList();
        return observed.withRescales(reads.each(jobs, jobId -> clusters.get(rescalesOf.get(jobId)).flatMap(cluster -> {
            try {
                return Optional.of(cluster.rescale().rescaleView(jobId));
            } catch (FlinkException e) {
                log.warn("cannot read whether job {} can be rescaled in place: {}", jobId, e.getMessage());
                return Optional.empty();
            }
        })));
    }

    /**
     * Adds the live Kubernetes objects of these namespaces and how each app's cluster is doing (one list
     * per kind and namespace, pods included); an app whose JobManager is not up is logged with the reason
     * once, and again when the reason changes.
     */
    public Observed withKube(Observed observed, Set<String> namespaces) {
        if (namespaces.isEmpty()) {
            return observed;
        }
        KubeTarget.Live live = kube.live(namespaces);
        notUp.report(live.health());
        return observed.withKube(live.objects(), live.health());
    }

    private Map<String, CheckpointInfo> checkpoints(Map<String, String> checkpointsOf, Set<String> unreachable) {
        List<String> jobs = checkpointsOf.keySet().stream().filter(job -> !unreachable.contains(checkpointsOf.get(job))).toList();
        return reads.each(jobs, jobId -> clusters.get(checkpointsOf.get(jobId)).flatMap(cluster -> {
            try {
                CheckpointInfo info = cluster.checkpoints().checkpoints(jobId);
                return Optional.of(info.withLatestExists(RestorePoints.exists(info.latestPath()).orElse(null)));
            } catch (FlinkException e) {
                log.debug("cannot read the checkpoints of job {}: {}", jobId, e.getMessage());
                return Optional.empty();
            }
        }));
    }

    private Map<String, JobSummary> list(Cluster cluster) {
        try {
            Map<String, JobSummary> byId = new LinkedHashMap<>();
            for (JobSummary job : cluster.jobs().listJobs()) {
                byId.put(job.id(), job);
            }
            if (silenced.remove(cluster.name())) {
                log.info("Flink cluster {} at {} answers again", cluster.name(), cluster.restUrl());
            }
            return byId;
        } catch (FlinkException e) {
            // Once per outage, not once per tick: the status and /readyz keep saying it meanwhile.
            if (silenced.add(cluster.name())) {
                log.warn("cannot list jobs of Flink cluster {} at {}: {} (logged again when it answers)", cluster.name(),
                        cluster.restUrl(), e.getMessage());
            } else {
                log.debug("cannot list jobs of Flink cluster {} at {}: {}", cluster.name(), cluster.restUrl(), e.getMessage());
            }
            return null;
        }
    }

    private Map<String, SavepointStatus> savepoints(Collection<AppStatus> recorded, Set<String> unreachable,
            Set<String> notTriggered) {
        List<AppStatus> inFlight = recorded.stream().filter(status -> {
            OperationRecord operation = status.operation();
            return operation != null && operation.triggerId() != null
                    && (OperationStep.STOPPING.equals(operation.step()) || OperationStep.SAVEPOINTING.equals(operation.step())
                            || OperationStep.CHECKPOINTING.equals(operation.step()))
                    && !unreachable.contains(status.job().cluster()) && !notTriggered.contains(operation.triggerId());
        }).toList();
        Map<String, SavepointStatus> savepoints = new HashMap<>();
        reads.each(inFlight, status -> clusters.get(status.job().cluster()).map(cluster -> {
            OperationRecord operation = status.operation();
            try {
                return OperationStep.CHECKPOINTING.equals(operation.step())
                        ? cluster.checkpoints().checkpointStatus(operation.fromJobId(), operation.triggerId())
                        : cluster.savepoints().savepointStatus(operation.fromJobId(), operation.triggerId());
            } catch (FlinkException e) {
                log.warn("{}: cannot read savepoint {}: {}", status.app(), operation.triggerId(), e.getMessage());
                return SavepointStatus.inProgress();
            }
        })).forEach((status, state) -> savepoints.put(status.operation().triggerId(), state));
        return savepoints;
    }
}
