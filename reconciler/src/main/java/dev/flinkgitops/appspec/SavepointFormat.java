package dev.flinkgitops.appspec;

import java.util.Locale;

/**
 * The binary format of a savepoint, Flink's {@code SavepointFormatType} (REST field {@code formatType},
 * Flink 1.15+): {@code CANONICAL} is portable between state backends (and Flink's default); {@code NATIVE}
 * is the state backend's own format, faster to take and restore. Set per app with the operator's key
 * {@code kubernetes.operator.savepoint.format.type}.
 */
public enum SavepointFormat {
    CANONICAL,
    NATIVE;

    /** The format a value names (case-insensitive), or null when it names none. */
    public static SavepointFormat parse(String value) {
        if (value == null) {
            return null;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        for (SavepointFormat format : values()) {
            if (format.name().equals(name)) {
                return format;
            }
        }
        return null;
    }
}
