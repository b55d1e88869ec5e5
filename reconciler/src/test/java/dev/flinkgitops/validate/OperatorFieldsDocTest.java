package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/operator-fields.md names every field the schema knows and every field and key that
 * validate reports, so the table a user reads is the one the code applies.
 */
class OperatorFieldsDocTest {

    private static final Path DOC = Path.of("../docs/operator-fields.md");
    private static final Path SCHEMA = Path.of("../schema/flink-gitops.schema.json");

    @Test
    void everySchemaFieldOfTheSpecsIsInTheTable() throws IOException {
        String doc = Files.readString(DOC);
        JsonNode defs = new ObjectMapper().readTree(SCHEMA.toFile()).path("$defs");
        List<String> missing = new ArrayList<>();
        for (String[] def : new String[][] {{"flinkDeploymentSpec", ""}, {"flinkSessionJobSpec", ""}, {"job", "job."},
                {"jobManager", "jobManager."}, {"taskManager", "taskManager."}}) {
            defs.path(def[0]).path("properties").fieldNames().forEachRemaining(field -> {
                if (!doc.contains("`" + def[1] + field + "`") && !doc.contains("`" + def[1] + field + "` (")) {
                    missing.add(def[1] + field);
                }
            });
        }
        defs.path("ingress").path("properties").fieldNames().forEachRemaining(field -> {
            if (!doc.contains("`" + field + "`")) {
                missing.add("ingress." + field);
            }
        });
        assertEquals(List.of(), missing, "fields of the schema that docs/operator-fields.md does not name");
    }

    @Test
    void everyReportedFieldAndKeyIsInTheTable() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        for (String pointer : OperatorFields.FIELDS.keySet()) {
            String field = pointer.substring("/spec/".length()).replace('/', '.');
            if (!doc.contains("`" + field + "`")) {
                missing.add(field);
            }
        }
        ConfigurationReport.NATIVE_ONLY.stream().filter(key -> !doc.contains("`" + key + "`")).forEach(missing::add);
        ConfigurationReport.OPERATOR_KEYS_ACTED_ON.stream().filter(key -> !doc.contains("`" + key + "`")).forEach(missing::add);
        SchemaMessages.VENDOR_FIELDS.keySet().stream().map(p -> p.substring(1).replace('/', '.'))
                .filter(field -> !doc.contains("`" + field + "`")).forEach(missing::add);
        FlinkVersions.SUPPORTED.stream().filter(v -> !doc.contains(v)).forEach(missing::add);
        assertEquals(List.of(), missing, "reported fields and keys that docs/operator-fields.md does not name");
        assertTrue(doc.contains(OperatorFields.SESSION_CLUSTER_PLURAL.substring(0, 40)));
    }
}
