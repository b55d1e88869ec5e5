package dev.flinkgitops.validate;

import java.util.Set;
import java.util.TreeSet;

/**
 * What validation allows.
 *
 * @param jarSchemes URI schemes allowed in {@code job.jarURI} (lower case)
 * @param defaultSavepointDirConfigured whether the daemon has a savepoint directory for specs
 *     that set no {@code state.savepoints.dir}
 * @param kubernetesTarget whether FlinkDeployments are deployed to Kubernetes; when false,
 *     every job runs on the default session cluster
 * @param maxBytes largest spec file accepted, in bytes
 * @param maxDepth deepest YAML nesting accepted
 * @param namespaces the only namespaces apps may use; empty allows any
 * @param tenancy which namespaces each spec folder may use
 * @param podPolicy what pod templates may not set on the Kubernetes target
 * @param defaultSavepointDir the daemon's {@code --savepoint-dir} when known (checked for shared storage on
 *     the Kubernetes target), or null
 * @param ingressNamespace the daemon's {@code --ingress-namespace} (the ingress controller's namespace its NetworkPolicies
 *     admit), or null: then an app's {@code spec.ingress} is warned about on the Kubernetes target
 */
public record ValidationSettings(
        Set<String> jarSchemes,
        boolean defaultSavepointDirConfigured,
        boolean kubernetesTarget,
        int maxBytes,
        int maxDepth,
        Set<String> namespaces,
        Tenancy tenancy,
        PodPolicy podPolicy,
        String defaultSavepointDir,
        String ingressNamespace) {

    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;

    public ValidationSettings {
        jarSchemes = Set.copyOf(jarSchemes);
        namespaces = Set.copyOf(namespaces);
        java.util.Objects.requireNonNull(tenancy, "tenancy");
        java.util.Objects.requireNonNull(podPolicy, "podPolicy");
        if (maxBytes < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("maxBytes and maxDepth must be positive");
        }
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(Set.of("local", "file", "http", "https"), true, false,
                DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, Set.of(), Tenancy.none(),
                PodPolicy.DEFAULT, null, null);
    }

    public ValidationSettings withJarSchemes(Set<String> schemes) {
        return new ValidationSettings(schemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth, namespaces, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    public ValidationSettings withDefaultSavepointDirConfigured(boolean configured) {
        return new ValidationSettings(jarSchemes, configured, kubernetesTarget, maxBytes, maxDepth, namespaces, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    public ValidationSettings withKubernetesTarget(boolean target) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, target, maxBytes, maxDepth, namespaces, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    public ValidationSettings withMaxBytes(int bytes) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, bytes, maxDepth, namespaces, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    public ValidationSettings withMaxDepth(int depth) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, depth, namespaces, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    /** Only these namespaces may hold apps; empty allows any. */
    public ValidationSettings withNamespaces(Set<String> allowed) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth, allowed, tenancy, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    /** Spec folders may only use the namespaces mapped to them. */
    public ValidationSettings withTenancy(Tenancy mapping) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth, namespaces, mapping, podPolicy, defaultSavepointDir, ingressNamespace);
    }

    /** Pod templates may not set what {@code policy} forbids. */
    public ValidationSettings withPodPolicy(PodPolicy policy) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth, namespaces, tenancy,
                policy, defaultSavepointDir, ingressNamespace);
    }

    /** The daemon's default savepoint directory (r14-storage): configured, and checked on the Kubernetes target. */
    public ValidationSettings withDefaultSavepointDir(String dir) {
        return new ValidationSettings(jarSchemes, dir != null || defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth,
                namespaces, tenancy, podPolicy, dir, ingressNamespace);
    }

    /** The daemon's {@code --ingress-namespace}, or null when it has none. */
    public ValidationSettings withIngressNamespace(String namespace) {
        return new ValidationSettings(jarSchemes, defaultSavepointDirConfigured, kubernetesTarget, maxBytes, maxDepth, namespaces, tenancy,
                podPolicy, defaultSavepointDir, namespace == null || namespace.isBlank() ? null : namespace);
    }

    /** The allowed schemes, sorted, for messages. */
    String jarSchemeList() {
        return String.join(", ", new TreeSet<>(jarSchemes));
    }
}
