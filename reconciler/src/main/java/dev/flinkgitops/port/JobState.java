package dev.flinkgitops.port;

/** Flink's job states, plus UNKNOWN for anything this version does not know. */
public enum JobState {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    RECONCILING,
    UNKNOWN;

    /** Globally terminal: the job will not run again under this id. */
    public boolean terminal() {
        return this == FAILED || this == CANCELED || this == FINISHED;
    }

    public static JobState parse(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            return UNKNOWN;
        }
    }
}
