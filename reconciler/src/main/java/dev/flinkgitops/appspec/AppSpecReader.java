package dev.flinkgitops.appspec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the {@link AppSpec} model from a resource that passed the schema, applying defaults. */
public final class AppSpecReader {

    private AppSpecReader() {}

    public static AppSpec read(String file, JsonNode resource) {
        JsonNode metadata = resource.path("metadata");
        JsonNode spec = resource.path("spec");
        AppId id = new AppId(textOr(metadata.path("namespace"), AppId.DEFAULT_NAMESPACE),
                metadata.path("name").asText());
        Kind kind = Kind.fromYaml(resource.path("kind").asText());
        return new AppSpec(file, id, kind, labels(metadata.path("labels")),
                textOr(spec.path("deploymentName"), null),
                textOr(spec.path("flinkVersion"), null),
                flinkConfiguration(spec.path("flinkConfiguration")),
                spec.path("job").isObject() ? job(spec.path("job")) : null,
                CanonicalSpec.hash(resource),
                withoutStatus(resource));
    }

    /** The resource without {@code status} and server-set metadata ({@link ServerFields}). */
    private static JsonNode withoutStatus(JsonNode resource) {
        return ServerFields.without(resource);
    }

    static JobSpec job(JsonNode job) {
        JsonNode upgradeMode = job.path("upgradeMode");
        List<String> args = new ArrayList<>();
        job.path("args").forEach(arg -> args.add(arg.asText()));
        return new JobSpec(
                textOr(job.path("jarURI"), null),
                textOr(job.path("entryClass"), null),
                args,
                job.path("parallelism").isIntegralNumber() ? job.get("parallelism").intValue() : null,
                DesiredState.fromYaml(textOr(job.path("state"), DesiredState.RUNNING.yamlName())),
                upgradeMode.isTextual() ? UpgradeMode.fromYaml(upgradeMode.asText()) : UpgradeMode.SAVEPOINT,
                !upgradeMode.isTextual(),
                job.path("allowNonRestoredState").asBoolean(false),
                textOr(job.path("initialSavepointPath"), null),
                job.path("savepointTriggerNonce").isIntegralNumber() ? job.get("savepointTriggerNonce").longValue() : null,
                job.path("savepointRedeployNonce").isIntegralNumber() ? job.get("savepointRedeployNonce").longValue() : null,
                job.path("checkpointTriggerNonce").isIntegralNumber() ? job.get("checkpointTriggerNonce").longValue() : null);
    }

    /** {@code spec.flinkConfiguration} flattened as the operator does it ({@link FlatConfiguration}), values as strings. */
    public static TreeMap<String, String> flinkConfiguration(JsonNode configuration) {
        return new TreeMap<>(FlatConfiguration.of(configuration, "").values());
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> result = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    private static String textOr(JsonNode node, String fallback) {
        return node.isTextual() ? node.asText() : fallback;
    }
}
