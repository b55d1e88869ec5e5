package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.JobSpec;
import dev.flinkgitops.config.NetworkPeers;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.KubeRendering;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.SortedMap;

/**
 * Renders a FlinkDeployment as the objects of a standalone Flink cluster on Kubernetes, in
 * apply order: with Kubernetes HA, the ServiceAccount, Role and RoleBinding its pods need ({@link HaRbac}); the ConfigMap with the Flink configuration, the REST Service, the JobManager
 * Deployment (running the job in application mode), the TaskManager Deployment and, with
 * {@code spec.ingress}, an Ingress to the web UI ({@link IngressRender}), and last the app's
 * NetworkPolicy ({@link NetworkPolicyRender}). Pure: the
 * same request gives equal objects, which serialise to equal bytes.
 *
 * <p>As a {@link KubeRendering} it gives the planner the identities and content hashes of those
 * objects; {@link KubernetesTarget} renders the same request again when it applies.
 */
public final class Renderer implements KubeRendering {

    private final NetworkPeers peers;

    /** With the NetworkPolicy peers of deploy/ ({@link NetworkPeers#DEFAULTS}). */
    public Renderer() {
        this(NetworkPeers.DEFAULTS);
    }

    /** @param peers who besides the app's own pods may reach them (the daemon's own settings) */
    public Renderer(NetworkPeers peers) {
        this.peers = java.util.Objects.requireNonNull(peers, "peers");
    }

    @Override
    public List<KubeObject> objects(RenderRequest request) {
        return ObjectValues.rendered(render(request, peers), KubeLabels::contentHash);
    }

    /** With the NetworkPolicy peers of deploy/ ({@link NetworkPeers#DEFAULTS}). */
    public static List<HasMetadata> render(RenderRequest request) {
        return render(request, NetworkPeers.DEFAULTS);
    }

    public static List<HasMetadata> render(RenderRequest request, NetworkPeers peers) {
        AppSpec spec = request.spec();
        SortedMap<String, String> configuration = FlinkConfigFile.effective(request);
        FlinkPorts ports = FlinkPorts.of(configuration);
        ConfigMap configMap = configMap(spec, configuration);
        String configHash = configMap.getMetadata().getAnnotations().get(KubeLabels.CONTENT_HASH);
        List<HasMetadata> objects = new java.util.ArrayList<>(HaRbac.objects(spec, configuration));
        objects.addAll(List.of(configMap, service(spec, ports),
                jobManager(request, configuration, ports, configHash),
                taskManager(spec, configuration, ports, configHash)));
        IngressRender.of(spec, ports.rest()).ifPresent(objects::add);
        objects.add(NetworkPolicyRender.of(spec, ports.rest(), peers));
        return List.copyOf(objects);
    }

    private static ConfigMap configMap(AppSpec spec, SortedMap<String, String> configuration) {
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(KubeLabels.configMapName(spec.id())).withNamespace(spec.id().namespace())
                .endMetadata()
                .withData(FlinkConfigFile.data(spec, configuration))
                .build();
        KubeLabels.stamp(configMap, spec.id(), KubeLabels.CONFIG, spec.hash());
        return configMap;
    }

    private static Service service(AppSpec spec, FlinkPorts ports) {
        Service service = new ServiceBuilder()
                .withNewMetadata().withName(KubeLabels.restServiceName(spec.id())).withNamespace(spec.id().namespace())
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(KubeLabels.selector(spec.id(), KubeLabels.JOBMANAGER))
                .withPorts(servicePort("rest", ports.rest()), servicePort("rpc", ports.jobManagerRpc()),
                        servicePort("blob", ports.blob()))
                .endSpec()
                .build();
        KubeLabels.stamp(service, spec.id(), KubeLabels.REST, spec.hash());
        return service;
    }

    private static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port)).build();
    }

    private static Deployment jobManager(RenderRequest request, SortedMap<String, String> configuration, FlinkPorts ports,
            String configHash) {
        AppSpec spec = request.spec();
        PodTemplateSpec pod = FlinkPod.render(spec, KubeLabels.JOBMANAGER, "jobManager", JobManagerArgs.of(request),
                List.of(FlinkPod.port("rest", ports.rest()), FlinkPod.port("rpc", ports.jobManagerRpc()),
                        FlinkPod.port("blob", ports.blob())),
                configHash, PodHardening.base(ports.rest(), ports.jobManagerRpc()));
        StoragePlugins.enable(pod, spec, configuration);
        runAs(pod, spec, configuration);
        int replicas = replicas(spec.resource().path("spec").path("jobManager"), 1);
        return deployment(spec.id(), KubeLabels.jobManagerName(spec.id()), KubeLabels.JOBMANAGER, replicas, pod, spec.hash());
    }

    private static Deployment taskManager(AppSpec spec, SortedMap<String, String> configuration, FlinkPorts ports,
            String configHash) {
        PodTemplateSpec pod = FlinkPod.render(spec, KubeLabels.TASKMANAGER, "taskManager", List.of("taskmanager"),
                List.of(FlinkPod.port("rpc", ports.taskManagerRpc())), configHash,
                PodHardening.base(null, ports.taskManagerRpc()));
        StoragePlugins.enable(pod, spec, configuration);
        runAs(pod, spec, configuration);
        int replicas = replicas(spec.resource().path("spec").path("taskManager"),
                spec.hasJob() ? taskManagersFor(spec.job(), configuration) : 1);
        return deployment(spec.id(), KubeLabels.taskManagerName(spec.id()), KubeLabels.TASKMANAGER, replicas, pod, spec.hash());
    }

    /** The pods run as the spec's serviceAccount, else as the HA account rendered for them ({@link HaRbac}). */
    private static void runAs(PodTemplateSpec pod, AppSpec spec, SortedMap<String, String> configuration) {
        String account = HaRbac.serviceAccountName(spec, configuration);
        if (account != null) {
            pod.getSpec().setServiceAccountName(account);
        }
    }

    /** Enough TaskManagers for the job's parallelism: ceil(parallelism / slots per TaskManager). */
    static int taskManagersFor(JobSpec job, SortedMap<String, String> configuration) {
        int parallelism = job.parallelism() != null ? job.parallelism()
                : positive(configuration.get("parallelism.default"));
        int slots = positive(configuration.get(FlinkConfigFile.TASK_SLOTS));
        return (parallelism + slots - 1) / slots;
    }

    private static int positive(String value) {
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** {@code replicas} of the role's settings when set, else the fallback. */
    private static int replicas(JsonNode settings, int fallback) {
        return settings.path("replicas").isIntegralNumber() ? settings.get("replicas").intValue() : fallback;
    }

    /**
     * A Deployment that replaces its pods all at once ({@code Recreate}): two JobManagers of one
     * job must never run side by side, and TaskManagers of two configurations should not mix.
     */
    private static Deployment deployment(AppId app, String name, String component, int replicas,
            PodTemplateSpec pod, String specHash) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(app.namespace()).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(KubeLabels.selector(app, component)).endSelector()
                .withNewStrategy().withType("Recreate").endStrategy()
                .withTemplate(pod)
                .endSpec()
                .build();
        KubeLabels.stamp(deployment, app, component, specHash);
        return deployment;
    }
}
