package dev.flinkgitops.deploy;

import dev.flinkgitops.config.NetworkPeers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under {@code deploy/} (and the Dockerfile they run): every object parses
 * with fabric8, the Deployment is hardened and probed, and the RBAC rules are exactly what the
 * daemon's code calls, no more and no less.
 */
class ManifestsTest {

    /**
     * Every (API group, resource, verb) the daemon calls in a MANAGED namespace, and the code that
     * calls it. Bound there through the ClusterRole flink-gitops-apps.
     */
    private static final Set<String> APPS_RULES = Set.of(
            // kube/KubeObjects.apply: client.resource(o).get(), then .create() or .update() (PUT)
            "/configmaps/get", "/configmaps/create", "/configmaps/update",
            "/services/get", "/services/create", "/services/update",
            "apps/deployments/get", "apps/deployments/create", "apps/deployments/update",
            // kube/ManagedObjects.list: configMaps()/services()/apps().deployments() .withLabel(..).list()
            "/configmaps/list", "/services/list", "apps/deployments/list",
            // kube/KubeObjects.delete + deleteDeployments: .withLabels(..).delete() is a DELETE on the
            // collection (deletecollection); fabric8's BaseOperation.deleteAll falls back to list +
            // delete of each item when the server answers 405
            "/configmaps/deletecollection", "/services/deletecollection", "apps/deployments/deletecollection",
            "/configmaps/delete", "/services/delete", "apps/deployments/delete",
            // the same calls for the Ingress (spec.ingress) and the NetworkPolicy of every app
            // (KubernetesTarget.apply deletes an Ingress the spec no longer has)
            "networking.k8s.io/ingresses/get", "networking.k8s.io/ingresses/create", "networking.k8s.io/ingresses/update",
            "networking.k8s.io/ingresses/list", "networking.k8s.io/ingresses/deletecollection",
            "networking.k8s.io/ingresses/delete",
            "networking.k8s.io/networkpolicies/get", "networking.k8s.io/networkpolicies/create",
            "networking.k8s.io/networkpolicies/update", "networking.k8s.io/networkpolicies/list",
            "networking.k8s.io/networkpolicies/deletecollection", "networking.k8s.io/networkpolicies/delete",
            // kube/ManagedObjects.listWithPods: the pods' status, one list per namespace and tick
            "/pods/list",
            // kube/HaRbac objects (ServiceAccount, Role, RoleBinding of an app with Kubernetes HA): applied,
            // listed and deleted as above (KubeObjects.apply, ManagedObjects.list, KubeObjects.deleteHaAccess)
            "/serviceaccounts/get", "/serviceaccounts/create", "/serviceaccounts/update", "/serviceaccounts/list",
            "/serviceaccounts/deletecollection", "/serviceaccounts/delete",
            "rbac.authorization.k8s.io/roles/get", "rbac.authorization.k8s.io/roles/create",
            "rbac.authorization.k8s.io/roles/update", "rbac.authorization.k8s.io/roles/list",
            "rbac.authorization.k8s.io/roles/deletecollection", "rbac.authorization.k8s.io/roles/delete",
            "rbac.authorization.k8s.io/rolebindings/get", "rbac.authorization.k8s.io/rolebindings/create",
            "rbac.authorization.k8s.io/rolebindings/update", "rbac.authorization.k8s.io/rolebindings/list",
            "rbac.authorization.k8s.io/rolebindings/deletecollection", "rbac.authorization.k8s.io/rolebindings/delete",
            // Held, not called: what the HA Role grants (kube/HaRbac.VERBS on configmaps and leases). Kubernetes
            // refuses a Role or RoleBinding that grants more than its creator holds (escalation prevention); holding
            // exactly these is narrower than the escalate and bind verbs, which would let the daemon grant anything.
            "/configmaps/watch", "/configmaps/patch",
            "coordination.k8s.io/leases/get", "coordination.k8s.io/leases/list", "coordination.k8s.io/leases/watch",
            "coordination.k8s.io/leases/create", "coordination.k8s.io/leases/update", "coordination.k8s.io/leases/patch",
            "coordination.k8s.io/leases/delete", "coordination.k8s.io/leases/deletecollection");

    /**
     * Every (API group, resource, verb) the daemon calls in its own namespace (--lease-namespace):
     * kube/LeaseLeadership runs fabric8's LeaderElector with a LeaseLock; ResourceLock.get is a GET,
     * ResourceLock.create a create, ResourceLock.update (renew, release on cancel) a JSON merge patch.
     */
    private static final Set<String> LEASE_RULES = Set.of(
            "coordination.k8s.io/leases/get", "coordination.k8s.io/leases/create",
            "coordination.k8s.io/leases/patch");

