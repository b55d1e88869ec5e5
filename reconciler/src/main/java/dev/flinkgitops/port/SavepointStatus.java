package dev.flinkgitops.port;

import dev.flinkgitops.appspec.Kind;

/**
 * The state of a savepoint operation. Flink reports a failed savepoint as COMPLETED with a
 * failure cause; this type tells the two apart.
 *
 * @param location the savepoint path when COMPLETED
 * @param failureCause Flink's failure cause (first lines of its stack trace) when FAILED
 */
public record SavepointStatus(Kind kind, String location, String failureCause) {

    public enum Kind {
        IN_PROGRESS,
        COMPLETED,
        FAILED,
        /** Flink does not know this trigger id (never triggered, or its result expired). */
        UNKNOWN
    }

    public static SavepointStatus inProgress() {
        return new SavepointStatus(Kind.IN_PROGRESS, null, null);
    }

    public static SavepointStatus completed(String location) {
        return new SavepointStatus(Kind.COMPLETED, location, null);
    }

    public static SavepointStatus failed(String cause) {
        return new SavepointStatus(Kind.FAILED, null, cause);
    }

    public static SavepointStatus unknown() {
        return new SavepointStatus(Kind.UNKNOWN, null, null);
    }
}
