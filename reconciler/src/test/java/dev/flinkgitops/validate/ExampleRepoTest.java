package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.UpgradeMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code example-repo/} is what users copy: every spec in it must validate without errors. */
class ExampleRepoTest {

    private static final Path REPO = Path.of("../example-repo");
    private static final String SCHEMA_COMMENT = "# yaml-language-server: $schema=";

    @Test
    void everyExampleSpecValidatesWithoutErrors() throws IOException {
        Map<String, byte[]> files = exampleFiles();
        assertTrue(files.size() >= 2, "example-repo has specs: " + files.keySet());

        List<FileResult> results = new SpecValidator(ValidationSettings.defaults()).validateAll(files);

        assertEquals(files.size(), results.size());
        for (FileResult result : results) {
            assertEquals(List.of(), result.errors().stream().map(Finding::format).toList(), result.file());
            assertNotNull(result.spec(), result.file());
            if (result.spec().hasJob()) {
                assertTrue(result.spec().job().upgradeMode().stateful(), result.file());
            }
        }
    }

    @Test
    void examplesDescribeTheDocumentedApps() throws IOException {
        Map<String, AppSpec> specs = new TreeMap<>();
        new SpecValidator(ValidationSettings.defaults()).validateAll(exampleFiles())
                .forEach(r -> specs.put(r.file(), r.spec()));

        AppSpec orders = specs.get("apps/payments/orders-counter.yaml");
        assertEquals(new AppId("payments", "orders-counter"), orders.id());
        assertEquals(Kind.FLINK_DEPLOYMENT, orders.kind());
        assertEquals(2, orders.job().parallelism());
        assertEquals(UpgradeMode.SAVEPOINT, orders.job().upgradeMode());
        assertEquals("dev.flinkgitops.example.CounterJob", orders.job().entryClass());
        assertEquals("5s", orders.flinkConfiguration().get("execution.checkpointing.interval"));

        AppSpec clicks = specs.get("apps/analytics/clicks-counter.yaml");
        assertEquals(new AppId("analytics", "clicks-counter"), clicks.id());
        assertEquals(Kind.FLINK_SESSION_JOB, clicks.kind());
        assertEquals("session", clicks.deploymentName());
        assertEquals(1, clicks.job().parallelism());
    }

    @Test
    void everyExampleSpecPointsEditorsAtTheSchema() throws IOException {
        for (Map.Entry<String, byte[]> file : exampleFiles().entrySet()) {
            String firstLine = new String(file.getValue(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith(SCHEMA_COMMENT), file.getKey());
            Path schema = REPO.resolve(file.getKey()).getParent().resolve(firstLine.substring(SCHEMA_COMMENT.length()));
            assertTrue(Files.isRegularFile(schema), file.getKey() + " names a schema that exists: " + schema.normalize());
        }
    }

    /** Files by repository-relative path, as the daemon sees them. */
    private static Map<String, byte[]> exampleFiles() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(REPO.resolve("apps"))) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(REPO.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }
}
