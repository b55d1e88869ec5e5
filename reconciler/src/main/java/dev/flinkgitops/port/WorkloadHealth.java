package dev.flinkgitops.port;

import java.util.Objects;

/**
 * How an app's Flink cluster is doing on Kubernetes, read from its Deployments' and pods' status
 * (no content, no Kubernetes model): the ready replicas of each, and why the JobManager is not up.
 *
 * @param jobManagerReady ready replicas of the JobManager Deployment
 * @param jobManagerWanted replicas the JobManager Deployment asks for
 * @param taskManagerReady ready replicas of the TaskManager Deployment
 * @param taskManagerWanted replicas the TaskManager Deployment asks for
 * @param problem why the JobManager is not up ({@link Problem#NONE} when it is, or when nothing says why)
 * @param detail what the kubelet or the scheduler said (the container's waiting message, its last
 *     termination reason and exit code, the scheduling condition's message), or empty
 * @param jobManagerRestarts how often the JobManager's main container restarted in its current pods (the
 *     kubelet's restart count; a new pod starts at 0): without HA each restart rewound the job to the
 *     path it was started from
 * @param jobManagerPods the app's JobManager pods that exist, terminating ones included (a suspend's or an
 *     outside delete's pods go on running for their grace period after their Deployment is gone)
 */
public record WorkloadHealth(int jobManagerReady, int jobManagerWanted, int taskManagerReady, int taskManagerWanted,
        Problem problem, String detail, int jobManagerRestarts, int jobManagerPods) {

    /** Health without a count of pods (none seen). */
    public WorkloadHealth(int jobManagerReady, int jobManagerWanted, int taskManagerReady, int taskManagerWanted,
            Problem problem, String detail, int jobManagerRestarts) {
        this(jobManagerReady, jobManagerWanted, taskManagerReady, taskManagerWanted, problem, detail, jobManagerRestarts, 0);
    }

    /** Health without a restart count (none seen). */
    public WorkloadHealth(int jobManagerReady, int jobManagerWanted, int taskManagerReady, int taskManagerWanted,
            Problem problem, String detail) {
        this(jobManagerReady, jobManagerWanted, taskManagerReady, taskManagerWanted, problem, detail, 0, 0);
    }

    /** Why a pod is not up; ordered from the least to the most telling (the most telling of the pods wins). */
    public enum Problem {
        NONE("none"),
        PENDING("pending"),
        UNSCHEDULABLE("unschedulable"),
        CRASH_LOOP("crash_loop"),
        OOM_KILLED("oom_killed"),
        IMAGE_PULL("image_pull");

        private final String label;

        Problem(String label) {
            this.label = label;
        }

        /** The metric label value (a closed set). */
        public String label() {
            return label;
        }
    }

    public WorkloadHealth {
        Objects.requireNonNull(problem, "problem");
        detail = detail == null ? "" : detail;
    }

    /** True when the JobManager Deployment has all the ready replicas it asks for. */
    public boolean jobManagerUp() {
        return jobManagerWanted > 0 && jobManagerReady >= jobManagerWanted;
    }

    /** Why the JobManager is not up, for a status message: {@code ImagePullBackOff (...)}; empty when it is up. */
    public String whyNotUp() {
        if (jobManagerUp()) {
            return "";
        }
        String ready = jobManagerReady + "/" + jobManagerWanted + " ready";
        return problem == Problem.NONE ? ready : detail.isEmpty() ? problem.label() + ", " + ready : detail + ", " + ready;
    }
}
