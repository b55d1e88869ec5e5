package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    @Test
    void stableAcrossRenders() {
        List<HasMetadata> first = render("apps/analytics/session-cluster.yaml");
        List<HasMetadata> second = render("apps/analytics/session-cluster.yaml");
        for (int i = 0; i < first.size(); i++) {
            assertEquals(KubeLabels.contentHash(first.get(i)), KubeLabels.contentHash(second.get(i)));
        }
    }

    @Test
    void anImageChangeChangesTheDeploymentsOnly() {
        String spec = """
                  image: flink:%s
                  job: {jarURI: "local:///opt/flink/usrlib/job.jar", upgradeMode: stateless}
                """;
        List<HasMetadata> before = Renderer.render(request(KubeFixtures.deployment(spec.formatted("2.1-java17"))));
        List<HasMetadata> after = Renderer.render(request(KubeFixtures.deployment(spec.formatted("2.2-java17"))));

        assertEquals(hash(before.get(0)), hash(after.get(0)), "ConfigMap");
        assertEquals(hash(before.get(1)), hash(after.get(1)), "Service");
        assertNotEquals(hash(before.get(2)), hash(after.get(2)), "JobManager");
        assertNotEquals(hash(before.get(3)), hash(after.get(3)), "TaskManager");
    }

    @Test
    void aConfigurationChangeRollsThePods() {
        String spec = """
                  image: flink:2.2-java17
                  flinkConfiguration: {execution.checkpointing.interval: %s}
                  job: {jarURI: "local:///opt/flink/usrlib/job.jar", upgradeMode: stateless}
                """;
        List<HasMetadata> before = Renderer.render(request(KubeFixtures.deployment(spec.formatted("5s"))));
        List<HasMetadata> after = Renderer.render(request(KubeFixtures.deployment(spec.formatted("10s"))));

        assertNotEquals(hash(before.get(0)), hash(after.get(0)));
        assertNotEquals(hash(before.get(3)), hash(after.get(3)), "config-hash annotation on the pod template");
    }

    @Test
    void equalForTheObjectAsTheApiServerReturnsIt() {
        for (HasMetadata rendered : render("apps/analytics/session-cluster.yaml")) {
            HasMetadata live = asServerReturns(rendered);
            assertEquals(hash(rendered), KubeLabels.contentHash(live), rendered.getMetadata().getName());
        }
        for (HasMetadata rendered : render("apps/payments/orders-counter.yaml")) {
            assertEquals(hash(rendered), KubeLabels.contentHash(asServerReturns(rendered)), rendered.getMetadata().getName());
        }
    }

    @Test
    void liveDriftChangesTheHash() {
        Deployment live = (Deployment) asServerReturns(render("apps/payments/orders-counter.yaml").get(3));
        live.getSpec().setReplicas(5);
        assertNotEquals(hash(render("apps/payments/orders-counter.yaml").get(3)), KubeLabels.contentHash(live));

        Deployment edited = (Deployment) asServerReturns(render("apps/payments/orders-counter.yaml").get(2));
        edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("flink:2.1-java17");
        assertNotEquals(hash(render("apps/payments/orders-counter.yaml").get(2)), KubeLabels.contentHash(edited));

        ConfigMap configMap = (ConfigMap) asServerReturns(render("apps/payments/orders-counter.yaml").get(0));
        configMap.getData().put("config.yaml", "rest.port: 1\n");
        assertNotEquals(hash(render("apps/payments/orders-counter.yaml").get(0)), KubeLabels.contentHash(configMap));
    }

    /** No list of kinds or fields: whatever the renderer adds (a NetworkPolicy, new pod fields) is recorded and hashed. */
    @Test
    void anyKindIsHashedOverTheFieldsItWasStampedWith() {
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy =
                new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                        .withNewMetadata().withName("orders").withNamespace("payments").endMetadata()
                        .withNewSpec().addToPolicyTypes("Ingress").endSpec().build();
        ContentHash.stamp(policy);
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy live =
                Serialization.unmarshal(Serialization.asYaml(policy), policy.getClass());
        live.getSpec().setPodSelector(new io.fabric8.kubernetes.api.model.LabelSelector());
        assertEquals(hash(policy), KubeLabels.contentHash(live), "a field the daemon did not set is not content");
        live.getSpec().setPolicyTypes(List.of("Ingress", "Egress"));
        assertNotEquals(hash(policy), KubeLabels.contentHash(live), "a field it set is");
    }

    /**
     * A YAML round trip plus what the API server adds: server metadata, other tools' labels,
     * status, defaulted fields, and quantities in canonical form.
     */
    private static HasMetadata asServerReturns(HasMetadata rendered) {
        HasMetadata live = Serialization.unmarshal(Serialization.asYaml(rendered), rendered.getClass());
        live.getMetadata().setResourceVersion("12345");
        live.getMetadata().setUid("6f1c2a9e-0000-4000-8000-000000000001");
        live.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        live.getMetadata().setGeneration(3L);
        live.getMetadata().setManagedFields(List.of(new ManagedFieldsEntry()));
        live.getMetadata().getLabels().put("other-tool/owner", "someone");
        live.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "2");
        if (live instanceof Deployment deployment) {
            deployment.setStatus(new DeploymentStatus());
            deployment.getStatus().setReplicas(1);
            deployment.getSpec().setRevisionHistoryLimit(10);
            deployment.getSpec().setProgressDeadlineSeconds(600);
            deployment.getSpec().getTemplate().getMetadata().setCreationTimestamp(null);
            addPodDefaults(deployment.getSpec().getTemplate().getSpec());
        } else if (live instanceof Service service) {
            addServiceDefaults(service.getSpec());
        }
        return live;
    }

    private static void addPodDefaults(PodSpec pod) {
        pod.setRestartPolicy("Always");
        pod.setDnsPolicy("ClusterFirst");
        pod.setSchedulerName("default-scheduler");
        pod.setTerminationGracePeriodSeconds(30L);
        if (pod.getSecurityContext() == null) {
            pod.setSecurityContext(new PodSecurityContext());
        }
        pod.setServiceAccount(pod.getServiceAccountName());
        pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).forEach(v -> v.getConfigMap().setDefaultMode(420));
        for (Container container : pod.getContainers()) {
            container.setTerminationMessagePath("/dev/termination-log");
            container.setTerminationMessagePolicy("File");
            container.setImagePullPolicy("IfNotPresent");
            container.getPorts().forEach(port -> port.setProtocol("TCP"));
            if (container.getResources() != null && container.getResources().getLimits() != null) {
                canonical(container.getResources().getLimits());
                canonical(container.getResources().getRequests());
            }
        }
    }

    /** The API server writes quantities in canonical form: 2048Mi as 2Gi, 0.5 as 500m. */
    private static void canonical(Map<String, Quantity> amounts) {
        amounts.replaceAll((name, amount) -> switch (amount.toString()) {
            case "2048Mi" -> new Quantity("2Gi");
            case "0.5" -> new Quantity("500m");
            default -> amount;
        });
    }

    private static void addServiceDefaults(ServiceSpec spec) {
        spec.setClusterIP("10.96.0.17");
        spec.setClusterIPs(List.of("10.96.0.17"));
        spec.setIpFamilies(List.of("IPv4"));
        spec.setIpFamilyPolicy("SingleStack");
        spec.setSessionAffinity("None");
        spec.setInternalTrafficPolicy("Cluster");
        for (ServicePort port : spec.getPorts()) {
            port.setProtocol("TCP");
            port.setTargetPort(new IntOrString(port.getPort()));
        }
    }

    private static String hash(HasMetadata object) {
        return object.getMetadata().getAnnotations().get(KubeLabels.CONTENT_HASH);
    }

    private static List<HasMetadata> render(String exampleFile) {
        return KubeFixtures.withoutHaAccess(Renderer.render(request(KubeFixtures.exampleSpec(exampleFile))));
    }

    private static RenderRequest request(AppSpec spec) {
        return new RenderRequest(spec, spec.hasJob() ? KubeFixtures.JOB_ID : null, "s3://b/sp-1", "s3://b/savepoints");
    }
}