    // Deliberately absent: "/pods/portforward/get|create" (ServiceUrls.portForward,
    // --rest-access port-forward) are only for a daemon outside the cluster; the Deployment uses dns.

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static List<HasMetadata> objects;

    @BeforeAll
    static void load() throws IOException {
        objects = new ArrayList<>();
        for (String file : kustomizationResources()) {
            String text = Files.readString(DEPLOY.resolve(file));
            for (String document : text.split("(?m)^---\\s*$")) {
                if (document.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
                    HasMetadata object = SERIALIZATION.unmarshal(document, HasMetadata.class);
                    assertNotNull(object, file);
                    objects.add(object);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> kustomizationResources() throws IOException {
        Map<String, Object> kustomization =
                SERIALIZATION.unmarshal(Files.readString(DEPLOY.resolve("kustomization.yaml")), Map.class);
        return (List<String>) kustomization.get("resources");
    }

    @Test
    void kustomizationListsEveryManifestAndEveryObjectParses() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(DEPLOY)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(kustomizationResources()));
        Set<String> kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("ClusterRole", "ConfigMap", "Deployment", "Namespace", "Role",
                "RoleBinding", "Service", "ServiceAccount")), kinds);
        for (HasMetadata object : objects) {
            assertNotNull(object.getMetadata().getName(), object.getKind());
            boolean clusterScoped = object.getKind().equals("Namespace") || object.getKind().equals("ClusterRole");
            assertEquals(clusterScoped, object.getMetadata().getNamespace() == null, object.getKind());
        }
    }

    @Test
    void deploymentIsProbedNonRootAndReadOnly() {
        Deployment deployment = one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("flink-gitops", pod.getServiceAccountName());
        assertEquals(one(ServiceAccount.class).getMetadata().getName(), pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser());

        Container container = pod.getContainers().get(0);
        assertEquals(1, pod.getContainers().size());
        assertEquals("flink-gitops:latest", container.getImage());
        assertEquals("http", container.getPorts().get(0).getName());
        assertEquals(8080, container.getPorts().get(0).getContainerPort());
        assertProbe(container.getLivenessProbe(), "/healthz");
        assertProbe(container.getReadinessProbe(), "/readyz");

        SecurityContext security = container.getSecurityContext();
        assertTrue(security.getRunAsNonRoot());
        assertEquals(10001L, security.getRunAsUser());
        assertTrue(security.getReadOnlyRootFilesystem());
        assertFalse(security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());

        assertNotNull(container.getResources().getRequests().get("memory"));
        assertNotNull(container.getResources().getLimits().get("memory"));

        // With a read-only root file system, the work dir and /tmp are emptyDirs.
        Set<String> mounts = container.getVolumeMounts().stream().map(VolumeMount::getMountPath).collect(Collectors.toSet());
        assertEquals(Set.of("/var/lib/flink-gitops", "/tmp"), mounts);
        pod.getVolumes().forEach(v -> assertNotNull(v.getEmptyDir(), v.getName()));
        assertTrue(container.getArgs().contains("--work-dir=/var/lib/flink-gitops/work"));
    }

