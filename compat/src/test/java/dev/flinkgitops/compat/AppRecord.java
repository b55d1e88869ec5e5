package dev.flinkgitops.compat;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.Map;

/** An app's file on the status branch, as the daemon wrote it (README, "The status branch"). */
record AppRecord(Map<String, Object> fields) {

    static AppRecord parse(String yaml) {
        Object loaded = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new IllegalStateException("a status record that is not a mapping:\n" + yaml);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return new AppRecord(fields);
    }

    String phase() {
        return text(fields, "phase");
    }

    String jobId() {
        return text(section("job"), "id");
    }

    String restoredFrom() {
        return text(section("job"), "restoredFrom");
    }

    String lastSavepointPath() {
        return text(section("lastSavepoint"), "path");
    }

    String lastSavepointReason() {
        return text(section("lastSavepoint"), "reason");
    }

    String lastError() {
        return text(section("lastError"), "message");
    }

    String message() {
        return text(fields, "message");
    }

    private Map<?, ?> section(String name) {
        return fields.get(name) instanceof Map<?, ?> map ? map : Map.of();
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "phase " + phase() + ", job " + jobId() + ", restoredFrom " + restoredFrom() + ", lastSavepoint "
                + lastSavepointPath() + " (" + lastSavepointReason() + "), message " + message() + ", lastError " + lastError();
    }
}
