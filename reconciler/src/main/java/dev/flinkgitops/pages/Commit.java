package dev.flinkgitops.pages;

import java.time.Instant;

/**
 * A spec or status commit as the pages show it.
 *
 * @param sha the full id
 * @param subject the first line of its message, {@link dev.flinkgitops.redact.Redact redacted}
 * @param author the author's name
 * @param time when it was authored
 */
public record Commit(String sha, String subject, String author, Instant time) {}
