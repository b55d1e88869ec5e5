package dev.flinkgitops.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner's table: each file in {@code planner-cases/} is (head spec, recorded status,
 * observed Flink state, clock) and the expected plan. In a case, {@code hash:NAME} stands for
 * the hash of spec fixture NAME and {@code derive:COMMIT:GEN} for the job id the daemon
 * derives for the app, commit and generation.
 */
class PlannerCasesTest {

    private static final Path CASES = Path.of("src/test/resources/planner-cases");
    private static final AppId APP = new AppId("payments", "orders-counter");
    private static final String FILE = "apps/payments/orders-counter.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());
    private static final PlannerSettings SETTINGS = new PlannerSettings("default", "file:///savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false);
    private static final Planner PLANNER = new Planner(SETTINGS);

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planMatchesTheTable(Path file) throws IOException {
        JsonNode testCase = substitute(YAML.readTree(file.toFile()));
        Plan plan = PLANNER.plan(input(testCase));
        JsonNode expect = testCase.get("expect");
        assertEquals(expect.get("plan").asText(), plan.getClass().getSimpleName(), () -> "plan: " + plan);
        checkExpectations(expect, plan);
    }

    private static PlanInput input(JsonNode testCase) throws IOException {
        JsonNode head = testCase.get("head");
        String commit = head.get("commit").asText();
        Desired desired;
        if (head.path("removed").asBoolean()) {
            desired = Desired.removed(commit);
        } else {
            FileResult result = read(head.get("spec").asText());
            desired = head.path("invalid").asBoolean() ? Desired.invalid(FILE, result.errors(), commit)
                    : Desired.valid(result.spec(), commit);
            assertEquals(head.path("invalid").asBoolean(), !result.valid(), "fixture validity: " + result.findings());
        }
        AppStatus status = testCase.has("status") ? YAML.treeToValue(testCase.get("status"), AppStatus.class) : null;
        AppSpec recordedSpec = testCase.has("recordedSpec") ? read(testCase.get("recordedSpec").asText()).spec() : null;
        Instant now = Instant.parse(testCase.path("now").asText("2026-11-21T10:00:00Z"));
        AppSpec stableSpec = testCase.has("stableSpec") ? read(testCase.get("stableSpec").asText()).spec() : null;
        // finalSavepointsSince: the daemon is stopping with its embedded cluster
        Instant finalSavepointsSince = testCase.has("finalSavepointsSince")
                ? Instant.parse(testCase.get("finalSavepointsSince").asText()) : null;
        return new PlanInput(APP, desired, status, recordedSpec, null, stableSpec, observed(testCase),
                testCase.path("deletionRefused").asText(null), now, finalSavepointsSince);
    }

    private static Observed observed(JsonNode testCase) {
        Map<String, Map<String, JobSummary>> jobs = new HashMap<>();
        testCase.path("jobs").fields().forEachRemaining(cluster -> {
            Map<String, JobSummary> byId = new HashMap<>();
            cluster.getValue().forEach(job -> byId.put(job.get("id").asText(), new JobSummary(job.get("id").asText(),
                    "job", JobState.parse(job.get("state").asText()), 0)));
            jobs.put(cluster.getKey(), byId);
        });
        Set<String> unreachable = new HashSet<>();
        testCase.path("unreachable").forEach(name -> unreachable.add(name.asText()));
        Map<String, SavepointStatus> savepoints = new HashMap<>();
        testCase.path("savepoints").fields().forEachRemaining(entry -> savepoints.put(entry.getKey(),
                new SavepointStatus(SavepointStatus.Kind.valueOf(entry.getValue().get("kind").asText()),
                        entry.getValue().path("location").asText(null), entry.getValue().path("failureCause").asText(null))));
        Map<String, CheckpointInfo> checkpoints = new HashMap<>();
        testCase.path("checkpoints").fields().forEachRemaining(entry -> checkpoints.put(entry.getKey(),
                new CheckpointInfo(entry.getValue().path("completed").asLong(0), entry.getValue().path("latestPath").asText(null),
                        entry.getValue().has("latestTime") ? Instant.parse(entry.getValue().get("latestTime").asText()).toEpochMilli() : -1,
                        entry.getValue().path("retainedOnCancellation").asBoolean(false),
                        entry.getValue().has("exists") ? entry.getValue().get("exists").asBoolean() : null)));
        Map<String, dev.flinkgitops.port.RescaleView> rescales = new HashMap<>();
        testCase.path("rescales").fields().forEachRemaining(entry -> rescales.put(entry.getKey(),
                new dev.flinkgitops.port.RescaleView(entry.getValue().path("version").asText(null),
                        entry.getValue().path("scheduler").asText(null), ints(entry.getValue().path("bounds")),
                        ints(entry.getValue().path("running")), entry.getValue().path("checkpoints").asLong(1))));
        return new Observed(jobs, unreachable, savepoints, checkpoints).withRescales(rescales);
    }

    private static Map<String, Integer> ints(JsonNode node) {
        Map<String, Integer> ints = new HashMap<>();
        node.fields().forEachRemaining(entry -> ints.put(entry.getKey(), entry.getValue().asInt()));
        return ints;
    }

    private static void checkExpectations(JsonNode expect, Plan plan) {
        AppStatus next = plan instanceof Plan.Record r ? r.next() : plan instanceof Plan.Submit s ? s.next()
                : plan instanceof Plan.Dispose d ? d.next() : plan instanceof Plan.StopStray stray ? stray.next()
                : plan instanceof Plan.Rescale rescale ? rescale.refused() : null;
        Iterator<Map.Entry<String, JsonNode>> fields = expect.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String want = field.getValue().isNull() ? null : field.getValue().asText();
            String got = switch (field.getKey()) {
                case "plan" -> plan.getClass().getSimpleName();
                case "waiting" -> String.valueOf(((Plan.Nothing) plan).waiting());
                case "why" -> plan.why().contains(want) ? want : plan.why();
                case "phase" -> String.valueOf(next.phase());
                case "step" -> next.operation() == null ? null : next.operation().step().name();
                case "triggerId" -> plan instanceof Plan.StopWithSavepoint stop ? stop.triggerId()
                        : plan instanceof Plan.TriggerSavepoint savepoint ? savepoint.triggerId()
                        : next.operation() == null ? null : next.operation().triggerId();
                case "jobId" -> plan instanceof Plan.StopWithSavepoint stop ? stop.jobId()
                        : plan instanceof Plan.TriggerSavepoint savepoint ? savepoint.jobId()
                        : plan instanceof Plan.Cancel cancel ? cancel.jobId()
                        : plan instanceof Plan.StopStray stray ? stray.jobId()
                        : plan instanceof Plan.Rescale rescale ? rescale.jobId() : next.job().id();
                case "parallelism" -> String.valueOf(plan instanceof Plan.Rescale rescale ? (Object) rescale.parallelism()
                        : next.job().parallelism());
                case "mode" -> next.operation().mode().yamlName();
                case "format" -> java.util.Objects.toString(plan instanceof Plan.StopWithSavepoint stop ? stop.format()
                        : plan instanceof Plan.TriggerSavepoint savepoint ? savepoint.format()
                        : ((Plan.StopStray) plan).format(), null);
                case "stableCommit" -> next.stableCommit();
                case "disposed" -> ((Plan.Dispose) plan).path().equals(next.disposed().get(0).path())
                        && next.savepoints().stream().noneMatch(sp -> sp.path().equals(want)) ? ((Plan.Dispose) plan).path() : "?";
                case "jobState" -> next.job().state();
                case "restoreFrom" -> ((Plan.Submit) plan).request().savepointPath();
                case "allowNonRestoredState" -> String.valueOf(((Plan.Submit) plan).request().allowNonRestoredState());
                case "lastSavepoint" -> next.lastSavepoint().path();
                case "rollbackTo" -> next.lastSavepoint().rollbackTo();
                case "specCommit" -> next.specCommit();
                case "error" -> next.lastError() != null && next.lastError().message().contains(want) ? want
                        : String.valueOf(next.lastError());
                case "retryAfter" -> next.lastError().retryAfter();
                default -> throw new AssertionError("unknown expectation " + field.getKey());
            };
            assertEquals(want, got, field.getKey() + " of " + plan);
        }
        if (plan instanceof Plan.Submit submit) {
            assertNotNull(submit.request().jobId());
            assertTrue(submit.request().flinkConfiguration().containsKey("state.savepoints.dir"));
        }
    }

    private static FileResult read(String name) throws IOException {
        return VALIDATOR.validateFile(FILE, Files.readAllBytes(CASES.resolve("specs").resolve(name + ".yaml")));
    }

    private static JsonNode substitute(JsonNode node) throws IOException {
        if (node.isTextual()) {
            String text = node.asText();
            if (text.startsWith("hash:")) {
                return TextNode.valueOf(read(text.substring(5)).spec().hash());
            }
            if (text.startsWith("derive:")) {
                int split = text.lastIndexOf(':');
                return TextNode.valueOf(JobIds.derive(APP, text.substring(7, split), Integer.parseInt(text.substring(split + 1))));
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), substitute(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = YAML.createArrayNode();
            for (JsonNode item : node) {
                copy.add(substitute(item));
            }
            return copy;
        }
        return node;
    }
}
