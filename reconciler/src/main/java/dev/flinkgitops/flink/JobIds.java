package dev.flinkgitops.flink;

import dev.flinkgitops.spec.AppId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic Flink job ids (and trigger ids): the same inputs always give the same id. */
public final class JobIds {

    private JobIds() {}

    /** 32 lowercase hex characters derived from the app identity, the spec commit and the start generation. */
    public static String derive(AppId id, String specCommit, int generation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((id + "\n" + specCommit + "\n" + generation).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
