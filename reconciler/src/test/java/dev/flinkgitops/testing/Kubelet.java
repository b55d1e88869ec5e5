package dev.flinkgitops.testing;

import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.jars.JarUploads;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for the kubelet and the Flink image in tests with the Kubernetes test server (which
 * runs no pods): each JobManager Deployment in {@code standalone-job} mode is "started" by running
 * its job, with the job id, restore path and arguments from the Deployment, on a real Flink cluster;
 * a changed or deleted Deployment "ends its pod" by cancelling the job it started (if still running).
 * Deterministic: it acts only when {@link #sync()} is called.
 */
public final class Kubelet {

    private final KubernetesClient client;
    private final FlinkRestClient flink;
    private final JarUploads uploads = new JarUploads();
    private final Map<String, String> started = new HashMap<>();

    public Kubelet(KubernetesClient client, FlinkRestClient flink) {
        this.client = client;
        this.flink = flink;
    }

    /** Starts what new or changed JobManager Deployments ask for; ends what deleted ones ran. */
    public void sync() {
        Map<String, String> seen = new HashMap<>();
        for (Deployment deployment : client.apps().deployments().inAnyNamespace()
                .withLabel("app.kubernetes.io/component", "jobmanager").list().getItems()) {
            String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
            List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
            if (args.isEmpty() || !args.get(0).equals("standalone-job")) {
                continue;
            }
            String jobId = value(args, "--job-id");
            seen.put(key, jobId);
            if (!jobId.equals(started.get(key))) {
                end(started.get(key));
                start(deployment, args, jobId);
                started.put(key, jobId);
            }
        }
        for (String key : new ArrayList<>(started.keySet())) {
            if (!seen.containsKey(key)) {
                end(started.remove(key));
            }
        }
    }

    /** How a pod fails to start, as a real kubelet or scheduler reports it in the pod's status. */
    public enum Refusal { IMAGE_PULL, CRASH_LOOP_OOM_KILLED, UNSCHEDULABLE }

    /**
     * Makes the pod of a Deployment fail to start: creates the pod (labels from the Deployment's pod
     * template) with the status a kubelet would give it, and leaves the Deployment with no ready replica.
     */
    public void refuse(String namespace, String deployment, Refusal refusal) {
        Deployment owner = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        Map<String, String> labels = owner.getSpec().getTemplate().getMetadata().getLabels();
        String image = owner.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        io.fabric8.kubernetes.api.model.PodStatusBuilder status = new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(refusal == Refusal.CRASH_LOOP_OOM_KILLED ? "Running" : "Pending");
        switch (refusal) {
            case IMAGE_PULL -> status.addNewContainerStatus().withName("flink-main-container").withImage(image).withReady(false)
                    .withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().endContainerStatus();
            case CRASH_LOOP_OOM_KILLED -> status.addNewContainerStatus().withName("flink-main-container").withImage(image)
                    .withReady(false).withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 1m20s restarting failed container").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated()
                    .endLastState().endContainerStatus();
            case UNSCHEDULABLE -> status.addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition();
        }
        client.pods().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName(deployment + "-5d8f7c-x2x9q").withNamespace(namespace).withLabels(labels).endMetadata()
                .withStatus(status.build()).build()).create();
        owner.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(0)
                .withUnavailableReplicas(1).build());
        client.apps().deployments().inNamespace(namespace).resource(owner).updateStatus();
    }

    /**
     * Restarts the JobManager's main container in place, as a kubelet does after an OOM kill: its pod (created
     * from the Deployment's template when there is none) reports one more restart, the last one {@code OOMKilled}.
     * The container restarts with the same arguments, so without HA the job would start again from the same
     * {@code --fromSavepoint}.
     */
    public void restartJobManager(String namespace, String deployment) {
        Deployment owner = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        String name = deployment + "-7c9d5b-j4k2m";
        io.fabric8.kubernetes.api.model.Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        int restarts = pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty() ? 0
                : pod.getStatus().getContainerStatuses().get(0).getRestartCount();
        io.fabric8.kubernetes.api.model.PodStatus status = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewContainerStatus().withName("flink-main-container")
                .withImage(owner.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).withReady(true)
                .withRestartCount(restarts + 1).withNewState().withNewRunning().endRunning().endState()
                .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endLastState()
                .endContainerStatus().build();
        if (pod == null) {
            client.pods().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                    .withName(name).withNamespace(namespace).withLabels(owner.getSpec().getTemplate().getMetadata().getLabels())
                    .endMetadata().withStatus(status).build()).create();
        } else {
            pod.setStatus(status);
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
        }
    }

    private void start(Deployment deployment, List<String> args, String jobId) {
        if (flink.listJobs().stream().anyMatch(job -> job.id().equals(jobId))) {
            return;
        }
        Map<String, String> configuration = configuration(deployment);
        RunRequest request = new RunRequest(value(args, "--job-classname"),
                Integer.valueOf(configuration.getOrDefault("parallelism.default", "1")), programArgs(args),
                value(args, "--fromSavepoint"), args.contains("--allowNonRestoredState"), jobId, jobConfiguration(configuration));
        flink.runJar(uploads.ensureUploaded(flink, ExampleJob.jar()), request);
    }

    private void end(String jobId) {
        if (jobId == null) {
            return;
        }
        for (JobSummary job : flink.listJobs()) {
            if (job.id().equals(jobId) && !job.state().terminal() && job.state() != JobState.CANCELLING) {
                flink.cancel(jobId);
            }
        }
    }

    private Map<String, String> configuration(Deployment deployment) {
        String name = deployment.getMetadata().getName().replaceFirst("-jobmanager$", "-flink-config");
        ConfigMap config = client.configMaps().inNamespace(deployment.getMetadata().getNamespace()).withName(name).get();
        Map<String, String> values = new TreeMap<>();
        for (String line : config.getData().get("flink-conf.yaml").split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                values.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim().replaceAll("^'|'$", ""));
            }
        }
        return values;
    }

    /** The job-level keys a JobManager would apply to its job. */
    private static Map<String, String> jobConfiguration(Map<String, String> configuration) {
        Map<String, String> job = new TreeMap<>();
        configuration.forEach((key, value) -> {
            if (key.startsWith("execution.") || key.startsWith("state.") || key.startsWith("pipeline.")) {
                job.put(key, value);
            }
        });
        return job;
    }

    private static String value(List<String> args, String flag) {
        int index = args.indexOf(flag);
        return index < 0 || index + 1 >= args.size() ? null : args.get(index + 1);
    }

    /** The job's own arguments: everything after the standalone-job options. */
    private static List<String> programArgs(List<String> args) {
        List<String> program = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--job-classname", "--job-id", "--fromSavepoint", "--jars" -> i++;
                case "--allowNonRestoredState" -> { }
                default -> program.add(arg);
            }
        }
        return program;
    }
}
