package dev.flinkgitops.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The pages' data as JSON ({@code /api/v1/apps}, {@code /api/v1/apps/<namespace>/<name>}); the shape is
 * documented in docs/api.md. Built from the same values as the pages, so it holds nothing they do not
 * show. Pure.
 */
public final class ApiJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiJson() {}

    /** {@code {"health": ..., "counts": {...}, "apps": [...]}}, the apps through {@code filter}. */
    public static String fleet(Fleet fleet, Filter filter) {
        ObjectNode root = JSON.createObjectNode();
        health(root.putObject("health"), fleet.health());
        ObjectNode counts = root.putObject("counts");
        ArrayNode apps = root.putArray("apps");
        for (AppRow row : fleet.apps()) {
            if (filter.accepts(row)) {
                String phase = row.status().phase() == null ? "NEW" : row.status().phase().name();
                counts.put(phase, counts.path(phase).asInt(0) + 1);
                app(apps.addObject(), row);
            }
        }
        return write(root);
    }

    /** One app: its fleet entry, then {@code stableCommit}, {@code lineage}, {@code spec} and {@code diffToStable}. */
    public static String app(AppDetail detail) {
        ObjectNode root = JSON.createObjectNode();
        app(root, detail.row());
        root.put("stableCommit", detail.row().status().stableCommit());
        root.put("historyLimit", detail.historyLimit());
        ArrayNode lineage = root.putArray("lineage");
        for (Lineage.Version version : detail.lineage()) {
            ObjectNode node = lineage.addObject();
            node.put("jobId", version.jobId());
            node.put("cluster", version.cluster());
            node.put("state", version.state());
            node.put("startedAt", version.startedAt());
            node.put("restoredFrom", version.restoredFrom());
            commit(node, "specCommit", version.specCommit(), version.commit());
            ArrayNode savepoints = node.putArray("savepoints");
            version.savepoints().forEach(savepoint -> savepoint(savepoints.addObject(), savepoint));
            ArrayNode events = node.putArray("events");
            version.events().forEach(event -> events.addObject().put("time", string(event.time())).put("kind", event.kind())
                    .put("phase", event.phase() == null ? null : event.phase().name()).put("text", event.text()));
        }
        root.put("spec", detail.spec().isEmpty() ? null : String.join("\n", detail.spec()) + "\n");
        ArrayNode diff = root.putArray("diffToStable");
        detail.diff().forEach(line -> diff.addObject().put("op", String.valueOf(line.op())).put("text", line.text()));
        return write(root);
    }

    private static void app(ObjectNode node, AppRow row) {
        AppStatus status = row.status();
        node.put("app", row.id()).put("namespace", row.namespace()).put("name", row.name());
        node.put("phase", status.phase() == null ? null : status.phase().name()).put("message", status.message());
        node.put("specFile", status.specFile()).put("flinkVersion", row.flinkVersion());
        commit(node, "specCommit", status.specCommit(), row.commit());
        if (status.job() == null) {
            node.putNull("job");
        } else {
            node.putObject("job").put("id", status.job().id()).put("state", status.job().state())
                    .put("cluster", status.job().cluster()).put("startedAt", status.job().startedAt())
                    .put("restoredFrom", status.job().restoredFrom());
        }
        if (status.lastSavepoint() == null) {
            node.putNull("lastSavepoint");
        } else {
            savepoint(node.putObject("lastSavepoint"), status.lastSavepoint());
        }
        if (status.operation() == null) {
            node.putNull("operation");
        } else {
            node.putObject("operation").put("type", status.operation().type().name())
                    .put("step", status.operation().step() == null ? null : status.operation().step().name())
                    .put("startedAt", status.operation().startedAt()).put("targetCommit", status.operation().targetCommit());
        }
        if (status.lastError() == null) {
            node.putNull("lastError");
        } else {
            node.putObject("lastError").put("message", status.lastError().message()).put("time", status.lastError().time())
                    .put("attempts", status.lastError().attempts()).put("retryAfter", status.lastError().retryAfter());
        }
        node.put("flinkUi", row.flinkUi());
        node.putObject("links").put("page", row.path()).put("api", "/api/v1" + row.path());
    }

    private static void commit(ObjectNode node, String field, String sha, Commit commit) {
        if (sha == null) {
            node.putNull(field);
            return;
        }
        ObjectNode out = node.putObject(field).put("sha", sha);
        out.put("subject", commit == null ? null : commit.subject()).put("author", commit == null ? null : commit.author())
                .put("time", commit == null ? null : string(commit.time()));
    }

    private static void savepoint(ObjectNode node, SavepointRecord savepoint) {
        node.put("path", savepoint.path()).put("reason", savepoint.reason()).put("time", savepoint.time())
                .put("jobId", savepoint.jobId()).put("specCommit", savepoint.specCommit());
    }

    private static void health(ObjectNode node, Health health) {
        node.put("leader", health.leader()).put("lastTick", string(health.lastTick()))
                .put("lastTickMillis", health.lastTickDuration() == null ? null : health.lastTickDuration().toMillis())
                .put("lastTickError", health.lastTickError()).put("gitReachable", health.gitReachable())
                .put("ready", health.notReadyReason() == null).put("notReadyReason", health.notReadyReason());
        ObjectNode clusters = node.putObject("clusters");
        health.clusters().forEach((name, problem) -> clusters.putObject(name).put("reachable", problem == null).put("problem", problem));
    }

    private static String string(Instant time) {
        return time == null ? null : time.toString();
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
