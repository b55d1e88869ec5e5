package dev.flinkgitops.git;

/** The spec repository could not be read or the status branch could not be written. */
public class GitException extends RuntimeException {
    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
