package dev.flinkgitops.status;

/**
 * The last error of an application.
 *
 * @param specHash the spec the error belongs to; a newer spec clears it
 * @param attempts how many times in a row this spec failed
 * @param retryAfter when a BLOCKED app is tried again (ISO-8601), or null when it is not retried
 */
public record ErrorRecord(String message, String specCommit, String specHash, int attempts, String time, String retryAfter) {}
