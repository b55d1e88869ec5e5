package dev.flinkgitops.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The matrix's results: per version, each step passed, failed (with the first line of why) or was
 * not run (an earlier step failed), and how long the version took. Written as a Markdown table to
 * {@code <work>/results.md} after every version, so a run cut short still leaves its table.
 */
final class MatrixResults {

    private final Map<String, Map<String, String>> outcomes = new LinkedHashMap<>();
    private final Map<String, Long> seconds = new LinkedHashMap<>();
    private final List<String> steps = new ArrayList<>();

    synchronized void record(String version, String step, String outcome) {
        if (!steps.contains(step)) {
            steps.add(step);
        }
        outcomes.computeIfAbsent(version, v -> new LinkedHashMap<>()).put(step, outcome);
    }

    synchronized void took(String version, long millis) {
        seconds.put(version, Math.round(millis / 1000.0));
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder("| Flink | " + String.join(" | ", steps) + " | seconds |\n|---|");
        table.append("---|".repeat(steps.size() + 1)).append('\n');
        outcomes.forEach((version, byStep) -> {
            table.append("| ").append(version).append(" |");
            for (String step : steps) {
                table.append(' ').append(byStep.getOrDefault(step, "not run")).append(" |");
            }
            table.append(' ').append(seconds.getOrDefault(version, 0L)).append(" |\n");
        });
        return table.toString();
    }

    synchronized void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
