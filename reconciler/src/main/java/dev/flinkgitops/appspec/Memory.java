package dev.flinkgitops.appspec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;

/**
 * A memory amount ({@code resource.memory}) read as the operator reads it: first as a Flink size
 * ({@code 2048m}, {@code 2g}, {@code 1024MB}, {@code 2 gb}, plain bytes; binary units, so {@code m}
 * is MiB, not Kubernetes' milli), and when that fails as a Kubernetes quantity after the operator's
 * clean-up (spaces removed, upper-cased, a trailing {@code B} dropped, {@code I} written {@code i}):
 * {@code 2048Mi}, {@code 16Gi}, {@code 1.5Gi}, {@code 2GiB}, {@code 1.5G} (decimal), {@code 2e9}.
 */
public final class Memory {

    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|K|M|G|T|P|E|[eE][+-]?[0-9]+)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("K", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)));

    private Memory() {}

    /**
     * The amount in bytes.
     *
     * @throws IllegalArgumentException naming the forms accepted, when neither reading works or the
     *     amount is not a whole, positive number of bytes
     */
    public static long bytes(String text) {
        try {
            long bytes = MemorySize.parse(text).getBytes();
            if (bytes > 0) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // not a Flink size: read it as a Kubernetes quantity, as the operator does
        }
        String quantity = text.trim().replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (quantity.endsWith("B")) {
            quantity = quantity.substring(0, quantity.length() - 1);
        }
        if (quantity.endsWith("I")) {
            quantity = quantity.substring(0, quantity.length() - 1) + "i";
        }
        Matcher matcher = QUANTITY.matcher(quantity);
        if (matcher.matches()) {
            BigDecimal number = new BigDecimal(matcher.group(1));
            String suffix = matcher.group(2);
            BigDecimal amount = suffix == null ? number
                    : SUFFIXES.containsKey(suffix) ? number.multiply(SUFFIXES.get(suffix))
                    : number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
            if (amount.signum() > 0 && amount.stripTrailingZeros().scale() <= 0
                    && amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return amount.longValueExact();
            }
        }
        throw new IllegalArgumentException("memory '" + text + "' is neither a Flink size (2048m, 2g, 1024MB, bytes)"
                + " nor a Kubernetes quantity (2048Mi, 16Gi) of a whole, positive number of bytes");
    }
}
