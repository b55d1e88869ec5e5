package dev.flinkgitops.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JobIdsTest {

    private static final AppId ORDERS = new AppId("prod", "orders");

    @Test
    void isDeterministicLowercaseHex() {
        String id = JobIds.derive(ORDERS, "abc123", 0);
        assertEquals(id, JobIds.derive(new AppId("prod", "orders"), "abc123", 0));
        assertTrue(id.matches("[0-9a-f]{32}"), id);
    }

    @Test
    void everyPartChangesTheId() {
        // parts that would collide if simply concatenated are covered too
        List<String> ids = List.of(
                JobIds.derive(ORDERS, "abc123", 0),
                JobIds.derive(ORDERS, "abc123", 1),
                JobIds.derive(ORDERS, "abc124", 0),
                JobIds.derive(new AppId("prod", "orders2"), "abc123", 0),
                JobIds.derive(new AppId("staging", "orders"), "abc123", 0),
                JobIds.derive(new AppId("prod", "ordersabc"), "123", 0),
                JobIds.derive(new AppId("prodo", "rders"), "abc123", 0),
                JobIds.derive(new AppId("prod", "orders"), "abc1230", 0),
                JobIds.derive(ORDERS, "", 0),
                JobIds.derive(ORDERS, null, 0));
        Set<String> distinct = new HashSet<>(ids);
        assertEquals(ids.size(), distinct.size(), ids.toString());
    }

    @Test
    void everyJobOfAnAppSharesItsFamilyAndNoOtherAppDoes() {
        String first = JobIds.derive(ORDERS, "abc123", 1);
        String second = JobIds.derive(ORDERS, "def456", 7);
        assertTrue(belongsTo(first, ORDERS) && belongsTo(second, ORDERS));
        assertEquals(first.substring(0, 16), second.substring(0, 16));
        for (AppId other : List.of(new AppId("prod", "orders2"), new AppId("staging", "orders"), new AppId("prodo", "rders"))) {
            org.junit.jupiter.api.Assertions.assertFalse(belongsTo(first, other), other.toString());
            assertTrue(belongsTo(JobIds.derive(other, "abc123", 1), other));
        }
        org.junit.jupiter.api.Assertions.assertFalse(belongsTo("0123456789abcdef0123456789abcdef", ORDERS));
        assertEquals(null, JobIds.familyOf("not-a-flink-id"));
    }

    private static boolean belongsTo(String jobId, AppId app) {
        return JobIds.family(app).equals(JobIds.familyOf(jobId));
    }
}
