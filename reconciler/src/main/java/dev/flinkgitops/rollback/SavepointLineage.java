package dev.flinkgitops.rollback;

import dev.flinkgitops.git.FileLog;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.lib.ObjectId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An app's savepoints as its status file on the status branch recorded them: the current file's
 * history of the last {@link AppStatus#HISTORY_LIMIT} first, then every older version of the file
 * ({@code git log status -- <namespace>/<name>.yaml}), newest first, so a savepoint that fell out of the
 * bounded history is still found. Savepoints the retention rules disposed of are never offered.
 */
final class SavepointLineage {

    /** How many versions of the status file are read at most. */
    private static final int MAX_VERSIONS = 20_000;

    private final GitRepository repo;
    private final ObjectId statusTip;
    private final String statusFile;
    private final AppStatus current;
    private final Set<String> disposed;

    SavepointLineage(GitRepository repo, ObjectId statusTip, String statusFile, AppStatus current) {
        this.repo = repo;
        this.statusTip = statusTip;
        this.statusFile = statusFile;
        this.current = current;
        this.disposed = current.disposed().stream().map(SavepointRecord::path).collect(Collectors.toSet());
    }

    /** The newest recorded savepoint matching {@code wanted} that was not disposed. */
    Optional<SavepointRecord> newest(Predicate<SavepointRecord> wanted) {
        return newest(wanted, null);
    }

    /**
     * As {@link #newest(Predicate)}, reading only the versions of the status file whose text contains {@code hint} (a
     * commit id or a path the wanted record names; null reads every version): a long history is searched without
     * decoding each version.
     */
    Optional<SavepointRecord> newest(Predicate<SavepointRecord> wanted, String hint) {
        Predicate<SavepointRecord> usable = record -> record.path() != null && !disposed.contains(record.path()) && wanted.test(record);
        Optional<SavepointRecord> recent = records(current).stream().filter(usable).findFirst();
        if (recent.isPresent()) {
            return recent;
        }
        StatusCodec codec = new StatusCodec();
        for (ObjectId commit : FileLog.commits(repo, statusTip, statusFile, MAX_VERSIONS, MAX_VERSIONS)) {
            Optional<SavepointRecord> found = repo.file(commit, statusFile).map(repo::read)
                    .filter(bytes -> hint == null || new String(bytes, StandardCharsets.UTF_8).contains(hint)).flatMap(bytes -> {
                        try {
                            return records(codec.read(bytes)).stream().filter(usable).findFirst();
                        } catch (RuntimeException unreadable) {
                            return Optional.empty(); // an older file this version cannot read holds nothing to offer
                        }
                    });
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code path} was disposed by retention, and when: empty when it was not. */
    Optional<SavepointRecord> disposal(String path) {
        return current.disposed().stream().filter(record -> path.equals(record.path())).findFirst();
    }

    /** The savepoints of one version of the status file, newest first, each once. */
    private static List<SavepointRecord> records(AppStatus status) {
        Map<String, SavepointRecord> byPath = new LinkedHashMap<>();
        if (status.lastSavepoint() != null && status.lastSavepoint().path() != null) {
            byPath.put(status.lastSavepoint().path(), status.lastSavepoint());
        }
        status.savepoints().stream().filter(record -> record.path() != null).forEach(record -> byPath.putIfAbsent(record.path(), record));
        return new ArrayList<>(byPath.values());
    }
}
