package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The field to consequence table, one row per field: what a reviewer reads is what the daemon does. */
class ChangeTableTest {

    private static final String BASE = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata:
              name: orders
              labels: {team: payments}
            spec:
              image: flink:2.3-java17
              restartNonce: 3
              flinkVersion: v2_3
              flinkConfiguration:
                execution.checkpointing.interval: "5s"
                kubernetes.operator.periodic.savepoint.interval: "1h"
              jobManager: {resource: {memory: "1600m", cpu: 1}}
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                args: ["--tag", "v1"]
                parallelism: 2
                upgradeMode: savepoint
                state: running
            """;

    private static AppSpec spec(String yaml) {
        AppSpec spec = new SpecValidator(ValidationSettings.defaults()).validateFile("a.yaml",
                yaml.getBytes(StandardCharsets.UTF_8)).spec();
        if (spec == null) {
            throw new AssertionError("fixture invalid: " + yaml);
        }
        return spec;
    }

    @ParameterizedTest(name = "{0} -> {3} (session), {4} (Kubernetes)")
    @CsvSource(delimiter = '|', value = {
        "spec.job.jarURI                         | local:///opt/flink/usrlib/job.jar | local:///opt/flink/usrlib/job-2.jar | UPGRADE  | UPGRADE",
        "spec.job.entryClass                     | com.example.Job        | com.example.Job2      | UPGRADE  | UPGRADE",
        "spec.job.args                           | \"--tag\", \"v1\"      | \"--tag\", \"v2\"     | UPGRADE  | UPGRADE",
        "spec.job.parallelism                    | 'parallelism: 2'       | 'parallelism: 3'      | SCALE    | SCALE",
        "spec.job.upgradeMode                    | 'upgradeMode: savepoint' | 'upgradeMode: last-state' | IGNORE | IGNORE",
        "spec.job.state                          | 'state: running'       | 'state: suspended'    | IGNORE   | IGNORE",
        "spec.flinkVersion                       | v2_3                   | v2_2                  | UPGRADE  | UPGRADE",
        "spec.flinkVersion (1.x to 2.x)          | v2_3                   | v1_20                 | REDEPLOY | REDEPLOY",
        "spec.restartNonce                       | 'restartNonce: 3'      | 'restartNonce: 4'     | UPGRADE  | UPGRADE",
        "spec.flinkConfiguration (Flink key)     | '\"5s\"'               | '\"10s\"'             | UPGRADE  | UPGRADE",
        "spec.flinkConfiguration (operator key)  | '\"1h\"'               | '\"2h\"'              | IGNORE   | IGNORE",
        "spec.image                              | flink:2.3-java17       | flink:2.3.1-java17    | IGNORE   | REDEPLOY",
        "spec.jobManager                         | '\"1600m\"'            | '\"2048m\"'           | IGNORE   | REDEPLOY",
        "metadata.labels                         | 'team: payments'       | 'team: billing'       | IGNORE   | IGNORE",
    })
    void eachFieldHasItsConsequence(String field, String before, String after, Consequence session, Consequence kubernetes) {
        AppSpec was = spec(BASE);
        AppSpec now = spec(BASE.replace(before.trim(), after.trim()));
        assertEquals(session, ChangeTable.classify(was, now, false).consequence(), field);
        assertEquals(kubernetes, ChangeTable.classify(was, now, true).consequence(), field);
        assertEquals(false, ChangeTable.classify(was, now, true).fields().isEmpty(), field + " is listed");
    }
}
