package dev.flinkgitops.testing;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fake's call log, which the benchmarks time against: off by default, then in call order. */
class FakeFlinkTest {

    @Test
    void keepsNoCallLogUnlessAsked() {
        FakeFlink flink = new FakeFlink().running("j1");
        flink.listJobs();
        assertThrows(IllegalStateException.class, () -> flink.callsSince(0));
    }

    @Test
    void logsCallsInOrderWithTheirJob() {
        FakeFlink flink = new FakeFlink().running("j1").recordCalls();
        long start = System.nanoTime();
        flink.listJobs();
        flink.stopWithSavepoint("j1", "file:///sp", "0123456789");
        flink.runJar("jar-1", new RunRequest("Main", 1, List.of(), null, false, "j2", Map.of()));

        assertEquals(List.of("listJobs", "stopWithSavepoint", "runJar"),
                flink.callsSince(start).stream().map(FakeFlink.Call::method).toList());
        assertEquals("j1", flink.callsSince(start).get(1).jobId());
        assertEquals(JobState.FINISHED, flink.state("j1"));
        assertEquals(1, flink.countRunning());
    }
}
