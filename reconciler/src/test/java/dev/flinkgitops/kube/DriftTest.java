package dev.flinkgitops.kube;

import dev.flinkgitops.port.Drift;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drift is pure: rendered objects stand in for live ones, no server needed. */
class DriftTest {

    private static final List<HasMetadata> DESIRED = TestApps.render("ns", "orders");

    @Test
    void nothingWhenLiveMatches() {
        assertEquals(List.of(), TestApps.drift(DESIRED, TestApps.render("ns", "orders")));
    }

    @Test
    void missingWhenAnObjectIsAbsent() {
        List<HasMetadata> live = new ArrayList<>(TestApps.render("ns", "orders"));
        live.remove(0);

        assertEquals(List.of(new Drift("ConfigMap", "ns", "orders-flink-config", Drift.Reason.MISSING)),
                TestApps.drift(DESIRED, live));
    }

    @Test
    void specChangedWhenTheRecordedHashIsOlder() {
        List<HasMetadata> older = TestApps.render("ns", "orders", TestApps.IMAGE, Map.of("parallelism.default", "4"));

        assertEquals(List.of(new Drift("ConfigMap", "ns", "orders-flink-config", Drift.Reason.SPEC_CHANGED)),
                TestApps.drift(DESIRED, older));
    }

    @Test
    void editedWhenTheContentNoLongerMatchesItsOwnHash() {
        List<HasMetadata> live = TestApps.render("ns", "orders");
        ((Deployment) live.get(2)).getSpec().setReplicas(7);

        assertEquals(List.of(new Drift("Deployment", "ns", "orders-jobmanager", Drift.Reason.EDITED)),
                TestApps.drift(DESIRED, live));
    }

    @Test
    void aSameNamedObjectInAnotherNamespaceIsNotTheLiveOne() {
        assertEquals(4, TestApps.drift(DESIRED, TestApps.render("other", "orders")).size());
    }
}
