package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares rendered text with a file under {@code src/test/resources/golden/}; with
 * {@code -Dgolden.update=true} it writes the file instead.
 */
final class GoldenFiles {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    private static final int CONTEXT = 3;

    private GoldenFiles() {}

    static void check(String name, String actual) throws IOException {
        Path file = DIRECTORY.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + ": run with -Dgolden.update=true to write it");
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("rendered output differs from " + file + " (-Dgolden.update=true rewrites it):\n"
                    + diff(expected.lines().toList(), actual.lines().toList()));
        }
    }

    /**
     * A line diff ("-" golden, "+" rendered) from the longest common subsequence of lines, with
     * {@value #CONTEXT} unchanged lines around each change.
     */
    static String diff(List<String> expected, List<String> actual) {
        int[][] common = new int[expected.size() + 1][actual.size() + 1];
        for (int i = expected.size() - 1; i >= 0; i--) {
            for (int j = actual.size() - 1; j >= 0; j--) {
                common[i][j] = expected.get(i).equals(actual.get(j))
                        ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < expected.size() || j < actual.size()) {
            if (i < expected.size() && j < actual.size() && expected.get(i).equals(actual.get(j))) {
                lines.add("  " + expected.get(i++));
                j++;
            } else if (i < expected.size() && (j == actual.size() || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + expected.get(i++));
            } else {
                lines.add("+ " + actual.get(j++));
            }
        }
        StringBuilder text = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < lines.size(); k++) {
            if (nearChange(lines, k)) {
                text.append(skipped ? "  ...\n" : "").append(lines.get(k)).append('\n');
                skipped = false;
            } else {
                skipped = true;
            }
        }
        return text.toString();
    }

    private static boolean nearChange(List<String> lines, int index) {
        for (int k = Math.max(0, index - CONTEXT); k <= Math.min(lines.size() - 1, index + CONTEXT); k++) {
            if (!lines.get(k).startsWith("  ")) {
                return true;
            }
        }
        return false;
    }
}
