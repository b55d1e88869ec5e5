package dev.flinkgitops.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events of a status move, as a table: before, after, the events (type and savepoint) expected. */
class EventsTest {

    private static final AppId APP = new AppId("team", "orders");
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SP1 = "file:///savepoints/team/orders/savepoint-1";
    private static final String SP2 = "file:///savepoints/team/orders/savepoint-2";

    private static AppStatus base() {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml").withSpec("apps/orders.yaml", "c1c1c1c1c1c1", "h1");
    }

    private static JobRecord job(String id, String restoredFrom) {
        return new JobRecord(id, "default", "RUNNING", 1, restoredFrom, "2026-11-30T11:00:00Z");
    }

    private static AppStatus running(String jobId, String restoredFrom) {
        return base().withJob(job(jobId, restoredFrom)).withPhase(Phase.RUNNING, "job " + jobId + " is RUNNING");
    }

    private static OperationRecord operation(OperationType type, OperationStep step, String savepoint) {
        return new OperationRecord(type, step, "c2c2c2c2c2c2", "h2", UpgradeMode.SAVEPOINT, "t1", "j1", savepoint,
                "2026-11-30T11:30:00Z");
    }

    private static ErrorRecord error(String message, String hash, int attempts) {
        return new ErrorRecord(message, "c2c2c2c2c2c2", hash, attempts, "2026-11-30T11:59:00Z",
                attempts < 5 ? "2026-11-30T12:01:00Z" : null);
    }

    private static AppStatus upgradingStarting() {
        return running("j1", null).withOperation(operation(OperationType.UPGRADE, OperationStep.STARTING, SP1))
                .withPhase(Phase.UPGRADING, "upgrade to c2: savepoint taken");
    }

    private static AppStatus deploying(AppStatus from, String jobId, String restoredFrom) {
        return from.withSpec("apps/orders.yaml", "c2c2c2c2c2c2", "h2").withOperation(null)
                .withJob(job(jobId, restoredFrom)).withPhase(Phase.DEPLOYING, "started job " + jobId);
    }

    private static AppStatus suspended() {
        return running("j1", null).withSavepoint(new SavepointRecord(SP1, "t1", "suspend", "j1", "c1", "2026-11-30T11:40:00Z"))
                .withPhase(Phase.SUSPENDED, "suspended with savepoint " + SP1);
    }

