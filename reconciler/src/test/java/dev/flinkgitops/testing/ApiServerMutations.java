package dev.flinkgitops.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in, on fabric8's CRUD test server (which stores objects as written), for what a real API
 * server and a policy engine's mutating webhook do to every write: the server's defaults
 * ({@code revisionHistoryLimit}, {@code progressDeadlineSeconds}, a RollingUpdate {@code strategy},
 * {@code dnsPolicy}, {@code schedulerName}, an empty {@code securityContext}, {@code
 * terminationMessagePath}, {@code imagePullPolicy}, port protocols, a Service's cluster IP, ...),
 * and the policy engine's mutations (an injected sidecar container, an added env var, label and
 * annotation, resource limits on a container that had none). Deterministic: it acts when {@link
 * #sync()} is called (after the code under test wrote), once per written resourceVersion.
 */
public final class ApiServerMutations {

    public static final String SIDECAR = "policy-agent";
    public static final String LABEL = "policy.example.com/checked";
    public static final String ANNOTATION = "policy.example.com/mutated-by";
    public static final String ENV = "POLICY_CLUSTER";

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> mutated = new HashMap<>();

    public ApiServerMutations(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Mutates every object of the namespace written since the last call; returns how many it mutated. */
    public int sync() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).list().getItems());
        objects.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        int count = 0;
        for (HasMetadata object : objects) {
            String key = object.getKind() + "/" + object.getMetadata().getName();
            if (object.getMetadata().getResourceVersion().equals(mutated.get(key))) {
                continue;
            }
            policy(object);
            if (object instanceof Deployment deployment) {
                defaults(deployment);
            } else if (object instanceof Service service) {
                defaults(service);
            }
            mutated.put(key, client.resource(object).update().getMetadata().getResourceVersion());
            count++;
        }
        return count;
    }

    private static void policy(HasMetadata object) {
        mark(object.getMetadata());
    }

    private static void mark(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        meta.setLabels(new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels()));
        meta.setAnnotations(new HashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations()));
        meta.getLabels().put(LABEL, "true");
        meta.getAnnotations().put(ANNOTATION, "policy-engine v1");
    }

    private static void defaults(Deployment deployment) {
        var spec = deployment.getSpec();
        spec.setRevisionHistoryLimit(10);
        spec.setProgressDeadlineSeconds(600);
        if (spec.getStrategy() == null) {
            spec.setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().build());
        }
        mark(spec.getTemplate().getMetadata());
        PodSpec pod = spec.getTemplate().getSpec();
        pod.setRestartPolicy("Always");
        pod.setDnsPolicy("ClusterFirst");
        pod.setSchedulerName("default-scheduler");
        pod.setTerminationGracePeriodSeconds(30L);
        pod.setEnableServiceLinks(true);
        if (pod.getSecurityContext() == null) {
            pod.setSecurityContext(new PodSecurityContext());
        }
        pod.setServiceAccount(pod.getServiceAccountName());
        pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).forEach(v -> v.getConfigMap().setDefaultMode(420));
        for (Container container : pod.getContainers()) {
            defaults(container);
            List<EnvVar> env = new ArrayList<>(container.getEnv());
            env.add(0, new EnvVar(ENV, "eu-west-1", null));
            container.setEnv(env);
            ResourceRequirements resources = container.getResources() == null ? new ResourceRequirements() : container.getResources();
            if (resources.getLimits() == null || resources.getLimits().isEmpty()) {
                resources.setLimits(new HashMap<>(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"))));
            }
            container.setResources(resources);
        }
        if (pod.getContainers().stream().noneMatch(c -> c.getName().equals(SIDECAR))) {
            Container sidecar = new ContainerBuilder().withName(SIDECAR).withImage("policy/agent:1.4")
                    .addNewPort().withContainerPort(15000).endPort().build();
            defaults(sidecar);
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.add(0, sidecar);
            pod.setContainers(containers); // injected first: the daemon's container is matched by name, not place
        }
    }

    private static void defaults(Container container) {
        container.setTerminationMessagePath("/dev/termination-log");
        container.setTerminationMessagePolicy("File");
        if (container.getImagePullPolicy() == null) {
            container.setImagePullPolicy("IfNotPresent");
        }
        container.getPorts().forEach(port -> port.setProtocol("TCP"));
    }

    private static void defaults(Service service) {
        service.getSpec().setClusterIP("10.96.0.17");
        service.getSpec().setClusterIPs(List.of("10.96.0.17"));
        service.getSpec().setSessionAffinity("None");
        service.getSpec().setIpFamilies(List.of("IPv4"));
        service.getSpec().setIpFamilyPolicy("SingleStack");
        service.getSpec().setInternalTrafficPolicy("Cluster");
        for (ServicePort port : service.getSpec().getPorts()) {
            port.setProtocol("TCP");
            if (port.getTargetPort() == null) {
                port.setTargetPort(new IntOrString(port.getPort()));
            }
        }
    }
}