    @Test
    void daemonSettingsComeFromTheConfigMapAndTheTokenFromASecretReference() {
        Container container = one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        assertEquals(List.of("run", "--kubernetes"), args.subList(0, 2));
        assertTrue(args.contains("--rest-access=$(FLINK_GITOPS_REST_ACCESS)"));
        ConfigMap settings = one(ConfigMap.class);
        assertEquals(settings.getMetadata().getName(), container.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals("dns", settings.getData().get("FLINK_GITOPS_REST_ACCESS"));
        // every setting is used by a flag, and every $(VAR) in the flags is a setting
        String joined = String.join(" ", args);
        for (String key : settings.getData().keySet()) {
            assertTrue(joined.contains("$(" + key + ")"), key + " is not passed to the daemon");
        }
        Set<String> referenced = Arrays.stream(joined.split("\\$\\(")).skip(1)
                .map(s -> s.substring(0, s.indexOf(')'))).collect(Collectors.toSet());
        assertEquals(settings.getData().keySet(), referenced);
        settings.getData().forEach((k, v) -> assertFalse(k.toLowerCase().contains("token"), k));

        assertTrue(args.contains("--git-token-env=GIT_TOKEN"));
        EnvVar token = container.getEnv().stream().filter(e -> e.getName().equals("GIT_TOKEN")).findFirst().orElseThrow();
        assertEquals(null, token.getValue());
        assertEquals("flink-gitops-git", token.getValueFrom().getSecretKeyRef().getName());
        assertFalse(objects.stream().anyMatch(o -> o.getKind().equals("Secret")), "no Secret in git");
    }

    @Test
    void serviceExposesMetricsForPrometheus() {
        Service service = one(Service.class);
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("8080", annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        Map<String, String> podLabels = one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
    }

    /** The NetworkPolicy of every app admits the daemon by these defaults: they must select deploy/'s pods. */
    @Test
    void theNetworkPolicyDefaultsSelectTheDeployedDaemon() {
        Deployment daemon = one(Deployment.class);
        Map<String, String> podLabels = daemon.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(NetworkPeers.DEFAULTS.daemonLabels().entrySet()), podLabels.toString());
        assertEquals(NetworkPeers.DEFAULTS.daemonNamespace(), daemon.getMetadata().getNamespace());
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheCodeCallsInManagedNamespaces() {
        List<ClusterRole> clusterRoles = all(ClusterRole.class);
        assertEquals(1, clusterRoles.size());
        assertEquals(new TreeSet<>(APPS_RULES), grants(clusterRoles.get(0).getRules()));
    }

    @Test
    void roleGrantsExactlyTheLeaseCallsInTheLeaseNamespace() {
        Role role = one(Role.class);
        assertEquals(new TreeSet<>(LEASE_RULES), grants(role.getRules()));
        assertEquals(setting("FLINK_GITOPS_LEASE_NAMESPACE"), role.getMetadata().getNamespace());
    }

    @Test
    void bindingsCoverExactlyTheAllowlistAndTheServiceAccount() {
        ServiceAccount account = one(ServiceAccount.class);
        Set<String> appNamespaces = new TreeSet<>();
        Set<String> leaseNamespaces = new TreeSet<>();
        for (RoleBinding binding : all(RoleBinding.class)) {
            assertEquals(1, binding.getSubjects().size());
            assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
            assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
            assertEquals(account.getMetadata().getNamespace(), binding.getSubjects().get(0).getNamespace());
            String namespace = binding.getMetadata().getNamespace();
            switch (binding.getRoleRef().getKind()) {
                case "ClusterRole" -> {
                    assertEquals(one(ClusterRole.class).getMetadata().getName(), binding.getRoleRef().getName());
                    assertTrue(appNamespaces.add(namespace), namespace);
                }
                case "Role" -> {
                    assertEquals(one(Role.class).getMetadata().getName(), binding.getRoleRef().getName());
                    assertTrue(leaseNamespaces.add(namespace), namespace);
                }
                default -> throw new AssertionError(binding.getRoleRef().getKind());
            }
        }
        assertEquals(new TreeSet<>(List.of(setting("FLINK_GITOPS_NAMESPACE").split(","))), appNamespaces);
        assertEquals(Set.of(setting("FLINK_GITOPS_LEASE_NAMESPACE")), leaseNamespaces);
        assertFalse(objects.stream().anyMatch(o -> o.getKind().equals("ClusterRoleBinding")));
    }

    @Test
    void dockerfileRunsTheJarAsUser10001() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("FROM maven:3.9-eclipse-temurin-17 AS build"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre\n"));
        assertTrue(dockerfile.contains("USER 10001:10001"));
        assertTrue(dockerfile.contains("WORKDIR /var/lib/flink-gitops"));
        assertTrue(dockerfile.contains(
                "ENTRYPOINT [\"java\", \"-XX:+UseSerialGC\", \"-Xmx128m\", \"-XX:MaxMetaspaceSize=96m\", "
                        + "\"-XX:+ExitOnOutOfMemoryError\", \"-jar\", \"/opt/flink-gitops/flink-gitops.jar\"]"));
        assertTrue(dockerfile.contains("CMD [\"run\", \"--help\"]"));
        assertTrue(dockerfile.contains("/dev/tcp/127.0.0.1/8080"));
        // the jar the build stage copies is the shaded jar reconciler/pom.xml names
        assertTrue(Files.readString(ROOT.resolve("reconciler/pom.xml")).contains("<finalName>flink-gitops</finalName>"));
        assertTrue(dockerfile.contains("/src/reconciler/target/flink-gitops.jar"));
        String ignore = Files.readString(ROOT.resolve(".dockerignore"));
        assertTrue(ignore.contains("**/target/") && ignore.contains(".git/"));
    }

    /** "group/resource/verb" for every combination a rule grants; no wildcards, no resourceNames. */
    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertFalse(group.equals("*") || resource.equals("*") || verb.equals("*"), "wildcard");
                        assertTrue(grants.add(group + "/" + resource + "/" + verb), "granted twice: " + verb);
                    }
                }
            }
        }
        return grants;
    }

    private static String setting(String key) {
        return one(ConfigMap.class).getData().get(key);
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
    }

    private static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
