package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bad merge must not wipe the fleet: a commit that removes more than a share of all live
 * applications at once, or all of them, deletes nothing until the head commit confirms it
 * with the trailer {@code Allow-Mass-Deletion: true}.
 */
public final class MassDeletionGuard {

    static final Pattern CONFIRMATION = Pattern.compile("(?im)^Allow-Mass-Deletion:\\s*true\\s*$");

    private MassDeletionGuard() {}

    /**
     * @param desired every app's desired state at head
     * @param recorded every app's recorded status
     * @param maxShare the largest share of live apps one commit may remove (0.5 = half)
     * @param headMessage the head commit's message (for the confirmation trailer)
     * @return why the deletions of this commit are refused, or empty when they may go ahead
     */
    public static Optional<String> check(Map<AppId, Desired> desired, Map<AppId, AppStatus> recorded, double maxShare,
            String headMessage) {
        long live = recorded.values().stream().filter(status -> status.phase() != Phase.DELETED).count();
        long removed = recorded.entrySet().stream()
                .filter(entry -> entry.getValue().phase() != Phase.DELETED)
                .filter(entry -> desired.getOrDefault(entry.getKey(), Desired.removed(null)).isRemoved())
                .count();
        if (removed == 0 || (removed < live && removed <= maxShare * live)) {
            return Optional.empty();
        }
        if (headMessage != null && CONFIRMATION.matcher(headMessage).find()) {
            return Optional.empty();
        }
        return Optional.of(String.format("this commit removes %d of %d apps (more than %d%%%s): nothing is deleted until "
                        + "a commit confirms it with the trailer 'Allow-Mass-Deletion: true'",
                removed, live, Math.round(maxShare * 100), removed == live ? ", all of them" : ""));
    }
}
