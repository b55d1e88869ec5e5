package dev.flinkgitops.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink versions of the matrix: the newest patch release of each minor version on Maven Central
 * (1.18.2 and 1.19.4 are not there), and the selection a run makes ({@code -Dcompat.versions}).
 */
final class FlinkVersions {

    /** Minor version to the patch release tested. */
    static final Map<String, String> NEWEST = newest();

    private FlinkVersions() {}

    private static Map<String, String> newest() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String version : List.of("1.16.3", "1.17.2", "1.18.1", "1.19.3", "1.20.5", "2.0.2", "2.1.3", "2.2.1", "2.3.0")) {
            map.put(version.substring(0, version.lastIndexOf('.')), version);
        }
        return map;
    }

    /**
     * The versions named by a comma-separated list: a minor version ({@code 1.20}) means its newest
     * patch release; a full version ({@code 1.20.4}) is taken as written; {@code all} means every one.
     */
    static List<String> select(String list) {
        if (list == null || list.isBlank() || list.strip().equals("all")) {
            return new ArrayList<>(NEWEST.values());
        }
        List<String> versions = new ArrayList<>();
        for (String item : list.split(",")) {
            String version = item.strip();
            if (!version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
                throw new IllegalArgumentException("compat.versions: '" + version + "' is not a Flink version (e.g. 1.20 or 1.20.5)");
            }
            versions.add(NEWEST.getOrDefault(version, version));
        }
        return versions;
    }

    /** {@code 1.20.5} → {@code 1.20}. */
    /** True from Flink 1.17 on: its run request takes per-job configuration (1.16 refuses the field). */
    static boolean takesJobConfiguration(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        return major > 1 || Integer.parseInt(parts[1]) >= 17;
    }

    static String minor(String version) {
        return version.substring(0, version.lastIndexOf('.'));
    }
}
