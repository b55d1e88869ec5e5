package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-file rule: one document per app identity (namespace/name), across all documents of all
 * files. An identity already owned by a file (the file its app runs from) stays with that file
 * while the file still holds it (a document of it names the identity, or is invalid without
 * naming another known app, so what it holds is unknown): only the documents of other files
 * claiming it get an error, so one folder's mistake never freezes another folder's app.
 * Documents claiming an identity nobody owns yet all get an error, as do two documents of the
 * owner's file that both claim it.
 */
final class IdentityCheck {

    private IdentityCheck() {}

    /**
     * {@code results} in the same order, with an error on each document that claims an identity
     * another file owns or another document also claims.
     *
     * @param owners for each app that has one, the file it runs from (from the status branch)
     */
    static List<FileResult> check(List<FileResult> results, Map<AppId, String> owners) {
        Map<AppId, List<FileResult>> byId = new LinkedHashMap<>();
        Map<String, List<FileResult>> byFile = new LinkedHashMap<>();
        for (FileResult result : results) {
            byFile.computeIfAbsent(result.file(), f -> new ArrayList<>()).add(result);
            if (result.spec() != null && !snapshot(result)) {
                byId.computeIfAbsent(result.spec().id(), id -> new ArrayList<>()).add(result);
            }
        }
        List<FileResult> checked = new ArrayList<>(results.size());
        for (FileResult result : results) {
            AppId id = result.spec() == null || snapshot(result) ? null : result.spec().id();
            String owner = id == null ? null : holder(id, owners, byFile);
            List<FileResult> others = id == null ? List.of() : byId.get(id).stream()
                    .filter(other -> other != result && (owner == null || other.file().equals(owner))).toList();
            if (owner != null && !owner.equals(result.file())) {
                checked.add(withIdentityError(result, "app " + id + " belongs to " + owner
                        + " (the file it runs from): another file cannot claim it"));
            } else if (!others.isEmpty()) {
                List<String> where = others.stream().map(other -> where(other, byFile)).toList();
                checked.add(withIdentityError(result, "duplicate app " + id + ": also defined in " + String.join(", ", where)));
            } else {
                checked.add(result);
            }
        }
        return checked;
    }

    /**
     * The owner's file when it still holds {@code id}: one of its documents claims {@code id}, or
     * is invalid and names no other known app (what it holds is unknown, so it keeps what it had).
     * Null when no file holds it: a file moved or renamed its app away, or there was no owner.
     */
    private static String holder(AppId id, Map<AppId, String> owners, Map<String, List<FileResult>> byFile) {
        String ownerFile = owners.get(id);
        List<FileResult> documents = ownerFile == null ? List.of() : byFile.getOrDefault(ownerFile, List.of());
        boolean holds = documents.stream().anyMatch(document -> document.spec() != null
                ? document.spec().id().equals(id)
                : document.claimed() == null || document.claimed().equals(id) || !owners.containsKey(document.claimed()));
        return holds ? ownerFile : null;
    }

    /** The file, and the line of the document when the file holds several. */
    private static String where(FileResult result, Map<String, List<FileResult>> byFile) {
        return byFile.get(result.file()).size() > 1 ? result.location() : result.file();
    }

    /** A FlinkStateSnapshot: its identity is its own, not an app's (SnapshotCheck checks it). */
    private static boolean snapshot(FileResult result) {
        return result.spec().kind() == dev.flinkgitops.appspec.Kind.FLINK_STATE_SNAPSHOT;
    }

    private static FileResult withIdentityError(FileResult result, String message) {
        SourcePosition at = result.identityPosition() != null ? result.identityPosition() : SourcePosition.START;
        return result.withFindings(List.of(new Finding(Finding.Severity.ERROR, result.file(), at.line(), at.column(),
                "/metadata/name", message)));
    }
}
