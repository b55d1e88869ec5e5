package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.Finding;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Specs for the renderer's tests: the example repository's files, or YAML written in a test. */
final class KubeFixtures {

    static final Path EXAMPLE_REPO = Path.of("../example-repo");
    static final String JOB_ID = "0123456789abcdef0123456789abcdef";

    private KubeFixtures() {}

    static AppSpec exampleSpec(String file) {
        try {
            return spec(file, Files.readAllBytes(EXAMPLE_REPO.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A FlinkDeployment {@code payments/orders} whose {@code spec} is the given YAML (indented 2). */
    static AppSpec deployment(String specYaml) {
        String yaml = """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                """ + specYaml;
        return spec("apps/payments/orders.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static AppSpec spec(String file, byte[] content) {
        FileResult result = new SpecValidator(ValidationSettings.defaults()).validateFile(file, content);
        assertEquals(List.of(), result.errors().stream().map(Finding::format).toList(), file);
        assertNotNull(result.spec(), file);
        return result.spec();
    }

    /** All objects as one multi-document YAML, the golden file format. */
    static String yaml(List<HasMetadata> objects) {
        return objects.stream().map(Serialization::asYaml).collect(Collectors.joining());
    }

    /** The rendered objects without the HA access objects (HaRbac), which come first: the cluster's own objects, by index. */
    static List<HasMetadata> withoutHaAccess(List<HasMetadata> objects) {
        return objects.stream().filter(o -> !KubeLabels.HA_ACCESS.equals(o.getMetadata().getLabels().get(KubeLabels.COMPONENT)))
                .toList();
    }
}
