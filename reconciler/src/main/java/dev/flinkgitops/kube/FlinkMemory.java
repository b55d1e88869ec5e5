package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.Memory;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A memory size as the operator's {@code resource.memory} writes it, read by {@link Memory}: Flink
 * style first ({@code 2048m}, {@code 2g}: binary units, so {@code m} is MiB, not Kubernetes' milli;
 * {@code 2G} reads as Flink's binary {@code 2g}, as in the operator), then Kubernetes quantities
 * ({@code 2Gi}, {@code 1.5G}).
 */
record FlinkMemory(long bytes) {

    private static final long MIB = 1024L * 1024;

    /** Read as the operator reads it ({@link Memory}); an IllegalArgumentException names the forms accepted. */
    static FlinkMemory parse(String text) {
        return new FlinkMemory(Memory.bytes(text));
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
