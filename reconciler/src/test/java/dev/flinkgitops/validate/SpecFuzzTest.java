package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated hostile inputs through the entry points the daemon, {@code plan} and {@code validate}
 * use ({@link SpecValidator#validateFile} and {@link SpecValidator#readAndValidateAll}): mutations
 * of {@code example-repo/} and of the invalid corpus. No input may reach the internal-error
 * catch, every finding names its file and a position, every rejected file says why, and bombs and
 * 20 MB files are rejected within {@code fuzz.rejectMillis} (default 100 ms, the best of three runs
 * of the same input, so that a GC pause or a busy machine does not count).
 *
 * <p>A longer run: {@code mvn -o -q -pl reconciler test -Dtest=SpecFuzzTest -Dfuzz.iterations=200000 -Dfuzz.seed=42}.
 */
class SpecFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", new Random().nextLong());
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 10_000);
    /**
     * A bound, not a speed measurement (B1 measures speed): a bomb that no limit stops takes seconds to minutes or
     * exhausts the heap, so 500 ms tells the two apart even on a loaded machine; 100 ms failed at a load average of 17
     * on 2 cores (118-361 ms) with the limits working.
     */
    private static final long REJECT_MILLIS = Long.getLong("fuzz.rejectMillis", 500);
    /** One in this many iterations also validates a whole repository of mutated files. */
    private static final int REPOSITORY_EVERY = 50;

    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());
    private static final Map<String, byte[]> EXAMPLES = new TreeMap<>();
    private static final List<byte[]> CORPUS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void readCorpus() throws IOException {
        for (Path root : List.of(Path.of("../example-repo/apps"), Path.of("src/test/resources/invalid-specs"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    CORPUS.add(Files.readAllBytes(file));
                    if (root.toString().contains("example-repo")) {
                        EXAMPLES.put("apps/" + root.relativize(file), Files.readAllBytes(file));
                    }
                }
            }
        }
        assertTrue(EXAMPLES.size() >= 3 && CORPUS.size() >= 20, "the corpus: " + CORPUS.size() + " files");
    }

    private static String reproduce() {
        return " (seed " + SEED + ": reproduce with -Dtest=SpecFuzzTest -Dfuzz.seed=" + SEED + " -Dfuzz.iterations=" + ITERATIONS + ")";
    }

    @Test
    void mutatedFilesGiveFindingsOnTheirFileNeverAnException() {
        SpecMutator mutator = new SpecMutator(SEED);
        Random pick = new Random(SEED);
        long slowest = 0;
        String slowestInput = "";
        int valid = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            SpecMutator.Input input = mutator.mutate(CORPUS.get(pick.nextInt(CORPUS.size())), CORPUS.get(pick.nextInt(CORPUS.size())));
            String file = "apps/fuzz-" + i + ".yaml";
            long start = System.nanoTime();
            FileResult result = VALIDATOR.validateFile(file, input.content());
            long took = System.nanoTime() - start;
            if (took > slowest) {
                slowest = took;
                slowestInput = i + " " + input.steps() + ", " + input.content().length + " bytes";
            }
            valid += result.valid() ? 1 : 0;
            check(file, result, i, input);
            if (i % REPOSITORY_EVERY == 0) {
                checkRepository(mutator, pick, i);
            }
        }
        System.out.printf("fuzz: %d inputs (%d still valid), slowest %d ms (input %s), seed %d%n",
                ITERATIONS, valid, slowest / 1_000_000, slowestInput, SEED);
    }

    /** Mutated files beside the untouched examples and one unreadable file, as the daemon and {@code validate} read them. */
    private static void checkRepository(SpecMutator mutator, Random pick, int iteration) {
        Map<String, Callable<byte[]>> files = new LinkedHashMap<>();
        EXAMPLES.forEach((path, content) -> files.put(path, () -> content));
        Map<String, SpecMutator.Input> inputs = new TreeMap<>();
        for (int j = 0; j < 2 + pick.nextInt(5); j++) {
            SpecMutator.Input input = mutator.mutate(CORPUS.get(pick.nextInt(CORPUS.size())), CORPUS.get(pick.nextInt(CORPUS.size())));
            inputs.put("apps/mutated-" + j + ".yaml", input);
            files.put("apps/mutated-" + j + ".yaml", input::content);
        }
        if (iteration % (REPOSITORY_EVERY * 10) == 0) {
            files.put("apps/unreadable.yaml", () -> {
                throw new IOException("Input/output error");
            });
        }

        List<FileResult> results = VALIDATOR.readAndValidateAll(files);

        // a mutation may write a --- line: a file of several documents has a result for each, together
        assertEquals(new ArrayList<>(new TreeMap<>(files).keySet()), results.stream().map(FileResult::file).distinct().toList(),
                "results for every file, sorted by path" + reproduce());
        assertEquals(results.stream().map(FileResult::file).distinct().count(),
                results.stream().map(FileResult::file).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)).size(),
                "a file's documents together" + reproduce());
        for (FileResult result : results) {
            String file = result.file();
            if (file.equals("apps/unreadable.yaml")) {
                assertEquals(List.of(file + ": internal error: java.io.IOException: Input/output error"),
                        result.findings().stream().map(Finding::format).toList(), reproduce());
            } else if (EXAMPLES.containsKey(file)) {
                // A valid file stays valid among hostile neighbours, unless one of them claims its identity.
                assertTrue(result.errors().stream().allMatch(f -> f.message().startsWith("duplicate app ")),
                        () -> file + " in repository " + iteration + ": " + result.errors() + reproduce());
            } else {
                check(file, result, iteration, inputs.get(file));
            }
        }
    }

    private static void check(String file, FileResult result, int iteration, SpecMutator.Input input) {
        assertEquals(file, result.file());
        for (Finding finding : result.findings()) {
            if (finding.internal() || !finding.file().equals(file) || finding.line() < 1 || finding.column() < 1
                    || finding.message().isBlank() || !finding.format().startsWith(file + ":")) {
                fail("input " + iteration + " " + input.steps() + ": " + finding.format() + reproduce() + "\n" + preview(input));
            }
        }
        if (result.spec() == null && result.errors().isEmpty()) {
            fail("input " + iteration + " " + input.steps() + " was rejected without an error" + reproduce() + "\n" + preview(input));
        }
    }

    private static String preview(SpecMutator.Input input) {
        String text = new String(input.content(), StandardCharsets.UTF_8);
        String head = text.length() > 600 ? text.substring(0, 600) + "... (" + input.content().length + " bytes)" : text;
        return head.replace("\r", "\\r").replace("\t", "\\t").replace("\u0000", "\\0");
    }

    @Test
    void bombsAndHugeFilesAreRejectedQuickly() throws Exception {
        for (byte[] content : CORPUS) {
            VALIDATOR.validateFile("warm-up.yaml", content); // the JIT, not the input, would otherwise be measured
        }
        byte[] example = EXAMPLES.values().iterator().next();
        byte[] huge = new byte[20 * 1024 * 1024];
        for (int at = 0; at < huge.length; at += example.length) {
            System.arraycopy(example, 0, huge, at, Math.min(example.length, huge.length - at));
        }
        Path hugeFile = Files.write(dir.resolve("huge.yaml"), huge);
        Map<String, Callable<byte[]>> inputs = new LinkedHashMap<>();
        inputs.put("billion laughs", () -> bytes(SpecMutator.laughs(9)));
        inputs.put("billion laughs, 40 levels", () -> bytes(SpecMutator.laughs(40)));
        inputs.put("80,000 aliases", () -> bytes(SpecMutator.aliasFlood(80_000)));
        inputs.put("a laugh in each of 100 documents", () -> bytes((SpecMutator.laughs(3) + "---\n").repeat(100)));
        inputs.put("25,000 documents", () -> bytes("a: 1\n---\n".repeat(25_000)));
        inputs.put("60,000 empty documents", () -> bytes("---\n".repeat(60_000)));
        inputs.put("merge-key bomb", () -> bytes("a: &a {x: 1}\n" + "b: {<<: *a}\n".repeat(15_000)));
        inputs.put("200,000 levels deep", () -> bytes("a: " + "[".repeat(200_000) + "]".repeat(200_000)));
        inputs.put("20 MB in memory", () -> huge);
        inputs.put("20 MB file", () -> Files.readAllBytes(hugeFile));
        List<String> report = new ArrayList<>();
        for (Map.Entry<String, Callable<byte[]>> input : inputs.entrySet()) {
            long best = Long.MAX_VALUE;
            FileResult result = null;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                result = VALIDATOR.readAndValidateAll(Map.of("bomb.yaml", input.getValue())).get(0);
                best = Math.min(best, System.nanoTime() - start);
            }
            report.add(input.getKey() + " " + best / 1_000_000 + " ms");
            assertTrue(result.spec() == null && !result.errors().isEmpty() && !result.errors().get(0).internal(),
                    input.getKey() + ": " + result.findings());
            assertTrue(best <= REJECT_MILLIS * 1_000_000, input.getKey() + " took " + best / 1_000_000 + " ms, more than "
                    + REJECT_MILLIS + " ms: " + result.findings().get(0).format());
        }
        System.out.println("fuzz: rejected (best of 3): " + String.join(", ", report));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
