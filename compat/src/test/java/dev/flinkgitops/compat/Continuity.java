package dev.flinkgitops.compat;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * State continuity of the counter job across a step that keeps its tag (rescale, resume): each
 * job writes files of its own ({@code counts-<uuid>.txt}, one per subtask), so the lines of the
 * files that appeared after the step are the new job's, and for every key its first new count
 * must be the last count before plus one. Steps that change the tag use {@link CounterOutput}.
 */
final class Continuity {

    private Continuity() {}

    static Set<Path> files(Path dir) {
        Set<Path> files = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "counts-*.txt")) {
            list.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Waits until the files that are not in {@code before} hold lines for every one of {@code keys} keys. */
    static void awaitNewOutput(Path dir, Set<Path> before, int keys) {
        Await.until(Duration.ofSeconds(60), "the new job's output for " + keys + " keys",
                () -> counts(newFiles(dir, before), false).size() >= keys);
    }

    /** Asserts that the new job (files not in {@code before}) continued every key's count of the files in {@code before}. */
    static void assertContinued(Path dir, Set<Path> before) {
        Map<String, Long> last = counts(before, true);
        Map<String, Long> first = counts(newFiles(dir, before), false);
        if (last.isEmpty()) {
            throw new AssertionError("no output before the step in " + dir);
        }
        if (!last.keySet().equals(first.keySet())) {
            throw new AssertionError("keys differ: before " + last.keySet() + ", after " + first.keySet());
        }
        List<String> broken = new ArrayList<>();
        last.forEach((key, count) -> {
            if (first.get(key) != count + 1) {
                broken.add(key + ": last before " + count + ", first after " + first.get(key));
            }
        });
        if (!broken.isEmpty()) {
            throw new AssertionError("state not continued: " + broken);
        }
    }

    /** The highest count of each key in {@code dir} now. */
    static Map<String, Long> highest(Path dir) {
        return counts(files(dir), true);
    }

    private static Set<Path> newFiles(Path dir, Set<Path> before) {
        Set<Path> now = files(dir);
        now.removeAll(before);
        return now;
    }

    /** Per key, the highest ({@code max}) or lowest count in the files. */
    private static Map<String, Long> counts(Set<Path> files, boolean max) {
        Map<String, Long> counts = new TreeMap<>();
        for (Path file : files) {
            for (String line : read(file)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 3 && parts[1].matches("\\d+")) {
                    counts.merge(parts[0], Long.parseLong(parts[1]), max ? Math::max : Math::min);
                }
            }
        }
        return counts;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
