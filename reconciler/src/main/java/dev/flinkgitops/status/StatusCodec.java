package dev.flinkgitops.status;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads and writes status files as YAML. Equal statuses give byte-equal files; a written file is {@link AppStatus#redacted()}. */
public final class StatusCodec {

    private final ObjectMapper yaml =
            new ObjectMapper(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    .build())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public byte[] write(AppStatus status) {
        try {
            return yaml.writeValueAsString(status.redacted()).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A FlinkStateSnapshot's own status file: its record, and the app it belongs to. */
    public byte[] writeSnapshot(String app, SnapshotRecord record) {
        java.util.Map<String, Object> file = new java.util.LinkedHashMap<>();
        file.put("snapshot", record.name());
        file.put("app", app);
        file.put("status", record.redacted());
        try {
            return yaml.writeValueAsString(file).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AppStatus read(byte[] content) {
        try {
            return yaml.readValue(content, AppStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable status file: " + e.getMessage(), e);
        }
    }
}
