package dev.flinkgitops.validate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.flinkVersion}: the operator's enum values flink-gitops supports ({@code v1_16} to
 * {@code v2_3}); the operator's older values are an error naming the range; any other value gets a
 * "did you mean" hint when it names a supported version another way ({@code v1.17}, {@code 1.17},
 * {@code V1_17}, {@code 1.17.2}).
 */
final class FlinkVersions {

    static final List<String> SUPPORTED = List.of("v1_16", "v1_17", "v1_18", "v1_19", "v1_20",
            "v2_0", "v2_1", "v2_2", "v2_3");
    /** The operator's values for versions flink-gitops does not support (the operator dropped or deprecated them). */
    static final List<String> UNSUPPORTED = List.of("v1_13", "v1_14", "v1_15");

    private static final Pattern OTHER_SPELLING = Pattern.compile("[vV]?\\s*(\\d+)\\s*[._-]\\s*(\\d+)([._-]\\d+)*");

    private FlinkVersions() {}

    /** Why {@code value} (the YAML text of spec.flinkVersion) is not accepted, or null when it is. */
    static String problem(String value) {
        if (SUPPORTED.contains(value)) {
            return null;
        }
        String range = "flink-gitops supports " + SUPPORTED.get(0) + " to " + SUPPORTED.get(SUPPORTED.size() - 1);
        if (UNSUPPORTED.contains(value)) {
            return "flinkVersion " + value + " is not supported: " + range;
        }
        String meant = meant(value);
        if (meant != null && SUPPORTED.contains(meant)) {
            return "flinkVersion '" + value + "' is not an operator version value: did you mean " + meant + "?";
        }
        if (meant != null && UNSUPPORTED.contains(meant)) {
            return "flinkVersion '" + value + "' is not an operator version value, and " + meant + " is not supported: " + range;
        }
        return "flinkVersion '" + value + "' is not an operator version value (" + String.join(", ", SUPPORTED) + "): " + range;
    }

    /** The operator's spelling of a version written another way, or null. */
    private static String meant(String value) {
        Matcher matcher = OTHER_SPELLING.matcher(value.trim());
        if (matcher.matches()) {
            return "v" + Integer.parseInt(matcher.group(1)) + "_" + Integer.parseInt(matcher.group(2));
        }
        return SUPPORTED.stream().filter(v -> EditDistance.distance(v, value) == 1).findFirst().orElse(null);
    }
}
