package dev.flinkgitops.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the example job's output lines ({@code <key> <count> <tag>}) from a folder: the first
 * and last count of each key under a tag.
 */
final class CounterLines {

    private CounterLines() {}

    /** Key to count, taking the largest ({@code last}) or smallest count seen under {@code tag}. */
    static Map<String, Long> counts(Path dir, String tag, boolean last) {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("counts-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 3 && parts[2].equals(tag)) {
                        long count = Long.parseLong(parts[1]);
                        counts.merge(parts[0], count, last ? Math::max : Math::min);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    static String describe(Map<String, Long> counts) {
        List<String> parts = counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return String.join(", ", parts);
    }
}