    static Stream<Arguments> moves() {
        AppStatus stray = running("j1", null).withError(error(Plan.STRAY_JOB + "j9 of this app found RUNNING", "h1", 1));
        AppStatus blocked = running("j1", null).withError(error("savepoint failed: disk full", "h2", 1))
                .withPhase(Phase.BLOCKED, "savepoint failed: disk full");
        AppStatus rewound = running("j1", SP1).withJob(job("j1", SP1).withJobManagerRestarts(0));
        return Stream.of(
                Arguments.of("nothing changed", running("j1", null), running("j1", null), List.of()),
                Arguments.of("a new app's first job", null, deploying(base(), "j1", null), List.of("deployed:null")),
                Arguments.of("ready: no new outcome", deploying(base(), "j1", null), running("j1", null), List.of()),
                Arguments.of("an upgrade's new job", upgradingStarting(), deploying(upgradingStarting(), "j2", SP1),
                        List.of("upgraded:" + SP1)),
                Arguments.of("the upgrade begins: no outcome yet", running("j1", null), running("j1", null)
                        .withOperation(operation(OperationType.UPGRADE, OperationStep.STOPPING, null))
                        .withPhase(Phase.UPGRADING, "upgrade"), List.of()),
                Arguments.of("suspended with a savepoint", running("j1", null)
                        .withOperation(operation(OperationType.SUSPEND, OperationStep.STARTING, SP1)).withPhase(Phase.SUSPENDING, "s"),
                        suspended(), List.of("suspended:" + SP1)),
                Arguments.of("a new app that starts suspended is not a suspension", null,
                        base().withPhase(Phase.SUSPENDED, "not started"), List.of()),
                Arguments.of("resumed from the suspend savepoint", suspended(), deploying(suspended(), "j2", SP1),
                        List.of("resumed:" + SP1)),
                Arguments.of("resumed after a failed first start", suspended().withPhase(Phase.BLOCKED, "start failed"),
                        deploying(suspended(), "j2", SP1), List.of("resumed:" + SP1)),
                Arguments.of("a restart after a failure is no outcome", running("j1", null).withPhase(Phase.BLOCKED, "x"),
                        deploying(running("j1", null), "j2", null), List.of()),
                Arguments.of("deleted with the final savepoint", running("j1", null)
                        .withOperation(operation(OperationType.DELETE, OperationStep.STARTING, SP2)).withPhase(Phase.DELETING, "d"),
                        running("j1", null).withPhase(Phase.DELETED, "spec removed"), List.of("deleted:" + SP2)),
                Arguments.of("a deleted app's file comes back", running("j1", null).withPhase(Phase.DELETED, "spec removed"),
                        deploying(running("j1", null).withPhase(Phase.DELETED, "x"), "j2", null), List.of("deployed:null")),
                Arguments.of("blocked on the first attempt", running("j1", null), blocked, List.of("blocked:null")),
                Arguments.of("the same block, a tick later", blocked, blocked.withError(new ErrorRecord(
                        "savepoint failed: disk full", "c2c2c2c2c2c2", "h2", 1, "2026-11-30T12:00:00Z", "x")), List.of()),
                Arguments.of("a retry blocked again stays quiet", blocked.withPhase(Phase.UPGRADING, "retry"),
                        blocked.withError(error("savepoint failed: disk full", "h2", 2)), List.of()),
                Arguments.of("gave up: stalled", blocked, blocked.withError(error("gave up after 5 attempts", "h2", 5))
                        .withPhase(Phase.STALLED, "gave up after 5 attempts"), List.of("stalled:null")),
                Arguments.of("a new invalid commit while stalled", running("j1", null).withError(error("bad: /spec", "h3", 1))
                        .withPhase(Phase.STALLED, "invalid"), running("j1", null).withError(error("worse: /spec", "h4", 1))
                        .withPhase(Phase.STALLED, "invalid"), List.of("stalled:null")),
                Arguments.of("rolled back", deploying(base(), "j3", SP1).withPhase(Phase.ROLLING_BACK, "rolling back"),
                        deploying(base(), "j3", SP1).withPhase(Phase.ROLLED_BACK, "rolled back: job j3 is RUNNING")
                                .withError(error("not ready: job j2 is FAILED", "h2", 1)), List.of("rolled_back:" + SP1)),
                Arguments.of("a chosen restore point", running("j1", null), deploying(running("j1", null), "j2", SP2)
                        .withSavepoint(new SavepointRecord(SP2, null, SavepointRecord.CHOSEN, null, "c2", "t")),
                        List.of("state_regression:" + SP2)),
                Arguments.of("rewound by a JobManager restart", rewound,
                        rewound.withJob(rewound.job().withJobManagerRestarts(1)), List.of("state_regression:" + SP1)),
                Arguments.of("a stray job stopped", running("j1", null), stray, List.of("stray_job_stopped:null")),
                Arguments.of("the same stray a tick later", stray, stray.withError(new ErrorRecord(stray.lastError().message(),
                        "c1", "h1", 1, "2026-11-30T12:00:05Z", null)), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moves")
    void eachOutcomeIsOneEvent(String name, AppStatus before, AppStatus after, List<String> expected) {
        List<String> events = Events.of(APP, before, after, NOW).stream().map(e -> e.event() + ":" + e.savepoint()).toList();
        assertEquals(expected, events, name);
    }

    @Test
    void everyOutcomeOfTheIssueHasARowInTheTable() {
        List<String> covered = moves().flatMap(row -> ((List<?>) row.get()[3]).stream()).map(e -> e.toString().split(":")[0])
                .distinct().sorted().toList();
        assertEquals(Stream.of(EventType.values()).map(EventType::wire).sorted().toList(), covered);
    }

    @Test
    void theMapsOfATickGiveTheEventsOfTheAppsThatMoved() {
        AppId other = new AppId("team", "other");
        List<Event> events = Events.between(Map.of(APP, upgradingStarting(), other, running("x1", null)),
                Map.of(APP, deploying(upgradingStarting(), "j2", SP1), other, running("x1", null)), NOW);
        assertEquals(1, events.size());
        Event upgraded = events.get(0);
        assertEquals(EventType.UPGRADED, upgraded.type());
        assertEquals("team/orders", upgraded.app());
        assertEquals("c2c2c2c2c2c2", upgraded.specCommit());
        assertEquals("j2", upgraded.jobId());
        assertEquals(NOW.toString(), upgraded.time());
    }

    @Test
    void thePayloadHasEveryFieldASlackTextAndNoSecret() throws Exception {
        String canary = "canary-7f3e9";
        AppStatus after = deploying(upgradingStarting(), "j2", "s3://user:" + canary + "@bucket/savepoint-1")
                .withPhase(Phase.DEPLOYING, "started with --password " + canary + " and token=" + canary + " <b>&");
        Event event = Events.of(APP, upgradingStarting(), after, NOW).get(0);
        String json = event.toJson();
        assertFalse(json.contains(canary), json);
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals(List.of("event", "app", "phase", "specCommit", "jobId", "savepoint", "message", "time", "text"),
                iterable(node.fieldNames()));
        assertEquals("upgraded", node.get("event").asText());
        assertEquals("s3://bucket/savepoint-1", node.get("savepoint").asText());
        String text = node.get("text").asText();
        assertTrue(text.startsWith(":arrows_counterclockwise: *team/orders* upgraded at c2c2c2c2c2: started with --password "),
                text);
        assertTrue(text.endsWith("&lt;b&gt;&amp; (savepoint s3://bucket/savepoint-1)"), "Slack's special characters are escaped, "
                + "and the savepoint the message does not name follows: " + text);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
