package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.SnapshotSpec;
import dev.flinkgitops.yaml.SourcePosition;
import dev.flinkgitops.yaml.YamlTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The rules of a FlinkStateSnapshot the schema cannot say: on its own (exactly one of
 * {@code savepoint} and {@code checkpoint}; {@code alreadyExists} needs a {@code path}; a
 * {@code jobReference}), and across files (it names a valid app of this repository, of the kind it
 * says, that has a job; one file per snapshot identity). Snapshots have identities of their own: a
 * snapshot and an app may share a name.
 */
final class SnapshotCheck {

    private SnapshotCheck() {}

    /** The per-file rules; each problem goes to {@code error} as (JSON pointer, message). */
    static void check(YamlTree tree, SnapshotSpec snapshot, BiConsumer<String, String> error) {
        boolean savepoint = tree.root().path("spec").has("savepoint");
        if (savepoint == snapshot.checkpoint()) {
            error.accept(savepoint ? "/spec/checkpoint" : "/spec", savepoint
                    ? "a FlinkStateSnapshot is a savepoint or a checkpoint, not both: remove one of spec.savepoint and spec.checkpoint"
                    : "a FlinkStateSnapshot needs exactly one of spec.savepoint and spec.checkpoint");
        }
        if (snapshot.alreadyExists() && snapshot.path() == null) {
            error.accept("/spec/savepoint/alreadyExists", "alreadyExists: true needs spec.savepoint.path (the existing savepoint)");
        }
        if (snapshot.target() == null) {
            error.accept("/spec", "spec.jobReference is required: flink-gitops records a snapshot under the app it belongs to"
                    + " (the operator allows none with alreadyExists; name the app that will use the savepoint)");
        }
    }

    /** Adds the cross-file errors to the snapshot files of {@code results} (same order). */
    static List<FileResult> acrossFiles(List<FileResult> results) {
        Map<AppId, AppSpec> apps = new LinkedHashMap<>();
        Map<AppId, List<String>> snapshotFiles = new LinkedHashMap<>();
        for (FileResult result : results) {
            if (result.valid() && result.spec().kind() != Kind.FLINK_STATE_SNAPSHOT) {
                apps.putIfAbsent(result.spec().id(), result.spec());
            } else if (result.valid()) {
                snapshotFiles.computeIfAbsent(result.spec().id(), id -> new ArrayList<>()).add(result.file());
            }
        }
        List<FileResult> checked = new ArrayList<>(results.size());
        for (FileResult result : results) {
            if (!result.valid() || result.spec().kind() != Kind.FLINK_STATE_SNAPSHOT) {
                checked.add(result);
                continue;
            }
            List<Finding> errors = new ArrayList<>();
            SnapshotSpec snapshot = result.spec().snapshot();
            List<String> others = snapshotFiles.get(snapshot.id()).stream().filter(f -> !f.equals(result.file())).toList();
            if (!others.isEmpty()) {
                errors.add(error(result, result.identityPosition(), "/metadata/name", "duplicate FlinkStateSnapshot "
                        + snapshot.id() + ": also defined in " + String.join(", ", others)));
            }
            referenceProblem(snapshot, apps.get(snapshot.target())).ifPresent(problem ->
                    errors.add(error(result, result.identityPosition(), "/spec/jobReference", problem)));
            checked.add(errors.isEmpty() ? result : result.withFindings(errors));
        }
        return checked;
    }

    private static java.util.Optional<String> referenceProblem(SnapshotSpec snapshot, AppSpec app) {
        String named = snapshot.targetKind().yamlName() + " " + snapshot.target();
        if (app == null) {
            return java.util.Optional.of("jobReference names no valid " + named + " in this repository");
        }
        if (app.kind() != snapshot.targetKind()) {
            return java.util.Optional.of("jobReference names a " + snapshot.targetKind().yamlName() + ", but "
                    + snapshot.target() + " is a " + app.kind().yamlName());
        }
        if (!app.hasJob()) {
            return java.util.Optional.of(named + " is a session cluster without a job: there is nothing to snapshot");
        }
        return java.util.Optional.empty();
    }

    private static Finding error(FileResult result, SourcePosition at, String pointer, String message) {
        SourcePosition where = at != null ? at : SourcePosition.START;
        return new Finding(Finding.Severity.ERROR, result.file(), where.line(), where.column(), pointer, message);
    }
}
