package dev.flinkgitops.testing;

import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.jars.JarUploads;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stands in for the kubelet and the Flink image in tests with the Kubernetes test server (which
 * runs no pods): each JobManager Deployment in {@code standalone-job} mode is "started" by running
 * its job, with the job id, restore path and arguments from the Deployment, on a real Flink cluster;
 * a changed or deleted Deployment "ends its pod" by cancelling the job it started (if still running).
 * Deterministic: it acts only when {@link #sync()} is called. Like a real kubelet it runs the container
 * named {@value #MAIN_CONTAINER} (the one the renderer writes), wherever in the list a webhook put it;
 * an image marked with {@link #refuseImage} is never started: its pod reports why, and its REST Service
 * does not answer ({@link #answers}).
 */
public final class Kubelet {

    /** The name the renderer gives Flink's container, as the Flink operator does. */
    public static final String MAIN_CONTAINER = "flink-main-container";

    private final KubernetesClient client;
    private final FlinkRestClient flink;
    private final JarUploads uploads = new JarUploads();
    private final Map<String, String> started = new HashMap<>();
    private final Map<String, Refusal> refusedImages = new HashMap<>();
    /** JobManager Deployments (namespace/name) whose pod is refused right now. */
    private final Set<String> refusing = new HashSet<>();

    public Kubelet(KubernetesClient client, FlinkRestClient flink) {
        this.client = client;
        this.flink = flink;
    }

    /**
     * Starts what new or changed JobManager Deployments ask for; ends what deleted ones ran. A Deployment whose
     * image is refused ends what its previous pod ran and gets a pod that reports the refusal; once its image is
     * one that starts, that pod goes and the job starts.
     */
    public void sync() {
        Map<String, String> seen = new HashMap<>();
        for (Deployment deployment : client.apps().deployments().inAnyNamespace()
                .withLabel("app.kubernetes.io/component", "jobmanager").list().getItems()) {
            String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
            Container main = mainContainer(deployment.getSpec().getTemplate().getSpec());
            List<String> args = main.getArgs();
            if (args.isEmpty() || !args.get(0).equals("standalone-job")) {
                continue;
            }
            if (refused(deployment, key, main.getImage())) {
                seen.put(key, null);
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
        for (String key : new ArrayList<>(refusing)) {
            if (!seen.containsKey(key)) { // its Deployment is gone: so is its pod
                refusing.remove(key);
                String[] namespaceAndName = key.split("/", 2);
                client.pods().inNamespace(namespaceAndName[0]).withName(refusedPod(namespaceAndName[1])).delete();
            }
        }
    }

    /** True (and the refused pod in place) while the Deployment's image is refused; its previous job ended. */
    private boolean refused(Deployment deployment, String key, String image) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        Refusal refusal = refusedImages.get(image);
        if (refusal != null) {
            end(started.remove(key));
            if (refusing.add(key)) {
                refuse(namespace, name, refusal);
            }
            return true;
        }
        if (refusing.remove(key)) {
            client.pods().inNamespace(namespace).withName(refusedPod(name)).delete();
            Deployment live = client.apps().deployments().inNamespace(namespace).withName(name).get();
            live.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1)
                    .withReadyReplicas(1).withAvailableReplicas(1).build());
            client.apps().deployments().inNamespace(namespace).resource(live).updateStatus();
        }
        return false;
    }

    /** Every JobManager with this image fails to start, as {@code refusal} says, from the next {@link #sync()} on. */
    public void refuseImage(String image, Refusal refusal) {
        refusedImages.put(image, refusal);
    }

    /**
     * Whether the REST Service {@code <name>-rest} has a JobManager behind it: not while its pod is refused (for a
     * test's {@code ServiceUrls}: a Service without a ready pod refuses connections).
     */
    public boolean answers(String namespace, String service) {
        return !refusing.contains(namespace + "/" + service.replaceFirst("-rest$", "-jobmanager"));
    }

    /** Flink's container in a pod: the one named {@value #MAIN_CONTAINER}, not whichever comes first. */
    public static Container mainContainer(PodSpec pod) {
        return pod.getContainers().stream().filter(c -> MAIN_CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no container " + MAIN_CONTAINER + " in the pod template: "
                        + pod.getContainers().stream().map(Container::getName).toList()));
    }

    private static String refusedPod(String deployment) {
        return deployment + "-5d8f7c-x2x9q";
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
        String image = mainContainer(owner.getSpec().getTemplate().getSpec()).getImage();
        io.fabric8.kubernetes.api.model.PodStatusBuilder status = new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(refusal == Refusal.CRASH_LOOP_OOM_KILLED ? "Running" : "Pending");
        switch (refusal) {
            case IMAGE_PULL -> status.addNewContainerStatus().withName(MAIN_CONTAINER).withImage(image).withReady(false)
                    .withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().endContainerStatus();
            case CRASH_LOOP_OOM_KILLED -> status.addNewContainerStatus().withName(MAIN_CONTAINER).withImage(image)
                    .withReady(false).withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 1m20s restarting failed container").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated()
                    .endLastState().endContainerStatus();
            case UNSCHEDULABLE -> status.addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition();
        }
        client.pods().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName(refusedPod(deployment)).withNamespace(namespace).withLabels(labels).endMetadata()
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
        int restarts = pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().filter(c -> MAIN_CONTAINER.equals(c.getName()))
                        .mapToInt(ContainerStatus::getRestartCount).findFirst().orElse(0);
        io.fabric8.kubernetes.api.model.PodStatus status = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewContainerStatus().withName(MAIN_CONTAINER)
                .withImage(mainContainer(owner.getSpec().getTemplate().getSpec()).getImage()).withReady(true)
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
