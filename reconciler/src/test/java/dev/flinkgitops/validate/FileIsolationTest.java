package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One file never stops the others: special floats are ordinary findings, and any exception is a finding on its file. */
class FileIsolationTest {

    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());

    private static final String GOOD = SpecValidatorTest.sessionJob("  name: good\n", "    upgradeMode: savepoint\n");

    private static List<String> formatted(FileResult result) {
        return result.findings().stream().map(Finding::format).toList();
    }

    private static FileResult validate(String text) {
        return VALIDATOR.validateFile("a.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void specialFloatsAreSchemaFindingsWhereTheSchemaWantsSomethingElse() {
        assertEquals(List.of("a.yaml:2:7: /kind: .inf does not have a value in the enumeration"
                        + " [\"FlinkDeployment\", \"FlinkSessionJob\", \"FlinkStateSnapshot\"]"),
                formatted(validate(GOOD.replace("kind: FlinkSessionJob", "kind: .inf"))));
        assertEquals(List.of("a.yaml:12:12: /spec/job/state: .nan does not have a value in the enumeration [\"running\", \"suspended\"]",
                        "a.yaml:13:18: /spec/job/upgradeMode: -.inf does not have a value in the enumeration"
                                + " [\"stateless\", \"savepoint\", \"last-state\"]",
                        "a.yaml:14:18: /spec/job/parallelism: number found, integer expected"),
                formatted(validate(GOOD.replace("    upgradeMode: savepoint\n",
                        "    state: .NaN\n    upgradeMode: -.inf\n    parallelism: .inf\n"))));
    }

    @Test
    void specialFloatsWhereTheSchemaAllowsANumberAreStillFindings() {
        String text = GOOD.replace("    pipeline.max-parallelism: 128\n", "    pipeline.max-parallelism: 128\n    x: 1e999\n");
        assertEquals(List.of("a.yaml:9:8: /spec/flinkConfiguration/x: .inf is not a finite number"
                        + " (a spec holds JSON values: no infinity, no NaN)"),
                formatted(validate(text)), "a float too large for a double is infinite too");
    }

    @Test
    void aHundredSchemaFindingsAreListedAndTheRestCounted() {
        FileResult result = validate(GOOD.replace("    upgradeMode: savepoint\n", "    args: [" + "1, ".repeat(499) + "1]\n"));

        assertEquals(101, result.findings().size());
        assertEquals("a.yaml:1:1: /: 400 more schema errors not shown", result.findings().get(0).format());
        assertEquals("a.yaml:12:12: /spec/job/args/0: integer found, string expected", result.findings().get(1).format());
    }

    @Test
    void aFileThatCannotBeReadIsAFindingOnItAndTheOthersAreChecked() {
        Callable<byte[]> unreadable = () -> {
            throw new IOException("Input/output error");
        };
        List<FileResult> results = VALIDATOR.readAndValidateAll(Map.of(
                "apps/a.yaml", () -> GOOD.getBytes(StandardCharsets.UTF_8),
                "apps/b.yaml", unreadable));

        assertTrue(results.get(0).valid(), () -> results.get(0).findings().toString());
        assertEquals(List.of("apps/b.yaml: internal error: java.io.IOException: Input/output error"), formatted(results.get(1)));
        assertTrue(results.get(1).findings().get(0).internal());
        assertFalse(results.get(0).findings().stream().anyMatch(Finding::internal));
    }

    @Test
    void anExceptionWhileCheckingIsAFindingOnThatFile() throws Exception {
        // The composer recurses: with the nesting cap lifted and a small stack, a deep file overflows it.
        SpecValidator uncapped = new SpecValidator(ValidationSettings.defaults().withMaxDepth(Integer.MAX_VALUE));
        String deep = GOOD + "  podTemplate: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        AtomicReference<FileResult> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> result.set(uncapped.validateFile("deep.yaml",
                deep.getBytes(StandardCharsets.UTF_8))), "small-stack", 256 * 1024);
        small.start();
        small.join(30_000);

        assertEquals(List.of("deep.yaml: internal error: java.lang.StackOverflowError: null"), formatted(result.get()));
        assertNull(result.get().spec());
        assertFalse(result.get().valid());
    }

    @Test
    void anInternalErrorHasNoPositionAndAShortMessage() {
        Finding finding = Finding.internalError("f.yaml", new IllegalStateException("x".repeat(10_000)));

        assertTrue(finding.format().startsWith("f.yaml: internal error: java.lang.IllegalStateException: xxx"));
        assertTrue(finding.format().length() < 400, "a long exception message is cut: " + finding.format().length());
        assertFalse(new Finding(Finding.Severity.ERROR, "f.yaml", 1, 1, "", Finding.INTERNAL_ERROR + "x").internal());
        String secret = Finding.internalError("f.yaml", new IllegalStateException("bad value jdbc:postgresql://u:hunter22@db/x")).format();
        assertFalse(secret.contains("hunter22"), "an exception's message is redacted: " + secret);
    }
}
