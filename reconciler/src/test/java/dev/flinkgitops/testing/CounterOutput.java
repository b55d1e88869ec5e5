package dev.flinkgitops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the example counter job's output ({@code <key> <count> <tag>} lines in
 * {@code DIR/counts-*.txt}) and checks state continuity across an upgrade: after a restore
 * from a savepoint, the first count of each key under the new tag is the last count under
 * the old tag plus one. Lines still being written (no tag yet) are skipped.
 */
public final class CounterOutput {

    /** One output line. */
    public record Line(String key, long count, String tag) {}

    private CounterOutput() {}

    /** Every complete line in the directory's {@code counts-*.txt} files; none when the directory is missing. */
    public static List<Line> lines(Path dir) {
        List<Line> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "counts-*.txt")) {
            for (Path file : files) {
                readInto(file, lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return lines;
    }

    /** The highest count of each key under {@code tag}. */
    public static Map<String, Long> lastCount(Path dir, String tag) {
        Map<String, Long> last = new TreeMap<>();
        for (Line line : lines(dir)) {
            if (line.tag().equals(tag)) {
                last.merge(line.key(), line.count(), Math::max);
            }
        }
        return last;
    }

    /** The lowest count of each key under {@code tag}. */
    public static Map<String, Long> firstCount(Path dir, String tag) {
        Map<String, Long> first = new TreeMap<>();
        for (Line line : lines(dir)) {
            if (line.tag().equals(tag)) {
                first.merge(line.key(), line.count(), Math::min);
            }
        }
        return first;
    }

    /** True once every one of {@code keys} keys has at least one line under {@code tag}. */
    public static boolean hasAllKeys(Path dir, String tag, int keys) {
        return lastCount(dir, tag).size() >= keys;
    }

    /**
     * Asserts that the job under {@code newTag} continued the state of {@code oldTag}: the same
     * keys, and for every key the first new count is the last old count plus one.
     */
    public static void assertContinued(Path dir, String oldTag, String newTag) {
        Map<String, Long> last = lastCount(dir, oldTag);
        Map<String, Long> first = firstCount(dir, newTag);
        if (last.isEmpty()) {
            throw new AssertionError("no output under tag " + oldTag + " in " + dir);
        }
        if (!last.keySet().equals(first.keySet())) {
            throw new AssertionError("keys differ: " + oldTag + " " + last.keySet() + ", " + newTag + " " + first.keySet());
        }
        List<String> broken = new ArrayList<>();
        last.forEach((key, count) -> {
            if (first.get(key) != count + 1) {
                broken.add(key + ": last " + oldTag + " " + count + ", first " + newTag + " " + first.get(key));
            }
        });
        if (!broken.isEmpty()) {
            throw new AssertionError("state not continued from " + oldTag + " to " + newTag + ": " + broken);
        }
    }

    private static void readInto(Path file, List<Line> lines) throws IOException {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        for (String raw : text) {
            String[] parts = raw.strip().split(" ");
            if (parts.length != 3) {
                continue;
            }
            try {
                lines.add(new Line(parts[0], Long.parseLong(parts[1]), parts[2]));
            } catch (NumberFormatException e) {
                // a line cut short by a concurrent write
            }
        }
    }
}
