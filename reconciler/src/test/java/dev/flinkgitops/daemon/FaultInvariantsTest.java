package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.testing.CounterOutput.Line;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault suite's checks on hand-made histories: each catches what it names and passes a clean run. */
class FaultInvariantsTest {

    private static final List<String> TAGS = List.of("a-v1", "a-v2");

    @Test
    void savepointCountersMustGoOnByExactlyOne() {
        assertEquals(List.of(), FaultInvariants.countersContinued("a", false, TAGS, counts("a-v1", 1, 5, "a-v2", 6, 9)));
        assertTrue(only(FaultInvariants.countersContinued("a", false, TAGS, counts("a-v1", 1, 5, "a-v2", 1, 4)))
                .contains("restarted from 1"));
        assertTrue(only(FaultInvariants.countersContinued("a", false, TAGS, counts("a-v1", 1, 5, "a-v2", 4, 9)))
                .contains("restored from older state"));
    }

    @Test
    void lastStateMayReplayWhatCameAfterTheCheckpointButNoOlderState() {
        assertEquals(List.of(), FaultInvariants.countersContinued("a", true, TAGS, counts("a-v1", 1, 9, "a-v2", 7, 12)));
        List<Line> older = counts("a-v1", 1, 9, "a-v2", 7, 12);
        List<Line> threeTags = new ArrayList<>(older);
        threeTags.addAll(counts("a-v3", 5, 8, "a-v3", 9, 9));
        assertTrue(only(FaultInvariants.countersContinued("a", true, List.of("a-v1", "a-v2", "a-v3"), threeTags))
                .contains("older than the previous tag's first 7"));
    }

    @Test
    void aCountWrittenTwiceUnderOneTagIsTwoJobs() {
        List<Line> lines = counts("a-v1", 1, 5, "a-v2", 6, 9);
        lines.add(new Line("key-0", 7, "a-v2"));
        assertTrue(only(FaultInvariants.countersContinued("a", true, TAGS, lines)).contains("1 counts written twice"));
    }

    @Test
    void oneLiveJobPerAppAndItIsTheRecordedOne() {
        AppStatus recorded = status("j2", null, null);
        List<JobSummary> jobs = List.of(job("j1", "a-v1", JobState.FINISHED), job("j2", "a-v2", JobState.RUNNING));
        assertEquals(List.of(), FaultInvariants.oneJobPerApp(jobs, Map.of("a", recorded), Set.of("a")));

        List<JobSummary> two = List.of(job("j1", "a-v1", JobState.RUNNING), job("j2", "a-v2", JobState.RUNNING));
        assertTrue(only(FaultInvariants.oneJobPerApp(two, Map.of("a", recorded), Set.of("a"))).contains("2 non-terminal jobs"));
        assertTrue(only(FaultInvariants.oneJobPerApp(List.of(job("j1", "a-v1", JobState.RUNNING)), Map.of("a", recorded),
                Set.of("a"))).contains("is not the recorded job j2"));
    }

    @Test
    void aJobStartedEmptyAfterASnapshotIsCaughtAndUpgradesAndRestartsAreCounted() {
        AppStatus first = status("j1", null, null).withSpec("f", "c1", "h1");
        AppStatus saved = first.withSavepoint(new SavepointRecord("file:/sp/1", "t", "upgrade", "j1", "c1", null));
        AppStatus upgraded = status("j2", "file:/sp/1", saved.lastSavepoint()).withSpec("f", "c2", "h2");
        AppStatus empty = status("j3", null, saved.lastSavepoint()).withSpec("f", "c2", "h2");

        assertEquals(List.of(), FaultInvariants.noEmptyStartAfterASnapshot("a", List.of(first, saved, upgraded)));
        assertTrue(only(FaultInvariants.noEmptyStartAfterASnapshot("a", List.of(first, saved, upgraded, empty)))
                .contains("job j3 (generation 0) started from empty state while file:/sp/1 was recorded"));
        assertEquals(new FaultInvariants.Starts(1, 1), FaultInvariants.starts(List.of(first, saved, upgraded, empty)));
    }

    private static String only(List<String> violations) {
        assertTrue(!violations.isEmpty(), "expected a violation");
        return String.join("\n", violations);
    }

    /** Lines for key-0: counts from..to under the first tag, then from..to under the second. */
    private static List<Line> counts(String tag1, long from1, long to1, String tag2, long from2, long to2) {
        List<Line> lines = new ArrayList<>();
        for (long c = from1; c <= to1; c++) {
            lines.add(new Line("key-0", c, tag1));
        }
        for (long c = from2; c <= to2; c++) {
            lines.add(new Line("key-0", c, tag2));
        }
        return lines;
    }

    private static JobSummary job(String id, String tag, JobState state) {
        return new JobSummary(id, "flink-gitops example counter (" + tag + ")", state, 0);
    }

    private static AppStatus status(String job, String restoredFrom, SavepointRecord savepoint) {
        AppStatus status = AppStatus.empty("faults/a", "f").withJob(new JobRecord(job, "default", "RUNNING", 0, restoredFrom, null));
        return savepoint == null ? status : status.withSavepoint(savepoint);
    }
}
