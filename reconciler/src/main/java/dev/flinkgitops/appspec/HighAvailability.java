package dev.flinkgitops.appspec;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The high-availability settings of a flinkConfiguration, in every spelling Flink and the operator
 * accept: the type under {@code high-availability.type} or its old name {@code high-availability}
 * (the new key wins when both are set), written {@code kubernetes}, {@code KUBERNETES} or as the
 * factory class {@code org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory}.
 *
 * @param typeKey the key the type is read from, or null when HA is not configured
 * @param type the type, {@link Type#NONE} when not configured
 * @param storageDir {@code high-availability.storageDir}, or null
 * @param clusterId {@code kubernetes.cluster-id}, or null
 */
public record HighAvailability(String typeKey, Type type, String storageDir, String clusterId) {

    public static final String TYPE = "high-availability.type";
    public static final String OLD_TYPE = "high-availability";
    public static final String STORAGE_DIR = "high-availability.storageDir";
    public static final String CLUSTER_ID = "kubernetes.cluster-id";
    public static final String KUBERNETES_FACTORY = "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory";
    static final String ZOOKEEPER_FACTORY = "org.apache.flink.runtime.highavailability.zookeeper.ZooKeeperHaServicesFactory";

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

    /** NONE, ZOOKEEPER, KUBERNETES, or CUSTOM (another factory class); UNKNOWN for a value Flink would reject. */
    public enum Type { NONE, ZOOKEEPER, KUBERNETES, CUSTOM, UNKNOWN }

    public static HighAvailability of(Map<String, String> configuration) {
        String key = configuration.containsKey(TYPE) ? TYPE : configuration.containsKey(OLD_TYPE) ? OLD_TYPE : null;
        Type type = key == null ? Type.NONE : type(configuration.get(key));
        return new HighAvailability(key, type, configuration.get(STORAGE_DIR), configuration.get(CLUSTER_ID));
    }

    /** The type a value names, case-insensitive as Flink reads it. */
    public static Type type(String value) {
        String trimmed = value.trim();
        switch (trimmed.toUpperCase(Locale.ROOT)) {
            case "NONE" -> {
                return Type.NONE;
            }
            case "ZOOKEEPER" -> {
                return Type.ZOOKEEPER;
            }
            case "KUBERNETES" -> {
                return Type.KUBERNETES;
            }
            default -> {
                if (trimmed.equals(KUBERNETES_FACTORY)) {
                    return Type.KUBERNETES;
                }
                if (trimmed.equals(ZOOKEEPER_FACTORY)) {
                    return Type.ZOOKEEPER;
                }
                return CLASS_NAME.matcher(trimmed).matches() ? Type.CUSTOM : Type.UNKNOWN;
            }
        }
    }

    /**
     * Whether a cluster flink-gitops renders for {@code spec} gets Kubernetes HA by default: a stateful job
     * ({@code upgradeMode} savepoint or last-state) whose configuration names no HA type. Without HA a
     * JobManager restart would restore the deploy-time savepoint and lose every checkpoint since.
     */
    public static boolean defaultFor(AppSpec spec) {
        return spec.hasJob() && spec.job().upgradeMode().stateful() && of(spec.flinkConfiguration()).typeKey() == null;
    }

    /** A stateful job that turned HA off ({@code high-availability.type: NONE}): a JobManager restart rewinds it. */
    public static boolean optedOut(AppSpec spec) {
        HighAvailability ha = of(spec.flinkConfiguration());
        return spec.hasJob() && spec.job().upgradeMode().stateful() && ha.typeKey() != null && ha.type() == Type.NONE;
    }

    /**
     * The default {@value #STORAGE_DIR}: {@code <savepoint directory>/ha/<namespace>}, under which Flink keeps
     * each cluster's recovery data in {@code <cluster-id>} (the app's name), so two apps never share it.
     */
    public static String defaultStorageDir(String savepointDirectory, AppId app) {
        return savepointDirectory.replaceAll("/+$", "") + "/ha/" + app.namespace();
    }

    public boolean enabled() {
        return type != Type.NONE;
    }

    public boolean kubernetes() {
        return type == Type.KUBERNETES;
    }
}
