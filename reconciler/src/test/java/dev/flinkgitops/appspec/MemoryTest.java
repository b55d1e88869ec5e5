package dev.flinkgitops.appspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every memory form the operator accepts, read to the bytes the operator reads (Flink size first, then a Kubernetes quantity). */
class MemoryTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2048m, 2147483648", // Flink: m is MiB
        "2g, 2147483648",
        "2G, 2147483648", // Flink reads it first, binary (as the operator)
        "1024MB, 1073741824",
        "1024mb, 1073741824",
        "2 gb, 2147483648",
        "1600 mebibytes, 1677721600",
        "134217728, 134217728", // plain bytes
        "2048Mi, 2147483648",
        "16Gi, 17179869184",
        "1.5Gi, 1610612736",
        "2GiB, 2147483648", // the operator drops a trailing B
        "2gi, 2147483648", // and upper-cases
        "1.5G, 1500000000", // not a Flink size: a decimal Kubernetes quantity
        "2e9, 2000000000",
        "512Ki, 524288",
    })
    void readsAsTheOperatorDoes(String text, long bytes) {
        assertEquals(bytes, Memory.bytes(text));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "0", "-1g", "2 gigabytes", "two", "1.5m5", "0.5"})
    void refusesWhatTheOperatorCannotRead(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Memory.bytes(text));
        assertTrue(e.getMessage().contains("2048m, 2g") && e.getMessage().contains("2048Mi, 16Gi"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"16Gi", "16g", "16384m", "16384MB", "17179869184"})
    void sixteenGibibytesEveryWay(String text) {
        assertEquals(16 * GIB, Memory.bytes(text));
    }
}
