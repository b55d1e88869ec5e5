package dev.flinkgitops.port;

/**
 * Flink no longer knows an uploaded jar id (the cluster restarted or the jar was deleted):
 * upload the jar again ({@link JarUploads#forget}) and retry the run.
 *
 * <p>Flink 2.3 answers such a run with HTTP 500 ("Jar file ... does not exist"); this
 * exception reports {@link #httpStatus()} 404 so that callers can treat it as "not found"
 * without parsing texts. Flink's own status stays in the message.
 */
public class JarNotFoundException extends FlinkException {

    static final int NOT_FOUND = 404;

    private final String jarId;

    public JarNotFoundException(String jarId, FlinkException answer) {
        super(answer.getMessage(), NOT_FOUND, answer);
        this.jarId = jarId;
    }

    public String jarId() {
        return jarId;
    }

    /** Flink 2.3 answers a run of an unknown jar id with HTTP 500 "Jar file ... does not exist". */
    public static boolean matches(FlinkException e) {
        String message = e.getMessage();
        return e.httpStatus() >= 400 && message != null && message.contains("Jar file") && message.contains("does not exist");
    }
}
