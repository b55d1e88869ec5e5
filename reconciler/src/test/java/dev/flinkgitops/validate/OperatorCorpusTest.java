package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.plan.ChangeTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operator-style files teams already have ({@code operator-corpus/NAME.yaml}): nested
 * flinkConfiguration, anchors and aliases, merge keys, and the bombs that must stay refused.
 * Each is validated alone and checked against {@code NAME.expected}: a first line {@code valid}
 * or {@code invalid} (or {@code skipped}: not deployed, no error, as the operator's canaries); {@code config KEY = VALUE} lines, flattened configuration the model must
 * hold; {@code at POINTER = VALUE} lines, values of the expanded tree; every other line the
 * start of one formatted finding, in order (as in {@link InvalidSpecsTest}). A first line
 * {@code # settings: kubernetesTarget=true} validates for the Kubernetes target.
 * A file of several documents ({@code multi-*.yaml}) has one section per document in its
 * {@code .expected}, separated by {@code ---} lines, each in the format above; its documents are
 * also checked against each other (a duplicate identity).
 * {@code pair-X-flat.yaml} and {@code pair-X-nested.yaml} are one app written two ways: same hash,
 * no change for the change table, and (a FlinkDeployment) the same rendered Kubernetes objects.
 */
class OperatorCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/operator-corpus");

    static Stream<String> cases() throws IOException {
        return names(".yaml");
    }

    static Stream<String> pairs() throws IOException {
        return names("-flat.yaml").filter(name -> name.startsWith("pair-"));
    }

    private static Stream<String> names(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validationMatchesExpected(String name) throws IOException {
        List<FileResult> results = validateDocuments(name);
        List<List<String>> sections = new ArrayList<>(List.of(new ArrayList<>()));
        for (String line : Files.readAllLines(CORPUS.resolve(name + ".expected"), StandardCharsets.UTF_8)) {
            if (line.equals("---")) {
                sections.add(new ArrayList<>());
            } else if (!line.isBlank()) {
                sections.get(sections.size() - 1).add(line);
            }
        }
        assertEquals(sections.size(), results.size(), name + ": one section of .expected per document\n" + results);
        for (int i = 0; i < results.size(); i++) {
            check(results.get(i), sections.get(i), name + " document " + (i + 1));
        }
    }

    /** One document's result against its section of the .expected file. */
    private static void check(FileResult result, List<String> expected, String name) {
        List<String> actual = result.findings().stream().map(Finding::format).toList();
        String report = name + "\nactual:\n" + String.join("\n", actual) + "\nexpected:\n" + String.join("\n", expected);

        assertEquals(expected.get(0).equals("valid"), result.valid(), report);
        assertEquals(expected.get(0).equals("skipped"), result.skipped(), report);
        List<String> findings = new ArrayList<>();
        for (String line : expected.subList(1, expected.size())) {
            if (line.startsWith("config ")) {
                String[] keyValue = line.substring("config ".length()).split(" = ", 2);
                assertEquals(keyValue[1], result.spec().flinkConfiguration().get(keyValue[0]), line + "\n" + report);
            } else if (line.startsWith("at ")) {
                String[] pointerValue = line.substring("at ".length()).split(" = ", 2);
                assertEquals(pointerValue[1], result.spec().resource().at(pointerValue[0]).asText(), line);
            } else {
                findings.add(line);
            }
        }
        assertEquals(findings.size(), actual.size(), report);
        for (int i = 0; i < findings.size(); i++) {
            assertTrue(actual.get(i).startsWith(findings.get(i)), "finding " + i + " differs\n" + report);
        }
        if (!result.valid()) {
            assertNull(result.spec(), "an invalid spec has no model");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void flatAndNestedSpellingsAreOneSpec(String name) throws IOException {
        AppSpec flat = validate(name + "-flat").spec();
        AppSpec nested = validate(name + "-nested").spec();
        assertNotNull(flat, name + "-flat is valid");
        assertNotNull(nested, name + "-nested is valid");

        assertEquals(flat.flinkConfiguration(), nested.flinkConfiguration());
        assertEquals(flat.hash(), nested.hash(), "reformatting is not a change of the desired job");
        for (boolean kubernetes : new boolean[] {false, true}) {
            assertEquals(List.of(), ChangeTable.classify(flat, nested, kubernetes).fields(), "kubernetes " + kubernetes);
            assertEquals(List.of(), ChangeTable.classify(nested, flat, kubernetes).fields(), "kubernetes " + kubernetes);
        }
        if (flat.kind() == Kind.FLINK_DEPLOYMENT) {
            String jobId = "0123456789abcdef0123456789abcdef";
            assertEquals(Renderer.render(new RenderRequest(flat, jobId, null, null)),
                    Renderer.render(new RenderRequest(nested, jobId, null, null)), "the same ConfigMap, Services and Deployments");
        }
    }

    private static FileResult validate(String name) throws IOException {
        List<FileResult> documents = validateDocuments(name);
        assertEquals(1, documents.size(), name);
        return documents.get(0);
    }

    /** Each document of the file, with the identity check across them (a file is a repository of its own here). */
    private static List<FileResult> validateDocuments(String name) throws IOException {
        byte[] content = Files.readAllBytes(CORPUS.resolve(name + ".yaml"));
        ValidationSettings settings = ValidationSettings.defaults();
        if (new String(content, StandardCharsets.UTF_8).startsWith("# settings: kubernetesTarget=true")) {
            settings = settings.withKubernetesTarget(true);
        }
        SpecValidator validator = new SpecValidator(settings);
        // identities across the file's documents; a snapshot's jobReference names an app of another file, so not across files
        return IdentityCheck.check(validator.validateDocuments(name + ".yaml", () -> content), java.util.Map.of());
    }
}
