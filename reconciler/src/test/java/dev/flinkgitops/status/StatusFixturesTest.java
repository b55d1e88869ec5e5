package dev.flinkgitops.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Status files written by the daemon before the operation record was typed (every phase, every
 * operation type, step and mode, an error, savepoints, disposals and a last-state checkpoint
 * candidate) load and are written back byte for byte: old files stay readable, new files look the same.
 */
class StatusFixturesTest {

    private static final Path FIXTURES = Path.of("src/test/resources/status-fixtures");
    private final StatusCodec codec = new StatusCodec();

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aFileWrittenBeforeIsWrittenBackUnchanged(Path file) throws IOException {
        String before = Files.readString(file, StandardCharsets.UTF_8);
        AppStatus read = codec.read(before.getBytes(StandardCharsets.UTF_8));
        assertEquals(before, new String(codec.write(read), StandardCharsets.UTF_8));
        assertEquals(read, codec.read(codec.write(read)));
    }

    @Test
    void anOldFileIsReadAsTheOutcomeItRecorded() throws IOException {
        assertEquals(new Outcome.Stalled(Outcome.Cause.GAVE_UP,
                "gave up after 5 attempts (a newer commit tries again): submit failed", "h2"), read("stalled-gave-up").outcome());
        assertEquals(Outcome.Cause.RESTORE_MISSING, ((Outcome.Stalled) read("stalled-restore-missing").outcome()).cause());
        assertEquals(Outcome.Cause.OTHER, ((Outcome.Stalled) read("phase-stalled").outcome()).cause());
        assertEquals(new Outcome.Failing(2, Instant.parse("2026-11-21T10:02:01Z"), "h3",
                "savepoint failed, job keeps running: disk full"), read("blocked-retry").outcome());
        assertEquals(new Outcome.Waiting(Phase.UPGRADING), read("op-upgrade-stopping-savepoint").outcome());
        assertEquals(new Outcome.Settled(Phase.RUNNING), read("phase-running").outcome());
    }

    private AppStatus read(String name) throws IOException {
        return codec.read(Files.readAllBytes(FIXTURES.resolve(name + ".yaml")));
    }
}
