package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlinkVersionsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1_16", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2", "v2_3"})
    void theOperatorsValuesFrom116To23AreAccepted(String version) {
        assertNull(FlinkVersions.problem(version));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1_13", "v1_14", "v1_15"})
    void olderOnesNameTheSupportedRange(String version) {
        assertEquals("flinkVersion " + version + " is not supported: flink-gitops supports v1_16 to v2_3",
                FlinkVersions.problem(version));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"v1.17, v1_17", "1.17, v1_17", "V1_17, v1_17", "1.17.2, v1_17", "v2-0, v2_0", "v1_2O, v1_20", "2.3, v2_3"})
    void aVersionWrittenAnotherWayGetsAHint(String written, String meant) {
        assertEquals("flinkVersion '" + written + "' is not an operator version value: did you mean " + meant + "?",
                FlinkVersions.problem(written));
    }
}
