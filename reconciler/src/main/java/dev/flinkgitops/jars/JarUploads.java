package dev.flinkgitops.jars;

import dev.flinkgitops.port.FlinkJobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Uploads each jar once per cluster and remembers its jar id, keyed by the jar's SHA-256 (so
 * the same bytes under another path are not uploaded again). Clusters are told apart by
 * identity: keep one {@link FlinkJobs} per cluster. When a run answers
 * {@link JarNotFoundException}, {@link #forget} the jar and ensure it again.
 */
public final class JarUploads {

    private record FileKey(Path path, long size, FileTime modified) {}

    private final Map<FlinkJobs, Map<String, String>> jarIds = new IdentityHashMap<>();
    private final Map<FileKey, String> hashes = new HashMap<>();

    /** The cluster's jar id for this jar's content, uploading it first if needed. */
    public synchronized String ensureUploaded(FlinkJobs cluster, Path jar) {
        String sha = sha256(jar);
        Map<String, String> known = jarIds.computeIfAbsent(cluster, c -> new HashMap<>());
        String jarId = known.get(sha);
        if (jarId == null) {
            jarId = cluster.uploadJar(jar);
            known.put(sha, jarId);
        }
        return jarId;
    }

    /** Forgets the cluster's jar id for this jar, so that the next {@link #ensureUploaded} uploads it again. */
    public synchronized void forget(FlinkJobs cluster, Path jar) {
        Map<String, String> known = jarIds.get(cluster);
        if (known != null) {
            known.remove(sha256(jar));
        }
    }

    /** Forgets every jar id of a cluster (it restarted, or is gone). */
    public synchronized void forget(FlinkJobs cluster) {
        jarIds.remove(cluster);
    }

    /** The jar's SHA-256, hashed again only when its path, size or modification time changed. */
    String sha256(Path jar) {
        try {
            Path path = jar.toAbsolutePath().normalize();
            FileKey key = new FileKey(path, Files.size(path), Files.getLastModifiedTime(path));
            String sha = hashes.get(key);
            if (sha == null) {
                sha = hash(path);
                hashes.keySet().removeIf(old -> old.path().equals(path));
                hashes.put(key, sha);
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jar " + jar, e);
        }
    }

    private static String hash(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
