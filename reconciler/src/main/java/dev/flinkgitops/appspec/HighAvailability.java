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

    public boolean enabled() {
        return type != Type.NONE;
    }

    public boolean kubernetes() {
        return type == Type.KUBERNETES;
    }
}
