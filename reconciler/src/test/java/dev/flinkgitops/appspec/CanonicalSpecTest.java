package dev.flinkgitops.appspec;

import dev.flinkgitops.yaml.SafeYamlReader;
import dev.flinkgitops.yaml.YamlReadResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalSpecTest {

    private static final String BASE = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkSessionJob
            metadata:
              name: orders
            spec:
              deploymentName: session
              flinkConfiguration:
                pipeline.max-parallelism: 128
              job:
                jarURI: local:///job.jar
                args: ["--tag", "v1"]
            """;

    /** Same meaning: keys reordered, every default written out, numbers as strings, a status. */
    private static final String SAME_MEANING = """
            kind: FlinkSessionJob
            spec:
              job:
                upgradeMode: savepoint
                allowNonRestoredState: false
                state: running
                args: ["--tag", "v1"]
                jarURI: local:///job.jar
              flinkConfiguration:
                pipeline.max-parallelism: "128"
              deploymentName: session
            metadata:
              namespace: default
              name: orders
            apiVersion: flink.apache.org/v1beta1
            status:
              jobStatus: RUNNING
            """;

    /** BASE with its configuration nested (operator 1.13+) and more keys, and the same written flat. */
    private static final String NESTED = BASE.replace("    pipeline.max-parallelism: 128\n", """
                pipeline:
                  max-parallelism: 128
                state: {savepoints.dir: s3://b/sp, checkpoints: {dir: s3://b/cp}}
                high-availability:
                  type: kubernetes
            """);
    private static final String FLAT = BASE.replace("    pipeline.max-parallelism: 128\n", """
                high-availability.type: kubernetes
                pipeline.max-parallelism: "128"
                state.checkpoints.dir: s3://b/cp
                state.savepoints.dir: s3://b/sp
            """);

    private static AppSpec spec(String yaml) {
        YamlReadResult read = new SafeYamlReader(1 << 20, 32).read(yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(read.readable(), () -> read.problems().toString());
        return AppSpecReader.read("f.yaml", read.tree().root());
    }

    private static String hash(String yaml) {
        return spec(yaml).hash();
    }

    @Test
    void keyOrderExplicitDefaultsAndStatusDoNotChangeTheHash() {
        assertEquals(hash(BASE), hash(SAME_MEANING));
    }

    @Test
    void flatAndNestedConfigurationAreOneSpecForTheHashAndTheChangeTable() {
        AppSpec flat = spec(FLAT);
        AppSpec nested = spec(NESTED);

        assertEquals(flat.hash(), nested.hash());
        assertEquals("s3://b/cp", nested.flinkConfiguration().get("state.checkpoints.dir"));
        assertEquals(flat.flinkConfiguration(), nested.flinkConfiguration());
        assertEquals(java.util.List.of(), dev.flinkgitops.plan.ChangeTable.classify(flat, nested, true).fields());
        assertNotEquals(hash(FLAT), hash(NESTED.replace("s3://b/cp", "s3://b/other")), "a nested value is compared");
    }

    @Test
    void aChangedArgumentChangesTheHash() {
        assertNotEquals(hash(BASE), hash(BASE.replace("\"v1\"", "\"v2\"")));
    }

    @Test
    void aNonDefaultValueChangesTheHash() {
        assertNotEquals(hash(BASE), hash(BASE.replace("jarURI: local:///job.jar",
                "jarURI: local:///job.jar\n    upgradeMode: stateless")));
        assertNotEquals(hash(BASE), hash(BASE.replace("name: orders", "name: orders\n  namespace: payments")));
    }

    @Test
    void canonicalJsonIsSortedWithDefaults() {
        YamlReadResult read = new SafeYamlReader(1 << 20, 32).read(SAME_MEANING.getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"apiVersion\":\"flink.apache.org/v1beta1\",\"kind\":\"FlinkSessionJob\","
                + "\"metadata\":{\"name\":\"orders\",\"namespace\":\"default\"},"
                + "\"spec\":{\"deploymentName\":\"session\",\"flinkConfiguration\":{\"pipeline.max-parallelism\":\"128\"},"
                + "\"job\":{\"allowNonRestoredState\":false,\"args\":[\"--tag\",\"v1\"],\"jarURI\":\"local:///job.jar\","
                + "\"state\":\"running\",\"upgradeMode\":\"savepoint\"}}}", CanonicalSpec.json(read.tree().root()));
    }
}
