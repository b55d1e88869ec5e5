package dev.flinkgitops.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory size as the operator's {@code resource.memory} writes it: Flink style ({@code 2048m},
 * {@code 2g}: binary units, so {@code m} is MiB, not Kubernetes' milli) or Kubernetes binary
 * style ({@code 2Gi}). Kubernetes decimal suffixes ({@code 2G}) read as Flink's binary ones.
 */
record FlinkMemory(long bytes) {

    private static final long MIB = 1024L * 1024;
    private static final Pattern FLINK = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern KUBERNETES = Pattern.compile("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|Pi|Ei)");
    private static final Map<String, Integer> FLINK_UNITS = Map.ofEntries(
            Map.entry("", 0), Map.entry("b", 0), Map.entry("bytes", 0),
            Map.entry("k", 1), Map.entry("kb", 1), Map.entry("kibibytes", 1),
            Map.entry("m", 2), Map.entry("mb", 2), Map.entry("mebibytes", 2),
            Map.entry("g", 3), Map.entry("gb", 3), Map.entry("gibibytes", 3),
            Map.entry("t", 4), Map.entry("tb", 4), Map.entry("tebibytes", 4));

    static FlinkMemory parse(String text) {
        String trimmed = text.trim();
        if (KUBERNETES.matcher(trimmed).matches()) {
            return new FlinkMemory(Quantity.getAmountInBytes(new Quantity(trimmed)).longValueExact());
        }
        Matcher flink = FLINK.matcher(trimmed.toLowerCase(Locale.ROOT));
        Integer power = flink.matches() ? FLINK_UNITS.get(flink.group(2)) : null;
        if (power == null) {
            throw new IllegalArgumentException("memory '" + text + "' is neither a Flink size (2048m, 2g)"
                    + " nor a Kubernetes one (2Gi)");
        }
        return new FlinkMemory(new BigDecimal(flink.group(1)).multiply(BigDecimal.valueOf(1024).pow(power))
                .longValueExact());
    }

    /** For the Flink configuration: {@code 1600m}, or bytes when not a whole MiB. */
    String flinkValue() {
        return bytes % MIB == 0 ? bytes / MIB + "m" : bytes + "b";
    }

    /** For container resources: {@code 1600Mi}, or bytes when not a whole MiB. */
    Quantity quantity() {
        return new Quantity(bytes % MIB == 0 ? bytes / MIB + "Mi" : Long.toString(bytes));
    }
}
