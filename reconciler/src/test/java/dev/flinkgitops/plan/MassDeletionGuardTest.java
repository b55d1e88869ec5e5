package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mass-deletion guard: a share of the live apps, all of them, and the confirmation trailer. */
class MassDeletionGuardTest {

    private static Map<AppId, AppStatus> live(int count) {
        Map<AppId, AppStatus> recorded = new HashMap<>();
        for (int i = 0; i < count; i++) {
            AppId id = new AppId("team", "app-" + i);
            recorded.put(id, AppStatus.empty(id.toString(), "apps/app-" + i + ".yaml").withPhase(Phase.RUNNING, "running"));
        }
        return recorded;
    }

    private static Map<AppId, Desired> removing(Map<AppId, AppStatus> recorded, int count) {
        Map<AppId, Desired> desired = new HashMap<>();
        int removed = 0;
        for (AppId id : recorded.keySet().stream().sorted().toList()) {
            if (removed++ < count) {
                desired.put(id, Desired.removed("c2"));
            } else {
                desired.put(id, new Desired(null, java.util.List.of(), "apps/x.yaml", "c2"));
            }
        }
        return desired;
    }

    @Test
    void removingUpToTheShareIsAllowed() {
        Map<AppId, AppStatus> recorded = live(4);
        assertEquals(Optional.empty(), MassDeletionGuard.check(removing(recorded, 2), recorded, 0.5, "remove two"));
    }

    @Test
    void removingMoreThanTheShareIsRefused() {
        Map<AppId, AppStatus> recorded = live(4);
        Optional<String> refusal = MassDeletionGuard.check(removing(recorded, 3), recorded, 0.5, "remove three");
        assertTrue(refusal.orElseThrow().contains("removes 3 of 4 apps"), refusal.toString());
    }

    @Test
    void removingTheOnlyAppIsRemovingAllOfThem() {
        Map<AppId, AppStatus> recorded = live(1);
        Optional<String> refusal = MassDeletionGuard.check(removing(recorded, 1), recorded, 0.5, "remove it");
        assertTrue(refusal.orElseThrow().contains("all of them"), refusal.toString());
    }

    @Test
    void theTrailerConfirmsIt() {
        Map<AppId, AppStatus> recorded = live(4);
        assertEquals(Optional.empty(), MassDeletionGuard.check(removing(recorded, 4), recorded, 0.5,
                "Retire the fleet\n\nAllow-Mass-Deletion: true\n"));
    }

    @Test
    void alreadyDeletedAppsDoNotCount() {
        Map<AppId, AppStatus> recorded = live(4);
        recorded.replaceAll((id, status) -> id.name().equals("app-0") ? status.withPhase(Phase.DELETED, "gone") : status);
        Map<AppId, Desired> desired = removing(recorded, 2);
        // app-0 (already deleted) and app-1 are removed: one of three live apps.
        assertEquals(Optional.empty(), MassDeletionGuard.check(desired, recorded, 0.5, "x"));
    }
}
