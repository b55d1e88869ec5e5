package dev.flinkgitops.jars;

import dev.flinkgitops.redact.Redact;

/**
 * A jar URI could not be turned into a local file. The message names the URI, redacted
 * ({@link Redact#text}: no user info, no password). It is an
 * {@link IllegalStateException} so that callers that treat those as "this step failed"
 * handle it without knowing this type.
 * {@link #retryable()} tells a transient failure (download error, time-out, disk) from one
 * that needs a spec change (no such file, unsupported scheme, too large).
 */
public class JarResolveException extends IllegalStateException {

    private final boolean retryable;

    public JarResolveException(String message, boolean retryable, Throwable cause) {
        super(Redact.text(message), cause);
        this.retryable = retryable;
    }

    public JarResolveException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
