package dev.flinkgitops.pages;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The lineage from the versions of a status file: one version per job, newest first, with its savepoints and events. */
class LineageTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void eachJobIsAVersionWithItsRestorePointItsSavepointsAndWhatHappened() {
        SavepointRecord upgrade = new SavepointRecord("sp-1", "t1", "upgrade", "j1", "c1", "2026-11-30T10:02:00Z");
        SavepointRecord periodic = new SavepointRecord("sp-2", "t2", "periodic", "j2", "c2", "2026-11-30T10:05:00Z");
        AppStatus first = AppStatus.empty("a/b", "apps/a/b.yaml").withSpec("apps/a/b.yaml", "c1", "h1")
                .withJob(new JobRecord("j1", "embedded", "RUNNING", 1, null, "t")).withPhase(Phase.RUNNING, "job j1 is RUNNING");
        AppStatus failing = first.withPhase(Phase.BLOCKED, "savepoint failed")
                .withError(new ErrorRecord("savepoint failed: disk full", "c2", "h2", 1, "t", "t"));
        AppStatus upgraded = failing.withError(null).withSpec("apps/a/b.yaml", "c2", "h2").withSavepoint(upgrade)
                .withJob(new JobRecord("j2", "embedded", "RUNNING", 2, "sp-1", "t")).withPhase(Phase.RUNNING, "job j2 is RUNNING");
        AppStatus rolledBack = upgraded.withSavepoint(periodic).withPhase(Phase.ROLLED_BACK, "rolled back: job j2 is RUNNING");
        AppStatus regressed = rolledBack.withPhase(Phase.RUNNING, "state regression: rewound by a JobManager restart to sp-1");
        List<Lineage.StatusVersion> history = new ArrayList<>();
        AppStatus[] versions = {first, failing, upgraded, rolledBack, regressed};
        for (int i = versions.length - 1; i >= 0; i--) {
            history.add(new Lineage.StatusVersion(new Commit("s" + i, "x", "fg", T0.plusSeconds(60L * i)), versions[i]));
        }

        List<Lineage.Version> lineage = Lineage.of(history, sha -> sha.equals("c1") ? new Commit("c1", "first", "alice", T0) : null);

        assertEquals(2, lineage.size());
        Lineage.Version newest = lineage.get(0);
        assertEquals("j2", newest.jobId());
        assertEquals("sp-1", newest.restoredFrom());
        assertNull(newest.commit(), "c2 is not in the mirror");
        assertEquals(List.of("sp-2"), newest.savepoints().stream().map(SavepointRecord::path).toList());
        assertEquals(List.of("state regression", "rollback", "ready"), newest.events().stream().map(Lineage.Event::kind).toList());
        Lineage.Version oldest = lineage.get(1);
        assertEquals("j1", oldest.jobId());
        assertEquals("alice", oldest.commit().author());
        assertEquals(List.of("sp-1"), oldest.savepoints().stream().map(SavepointRecord::path).toList());
        assertEquals(List.of("error", "phase", "ready"), oldest.events().stream().map(Lineage.Event::kind).toList());
        assertEquals("savepoint failed: disk full", oldest.events().get(0).text());
    }

    @Test
    void aLineDiffKeepsCommonLinesAndMarksTheRest() {
        List<DiffLine> diff = DiffLine.of(List.of("a", "b", "c"), List.of("a", "c", "d"));
        assertEquals(List.of(new DiffLine(' ', "a"), new DiffLine('-', "b"), new DiffLine(' ', "c"), new DiffLine('+', "d")), diff);
        assertEquals(false, DiffLine.changed(DiffLine.of(List.of("x"), List.of("x"))));
    }
}
