package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic Flink job ids: the same app, spec commit and generation always give the same
 * id, so a retried submission after a crash is recognised as the job already submitted. Trigger
 * ids are derived the same way (Flink requires 32 hex characters for both).
 */
public final class JobIds {

    private JobIds() {}

    /**
     * 32 lowercase hex characters: the app's {@link #family} (16), then the first 8 bytes of SHA-256
     * over a canonical string of app, commit and generation in which every part is length-prefixed,
     * so no two different inputs share a string.
     */
    public static String derive(AppId id, String specCommit, int generation) {
        String canonical = "flink-gitops/job-id/v2\n"
                + field(id.namespace())
                + field(id.name())
                + field(specCommit)
                + field(Integer.toString(generation));
        byte[] digest = sha256(canonical.getBytes(StandardCharsets.UTF_8));
        return family(id) + HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * The first 16 hex characters of every job id derived for this app: from Flink's job list alone
     * the daemon can tell which live jobs belong to an app (one job per app, checked before every
     * submit; a second one is a stray).
     */
    public static String family(AppId id) {
        String canonical = "flink-gitops/app/v1\n" + field(id.namespace()) + field(id.name());
        return HexFormat.of().formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** The family a job id would belong to (its first 16 hex characters, lower case), or null for no Flink id. */
    public static String familyOf(String jobId) {
        return jobId == null || jobId.length() != 32 ? null : jobId.substring(0, 16).toLowerCase(java.util.Locale.ROOT);
    }

    private static String field(String value) {
        if (value == null) {
            return "-1:\n";
        }
        return value.length() + ":" + value + "\n";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
