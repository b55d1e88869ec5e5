package dev.flinkgitops.appspec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code FlinkStateSnapshot} (operator 1.10+), with the operator's defaults applied: a savepoint
 * or a checkpoint of the job of the FlinkDeployment or FlinkSessionJob its {@code jobReference}
 * names, or (with {@code savepoint.alreadyExists}) an existing savepoint registered as one.
 *
 * @param id the snapshot's own identity ({@code <namespace>/<name>}): its status file is named after it
 * @param file the file it is written in
 * @param targetKind {@code jobReference.kind}: {@link Kind#FLINK_DEPLOYMENT} or {@link Kind#FLINK_SESSION_JOB}
 * @param target the app it snapshots: {@code jobReference.name} in {@code jobReference.namespace}, by
 *     default the snapshot's own namespace
 * @param checkpoint true for {@code spec.checkpoint}, false for {@code spec.savepoint}
 * @param path {@code savepoint.path}: where a new savepoint goes (default: the app's savepoint
 *     directory), or the existing savepoint when {@code alreadyExists}
 * @param formatType {@code savepoint.formatType}: CANONICAL (default) or NATIVE
 * @param disposeOnDelete {@code savepoint.disposeOnDelete} (default true): removing the file disposes the
 *     savepoint, unless it is some app's restore point
 * @param alreadyExists {@code savepoint.alreadyExists} (default false): register {@code path}, take nothing
 * @param checkpointType {@code checkpoint.checkpointType}: FULL (default) or INCREMENTAL
 * @param backoffLimit {@code backoffLimit}: retries of a failed snapshot; -1 (the default) without limit
 * @param hash the canonical hash of the resource: a changed file is a new request
 */
public record SnapshotSpec(AppId id, String file, Kind targetKind, AppId target, boolean checkpoint, String path,
        String formatType, boolean disposeOnDelete, boolean alreadyExists, String checkpointType, int backoffLimit,
        String hash) {

    /** The snapshot a schema-valid FlinkStateSnapshot resource asks for. */
    static SnapshotSpec of(AppSpec spec) {
        JsonNode body = spec.resource().path("spec");
        JsonNode reference = body.path("jobReference");
        JsonNode savepoint = body.path("savepoint");
        String namespace = reference.path("namespace").isTextual() ? reference.path("namespace").asText()
                : spec.id().namespace();
        AppId target = reference.path("name").isTextual() ? new AppId(namespace, reference.path("name").asText()) : null;
        Kind targetKind = reference.path("kind").isTextual() ? Kind.fromYaml(reference.path("kind").asText()) : null;
        return new SnapshotSpec(spec.id(), spec.file(), targetKind, target, body.has("checkpoint"),
                savepoint.path("path").isTextual() ? savepoint.path("path").asText() : null,
                savepoint.path("formatType").asText("CANONICAL"),
                savepoint.path("disposeOnDelete").asBoolean(true),
                savepoint.path("alreadyExists").asBoolean(false),
                body.path("checkpoint").path("checkpointType").asText("FULL"),
                body.path("backoffLimit").isIntegralNumber() ? body.path("backoffLimit").intValue() : -1,
                spec.hash());
    }

    /** What it is, as plans say it: "savepoint" or "checkpoint". */
    public String what() {
        return checkpoint ? "checkpoint" : "savepoint";
    }
}
