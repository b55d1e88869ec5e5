package dev.flinkgitops.port;

/** A Flink REST call failed: the cluster answered with an error, or did not answer in time. */
public class FlinkException extends RuntimeException {

    private final int httpStatus;

    public FlinkException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public FlinkException(String message, int httpStatus) {
        this(message, httpStatus, null);
    }

    /** The HTTP status, or 0 when there was no answer (time-out, connection refused). */
    public int httpStatus() {
        return httpStatus;
    }
}
