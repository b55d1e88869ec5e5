package dev.flinkgitops.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The rate limit on replacing a JobManager edited outside the daemon (see {@code KubeSteps.drift}).
 *
 * @param replacedAt when the daemon last replaced the app's JobManager for drift (ISO-8601), or null
 * @param heldBackAt when a replacement was first held back since then (ISO-8601), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftRecord(String replacedAt, String heldBackAt) {

    /** A replacement now. */
    public static DriftRecord replaced(String time) {
        return new DriftRecord(time, null);
    }

    /** This record with a replacement held back at {@code time}, unless one already is. */
    public DriftRecord heldBack(String time) {
        return heldBackAt != null ? this : new DriftRecord(replacedAt, time);
    }
}
