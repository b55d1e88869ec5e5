package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.yaml.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-file rule: one file per app identity (namespace/name). An identity already owned by a
 * file (the file its app runs from) stays with that file while the file is there, even when it
 * is invalid: only the other files claiming it get an error, so one folder's mistake never
 * freezes another folder's app. Files claiming an identity nobody owns yet all get an error.
 */
final class IdentityCheck {

    private IdentityCheck() {}

    /**
     * {@code results} in the same order, with an error on each file that claims an identity
     * another file owns or also claims.
     *
     * @param owners for each app that has one, the file it runs from (from the status branch)
     */
    static List<FileResult> check(List<FileResult> results, Map<AppId, String> owners) {
        Map<AppId, List<String>> filesById = new LinkedHashMap<>();
        Map<String, FileResult> byFile = new LinkedHashMap<>();
        for (FileResult result : results) {
            byFile.put(result.file(), result);
            if (result.spec() != null && result.spec().kind() != dev.flinkgitops.appspec.Kind.FLINK_STATE_SNAPSHOT) {
                filesById.computeIfAbsent(result.spec().id(), id -> new ArrayList<>()).add(result.file());
            }
        }
        List<FileResult> checked = new ArrayList<>(results.size());
        for (FileResult result : results) {
            AppId id = result.spec() == null || result.spec().kind() == dev.flinkgitops.appspec.Kind.FLINK_STATE_SNAPSHOT ? null
                    : result.spec().id(); // a snapshot's identity is its own (SnapshotCheck)
            String owner = id == null ? null : holder(id, owners.get(id), byFile);
            List<String> sameId = id == null ? List.of() : filesById.get(id);
            if (owner != null && !owner.equals(result.file())) {
                checked.add(withIdentityError(result, "app " + id + " belongs to " + owner
                        + " (the file it runs from): another file cannot claim it"));
            } else if (owner == null && sameId.size() > 1) {
                List<String> others = sameId.stream().filter(f -> !f.equals(result.file())).toList();
                checked.add(withIdentityError(result, "duplicate app " + id + ": also defined in " + String.join(", ", others)));
            } else {
                checked.add(result);
            }
        }
        return checked;
    }

    /**
     * The owner's file when it still holds {@code id}: it is among the files and either claims
     * {@code id} or is invalid (what it claims is unknown, so it keeps what it had). Null when no
     * file holds it: a file moved or renamed its app away, or there was no owner.
     */
    private static String holder(AppId id, String ownerFile, Map<String, FileResult> byFile) {
        FileResult owner = ownerFile == null ? null : byFile.get(ownerFile);
        if (owner == null || (owner.spec() != null && !owner.spec().id().equals(id))) {
            return null;
        }
        return ownerFile;
    }

    private static FileResult withIdentityError(FileResult result, String message) {
        SourcePosition at = result.identityPosition() != null ? result.identityPosition() : SourcePosition.START;
        return result.withFindings(List.of(new Finding(Finding.Severity.ERROR, result.file(), at.line(), at.column(),
                "/metadata/name", message)));
    }
}
