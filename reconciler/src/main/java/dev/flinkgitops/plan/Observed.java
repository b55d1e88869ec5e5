package dev.flinkgitops.plan;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.KubeObject;
import java.util.List;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.port.WorkloadHealth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Live Flink state read this tick: the jobs of every cluster that answered, the clusters that
 * did not, and the state of the savepoints the status branch says are in flight.
 *
 * @param jobs cluster name to job id to job
 * @param unreachable clusters whose job list could not be read: nothing is decided about them
 * @param savepoints trigger id to savepoint state
 * @param checkpoints job id to its checkpoints, for the jobs whose checkpoints a decision needs
 * @param kube the live Kubernetes objects flink-gitops manages, by app (Kubernetes target only)
 * @param distrusted clusters whose answers were not believed this tick (wrong shape, or a second read
 *     that contradicted the first), with the reason; they are in {@code unreachable} too
 * @param families an index of {@code jobs}: cluster to {@link dev.flinkgitops.port.JobIds#family} to
 *     the live jobs of that app family; always derived from {@code jobs} (a value passed in is
 *     replaced), so that one-job-per-app checks cost one lookup per app, not a scan of every job
 * @param health how each app's cluster is doing on Kubernetes (its Deployments' and pods' status), for
 *     the apps with live objects (Kubernetes target only)
 * @param rescales job id to what its cluster tells about rescaling it in place, for the jobs a decision needs
 *     (a changed spec, a rescale in flight) whose read succeeded
 */
public record Observed(
        Map<String, Map<String, JobSummary>> jobs,
        Set<String> unreachable,
        Map<String, SavepointStatus> savepoints,
        Map<String, CheckpointInfo> checkpoints,
        Map<AppId, List<KubeObject>> kube,
        Map<String, String> distrusted,
        Map<String, Map<String, List<JobSummary>>> families,
        Map<AppId, WorkloadHealth> health,
        Map<String, dev.flinkgitops.port.RescaleView> rescales) {

    public Observed {
        rescales = rescales == null ? Map.of() : Map.copyOf(rescales);
        health = health == null ? Map.of() : Map.copyOf(health);
        distrusted = Map.copyOf(distrusted);
        jobs = Map.copyOf(jobs);
        families = index(jobs);
        unreachable = Set.copyOf(unreachable);
        savepoints = Map.copyOf(savepoints);
        checkpoints = Map.copyOf(checkpoints);
        kube = Map.copyOf(kube);
    }

    public Observed(Map<String, Map<String, JobSummary>> jobs, Set<String> unreachable,
            Map<String, SavepointStatus> savepoints, Map<String, CheckpointInfo> checkpoints) {
        this(jobs, unreachable, savepoints, checkpoints, Map.of(), Map.of());
    }

    public Observed(Map<String, Map<String, JobSummary>> jobs, Set<String> unreachable,
            Map<String, SavepointStatus> savepoints, Map<String, CheckpointInfo> checkpoints,
            Map<AppId, List<KubeObject>> kube, Map<String, String> distrusted) {
        this(jobs, unreachable, savepoints, checkpoints, kube, distrusted, null, Map.of(), Map.of());
    }

    /** This observation with the live Kubernetes objects and workload health of the apps on Kubernetes. */
    public Observed withKube(Map<AppId, List<KubeObject>> objects, Map<AppId, WorkloadHealth> workloads) {
        return new Observed(jobs, unreachable, savepoints, checkpoints, objects, distrusted, null, workloads, rescales);
    }

    /** This observation with the checkpoints of some jobs. */
    public Observed withCheckpoints(Map<String, CheckpointInfo> read) {
        return new Observed(jobs, unreachable, savepoints, read, kube, distrusted, null, health, rescales);
    }

    /** This observation with what the clusters of some jobs tell about rescaling them in place. */
    public Observed withRescales(Map<String, dev.flinkgitops.port.RescaleView> read) {
        return new Observed(jobs, unreachable, savepoints, checkpoints, kube, distrusted, null, health, read);
    }

    /** What the job's cluster tells about rescaling it in place; empty when not read (or it could not be). */
    public Optional<dev.flinkgitops.port.RescaleView> rescale(String jobId) {
        return Optional.ofNullable(rescales.get(jobId));
    }

    /** How the app's cluster is doing on Kubernetes; empty when not read (no Kubernetes, or no objects). */
    public Optional<WorkloadHealth> health(AppId app) {
        return Optional.ofNullable(health.get(app));
    }

    /** The live (not terminal) jobs of one app family on a cluster (see {@link dev.flinkgitops.port.JobIds#family}). */
    public List<JobSummary> liveFamily(String cluster, String family) {
        return families.getOrDefault(cluster, Map.of()).getOrDefault(family, List.of());
    }

    private static Map<String, Map<String, List<JobSummary>>> index(Map<String, Map<String, JobSummary>> jobs) {
        Map<String, Map<String, List<JobSummary>>> index = new java.util.HashMap<>();
        jobs.forEach((cluster, byId) -> {
            Map<String, List<JobSummary>> families = new java.util.HashMap<>();
            byId.values().stream().filter(job -> !job.state().terminal() && JobIds.familyOf(job.id()) != null)
                    .forEach(job -> families.computeIfAbsent(JobIds.familyOf(job.id()), family -> new java.util.ArrayList<>())
                            .add(job));
            index.put(cluster, families);
        });
        return index;
    }

    public Observed(Map<String, Map<String, JobSummary>> jobs, Set<String> unreachable,
            Map<String, SavepointStatus> savepoints, Map<String, CheckpointInfo> checkpoints,
            Map<AppId, List<KubeObject>> kube) {
        this(jobs, unreachable, savepoints, checkpoints, kube, Map.of());
    }

    /** The app's live Kubernetes objects (empty when none, or when Kubernetes is not used). */
    public List<KubeObject> kube(AppId app) {
        return kube.getOrDefault(app, List.of());
    }

    /** The job's checkpoints, or empty when they were not read (or could not be). */
    public Optional<CheckpointInfo> checkpoints(String jobId) {
        return Optional.ofNullable(checkpoints.get(jobId));
    }

    /** Why nothing is decided about this cluster's apps this tick: it did not answer, or was not believed. */
    public String whyUndecided(String cluster) {
        String distrust = distrusted.get(cluster);
        return "Flink cluster " + cluster + (distrust == null ? " did not answer" : " is not believed this tick (" + distrust + ")");
    }

    public boolean reachable(String cluster) {
        return jobs.containsKey(cluster) && !unreachable.contains(cluster);
    }

    public Optional<JobSummary> job(String cluster, String jobId) {
        return Optional.ofNullable(jobs.getOrDefault(cluster, Map.of()).get(jobId));
    }

    public SavepointStatus savepoint(String triggerId) {
        return savepoints.getOrDefault(triggerId, SavepointStatus.unknown());
    }
}
