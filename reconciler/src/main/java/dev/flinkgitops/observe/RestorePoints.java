package dev.flinkgitops.observe;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a checkpoint or savepoint Flink names still exists, where the daemon can see its file
 * system ({@code file:} paths: the embedded cluster, a shared volume). Flink may name a checkpoint
 * it has already replaced and deleted (its REST answers are cached); that is checked before the
 * path becomes a restore point.
 */
final class RestorePoints {

    private RestorePoints() {}

    /** True or false for a {@code file:} path (its {@code _metadata} file), empty for any other scheme. */
    static Optional<Boolean> exists(String path) {
        if (path == null || !path.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.isRegularFile(Path.of(URI.create(path)).resolve("_metadata")));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }
}
