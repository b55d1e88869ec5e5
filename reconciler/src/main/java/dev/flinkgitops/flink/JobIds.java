package dev.flinkgitops.flink;

import dev.flinkgitops.spec.AppId;

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
     * 32 lowercase hex characters: the first 16 bytes of SHA-256 over a canonical string in
     * which every part is length-prefixed, so no two different inputs share a string.
     */
    public static String derive(AppId id, String specCommit, int generation) {
        String canonical = "flink-gitops/job-id/v1\n"
                + field(id.namespace())
                + field(id.name())
                + field(specCommit)
                + field(Integer.toString(generation));
        byte[] digest = sha256(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
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
