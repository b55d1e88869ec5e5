package dev.flinkgitops.status;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status files: a full round trip, stable bytes, and a bounded savepoint history. */
class StatusCodecTest {

    private final StatusCodec codec = new StatusCodec();

    static AppStatus full() {
        SavepointRecord savepoint = new SavepointRecord("file:/sp/savepoint-1", "a".repeat(32), "upgrade", "b".repeat(32),
                "c1", "2026-11-21T10:00:01Z");
        return AppStatus.empty("payments/orders", "apps/payments/orders.yaml")
                .withSpec("apps/payments/orders.yaml", "c2", "h2")
                .withJob(new JobRecord("d".repeat(32), "default", "RUNNING", 2, "file:/sp/savepoint-1", "2026-11-21T10:00:02Z"))
                .withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STARTING, "c3", "h3", dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT,
                        "e".repeat(32), "d".repeat(32), "file:/sp/savepoint-2", "2026-11-21T10:01:00Z"))
                .withSavepoint(savepoint)
                .withError(new ErrorRecord("savepoint failed: disk full", "c3", "h3", 2, "2026-11-21T10:01:01Z",
                        "2026-11-21T10:02:01Z"))
                .withPhase(Phase.UPGRADING, "savepoint completed");
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        AppStatus status = full();
        assertEquals(status, codec.read(codec.write(status)));
    }

    @Test
    void aWrittenFileHoldsNoSecretButEveryPathTheDaemonNeeds() {
        AppStatus status = full().withPhase(Phase.BLOCKED, "submit failed: jarURI https://u:CANARY-1@host/x.jar: HTTP 404")
                .withError(new ErrorRecord("submit failed: bad --password CANARY-2, password=\"CANARY-3\"", "c3", "h3", 1,
                        "2026-11-21T10:01:01Z", null));
        String text = new String(codec.write(status), StandardCharsets.UTF_8);
        assertFalse(text.contains("CANARY"), text);
        assertTrue(text.contains("jarURI https://host/x.jar: HTTP 404"), text);
        AppStatus read = codec.read(codec.write(status));
        assertEquals(status.lastSavepoint(), read.lastSavepoint());
        assertEquals(status.operation(), read.operation());
        assertEquals(status.job(), read.job());
    }

    @Test
    void equalStatusesGiveEqualBytesAndReadableYaml() {
        byte[] once = codec.write(full());
        assertArrayEquals(once, codec.write(codec.read(once)));
        String text = new String(once, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("app: payments/orders\n"), text);
        assertTrue(text.contains("phase: UPGRADING"), text);
        assertFalse(text.contains("null"), "absent fields are left out: " + text);
    }

    @Test
    void theSavepointHistoryIsBoundedNewestFirst() {
        AppStatus status = AppStatus.empty("a/b", "apps/a/b.yaml");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < AppStatus.HISTORY_LIMIT + 5; i++) {
            String path = "file:/sp/" + i;
            paths.add(0, path);
            status = status.withSavepoint(new SavepointRecord(path, null, "upgrade", null, null, null));
        }
        assertEquals(AppStatus.HISTORY_LIMIT, status.savepoints().size());
        assertEquals(paths.subList(0, AppStatus.HISTORY_LIMIT), status.savepoints().stream().map(SavepointRecord::path).toList());
        assertEquals(paths.get(0), status.restorePath());
    }

    /** A rollback's marker is one more field on the chosen restore point: absent in older files, left out when null. */
    @Test
    void aRollbackMarkerIsWrittenOnlyWhereThereIsOneAndOlderFilesReadWithout() {
        SavepointRecord chosen = new SavepointRecord("file:/sp/1", null, SavepointRecord.CHOSEN, null, "c3", "2026-11-21T12:00:00Z", "c1");
        AppStatus status = AppStatus.empty("a/b", "apps/a/b.yaml").withSavepoint(chosen);
        String written = new String(codec.write(status), StandardCharsets.UTF_8);
        assertTrue(written.contains("rollbackTo: c1"), written);
        assertEquals(status, codec.read(written.getBytes(StandardCharsets.UTF_8)));
        String plain = new String(codec.write(AppStatus.empty("a/b", "apps/a/b.yaml").withSavepoint(
                new SavepointRecord("file:/sp/2", "t", "upgrade", "j", "c2", "2026-11-21T12:00:00Z"))), StandardCharsets.UTF_8);
        assertFalse(plain.contains("rollbackTo"), plain);
        AppStatus old = codec.read(("app: a/b\nlastSavepoint: {path: 'file:/sp/2', reason: upgrade, specCommit: c2, time: t}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(null, old.lastSavepoint().rollbackTo());
    }

    @Test
    void unknownFieldsFromANewerDaemonAreIgnored() {
        AppStatus read = codec.read("app: a/b\nphase: RUNNING\nsomethingNew: 1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Phase.RUNNING, read.phase());
    }
}
