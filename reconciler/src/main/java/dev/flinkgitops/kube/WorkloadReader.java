package dev.flinkgitops.kube;

import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.port.WorkloadHealth.Problem;
import dev.flinkgitops.redact.Redact;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an app's Deployments' and pods' status into a {@link WorkloadHealth}, the way {@code kubectl
 * describe} would say it: a container waiting to pull its image, crash-looping (with its last
 * termination reason and exit code: {@code OOMKilled}, 137), a pod the scheduler cannot place, or
 * one still pending. Containers are told apart by name, never by position: Flink's is {@code flink-main-container}
 * wherever a webhook put it, and another container's reason (a sidecar that cannot start keeps the pod from
 * being ready too) names it. Reads only; a status field the API server did not fill counts as "not said".
 */
final class WorkloadReader {

    /** Waiting reasons of a container whose image cannot be pulled. */
    static final Set<String> IMAGE_PULL = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");
    private static final int MAX_DETAIL = 300;

    private WorkloadReader() {}

    /** @param objects the app's Deployments (other kinds are skipped) @param pods the app's pods */
    static WorkloadHealth health(List<HasMetadata> objects, List<Pod> pods) {
        int[] jobManager = replicas(objects, KubeLabels.JOBMANAGER);
        int[] taskManager = replicas(objects, KubeLabels.TASKMANAGER);
        Problem problem = Problem.NONE;
        String detail = "";
        int restarts = 0;
        int jobManagerPods = 0;
        for (Pod pod : pods) {
            if (!KubeLabels.JOBMANAGER.equals(label(pod, KubeLabels.COMPONENT))) {
                continue;
            }
            jobManagerPods++;
            restarts += restarts(pod);
            Reason reason = reason(pod);
            if (reason.problem().compareTo(problem) > 0) {
                problem = reason.problem();
                detail = reason.detail();
            }
        }
        return new WorkloadHealth(jobManager[0], jobManager[1], taskManager[0], taskManager[1], problem, bounded(detail),
                restarts, jobManagerPods);
    }

    /** The restart count of the pod's main container (0 when the kubelet has not said). */
    private static int restarts(Pod pod) {
        List<ContainerStatus> containers = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return containers == null ? 0 : containers.stream().filter(c -> FlinkPod.MAIN_CONTAINER.equals(c.getName()))
                .mapToInt(c -> c.getRestartCount() == null ? 0 : Math.max(0, c.getRestartCount())).sum();
    }

    /** Ready and wanted replicas of the app's Deployment with this component label; 0/0 when there is none. */
    private static int[] replicas(List<HasMetadata> objects, String component) {
        for (HasMetadata object : objects) {
            if (object instanceof Deployment deployment && component.equals(label(object, KubeLabels.COMPONENT))) {
                Integer wanted = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
                Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
                return new int[] {ready == null ? 0 : Math.max(0, ready), wanted == null ? 1 : Math.max(0, wanted)};
            }
        }
        return new int[] {0, 0};
    }

    record Reason(Problem problem, String detail) {}

    /** Why one pod is not up; its containers first (they say more), then its scheduling condition. */
    static Reason reason(Pod pod) {
        if (pod.getStatus() == null) {
            return new Reason(Problem.PENDING, "pod " + pod.getMetadata().getName() + " has no status yet");
        }
        Reason worst = new Reason(Problem.NONE, "");
        List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
        for (ContainerStatus container : containers == null ? List.<ContainerStatus>of() : containers) {
            Reason reason = container(container);
            if (reason.problem() != Problem.NONE && !FlinkPod.MAIN_CONTAINER.equals(container.getName())) {
                reason = new Reason(reason.problem(), "container " + container.getName() + ": " + reason.detail());
            }
            if (reason.problem().compareTo(worst.problem()) > 0) {
                worst = reason;
            }
        }
        if (worst.problem() != Problem.NONE) {
            return worst;
        }
        for (PodCondition condition : conditions(pod)) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                return new Reason(Problem.UNSCHEDULABLE, text(condition.getReason(), "Unschedulable")
                        + message(condition.getMessage()));
            }
        }
        return "Pending".equals(pod.getStatus().getPhase())
                ? new Reason(Problem.PENDING, "pod " + pod.getMetadata().getName() + " is Pending") : worst;
    }

    private static Reason container(ContainerStatus container) {
        ContainerState state = container.getState();
        ContainerState last = container.getLastState();
        String lastTermination = last == null || last.getTerminated() == null ? ""
                : "; last terminated: " + text(last.getTerminated().getReason(), "unknown reason")
                        + " (exit code " + last.getTerminated().getExitCode() + ")";
        boolean oom = last != null && last.getTerminated() != null && "OOMKilled".equals(last.getTerminated().getReason())
                || state != null && state.getTerminated() != null && "OOMKilled".equals(state.getTerminated().getReason());
        String restarts = container.getRestartCount() == null || container.getRestartCount() == 0 ? ""
                : ", " + container.getRestartCount() + " restarts";
        if (state != null && state.getWaiting() != null) {
            String waiting = text(state.getWaiting().getReason(), "Waiting");
            String detail = waiting + message(state.getWaiting().getMessage()) + lastTermination + restarts;
            if (IMAGE_PULL.contains(waiting)) {
                return new Reason(Problem.IMAGE_PULL, detail);
            }
            if ("CrashLoopBackOff".equals(waiting)) {
                return new Reason(oom ? Problem.OOM_KILLED : Problem.CRASH_LOOP, detail);
            }
            return new Reason(Problem.PENDING, detail);
        }
        if (oom) {
            return new Reason(Problem.OOM_KILLED, "OOMKilled" + lastTermination + restarts);
        }
        return new Reason(Problem.NONE, "");
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }

    private static String message(String message) {
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }

    private static String text(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Kubelet messages can carry an image reference with credentials in it: redacted, and kept short. */
    private static String bounded(String detail) {
        String redacted = Redact.text(detail);
        return redacted.length() <= MAX_DETAIL ? redacted : redacted.substring(0, MAX_DETAIL) + "...";
    }

    private static String label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
