package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code invalid-specs/NAME.yaml} is validated alone and its findings, formatted, must
 * match {@code NAME.expected} line by line: each expected line is the start of the formatted
 * finding (file:line:column: pointer: and as much of the message as is worth pinning).
 * A first line {@code # settings: defaultSavepointDirConfigured=false} changes the settings.
 */
class InvalidSpecsTest {

    private static final Path CORPUS = Path.of("src/test/resources/invalid-specs");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
            assertTrue(names.size() >= 12, "the corpus has at least 12 invalid files");
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findingsMatchExpected(String name) throws IOException {
        byte[] content = Files.readAllBytes(CORPUS.resolve(name + ".yaml"));
        FileResult result = new SpecValidator(settingsFor(content)).validateFile(name + ".yaml", content);
        List<String> actual = result.findings().stream().map(Finding::format).toList();
        List<String> expected = Files.readAllLines(CORPUS.resolve(name + ".expected"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank()).toList();

        String report = "actual:\n" + String.join("\n", actual) + "\nexpected:\n" + String.join("\n", expected);
        assertEquals(expected.size(), actual.size(), report);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(actual.get(i).startsWith(expected.get(i)), "finding " + i + " differs\n" + report);
        }
        assertFalse(result.valid(), "an invalid spec is not valid");
        assertNull(result.spec(), "an invalid spec has no model");
    }

    private static ValidationSettings settingsFor(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        ValidationSettings settings = ValidationSettings.defaults();
        if (text.startsWith("# settings: defaultSavepointDirConfigured=false")) {
            settings = settings.withDefaultSavepointDirConfigured(false);
        }
        return settings;
    }
}
