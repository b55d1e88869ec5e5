package dev.flinkgitops.port;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer of a {@link StateCompatibility} check.
 *
 * @param result what the check found
 * @param restorePoint the restore point compared with (null when there was none)
 * @param reason why it was not checked or failed (null otherwise)
 * @param allowNonRestoredState whether the new version may drop state
 * @param kept operators whose state restores
 * @param dropped operators of the restore point with state that the new graph does not have
 * @param added operators of the new graph that the restore point has no state for (they start empty)
 * @param missingUids operators of the new graph without an explicit {@code uid()} (names)
 * @param maxParallelism lowered or changed max parallelisms, one sentence each
 */
public record RestoreCompatibility(Result result, String restorePoint, String reason, boolean allowNonRestoredState,
        List<Operator> kept, List<Operator> dropped, List<Operator> added, List<String> missingUids,
        List<String> maxParallelism) {

    /** How a result that could not be checked begins (in the plan, the status message and the log). */
    public static final String NOT_CHECKED = "state compatibility not checked";

    /** Always said with a result: the check compares operator ids, not state types. */
    public static final String SERIALIZERS = "serializer compatibility is not checked";

    public enum Result {
        /** every operator with state finds its operator; nothing blocks the restore */
        COMPATIBLE,
        /** the restore fails (state dropped without allowNonRestoredState, or a max parallelism mismatch) */
        INCOMPATIBLE,
        /** it restores, but state is discarded (allowNonRestoredState) */
        DROPS_STATE,
        /** the check could not run (no restore point, unreadable metadata, jar not found) */
        NOT_CHECKED,
        /** the jar's main failed or built no graph */
        FAILED
    }

    /** One operator: its id (hex), and its name and uid where known. */
    public record Operator(String id, String name, String uid) {

        /** {@code name (uid u)}, or the id when neither is known. */
        public String label() {
            String shown = name != null ? name : uid != null ? uid : id;
            return uid != null && !uid.equals(shown) ? shown + " (uid " + uid + ")" : shown;
        }
    }

    public RestoreCompatibility {
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
        added = List.copyOf(added);
        missingUids = List.copyOf(missingUids);
        maxParallelism = List.copyOf(maxParallelism);
    }

    public static RestoreCompatibility notChecked(String restorePoint, String why) {
        return new RestoreCompatibility(Result.NOT_CHECKED, restorePoint, why, false, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    public static RestoreCompatibility failed(String restorePoint, String why) {
        return new RestoreCompatibility(Result.FAILED, restorePoint, why, false, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /**
     * This result with {@code redact} applied to what may carry secrets: the reason (a user's main's error) and
     * the restore point (a URL with user information).
     */
    public RestoreCompatibility redacted(java.util.function.UnaryOperator<String> redact) {
        return new RestoreCompatibility(result, restorePoint == null ? null : redact.apply(restorePoint),
                reason == null ? null : redact.apply(reason), allowNonRestoredState, kept, dropped, added, missingUids,
                maxParallelism);
    }

    /** Whether the new job would fail to restore: the daemon refuses to stop the old one. */
    public boolean restoreFails() {
        return result == Result.INCOMPATIBLE;
    }

    /** Whether the check ran and compared graph and restore point. */
    public boolean checked() {
        return result != Result.NOT_CHECKED && result != Result.FAILED;
    }

    /** One line: the result and what it means. */
    public String headline() {
        return switch (result) {
            case COMPATIBLE -> "state restores: every operator with state is kept (" + SERIALIZERS + ")";
            case INCOMPATIBLE -> "restore fails: " + blockers() + " (" + SERIALIZERS + ")";
            case DROPS_STATE -> "state dropped by allowNonRestoredState: " + labels(dropped) + " (" + SERIALIZERS + ")";
            case NOT_CHECKED -> RestoreCompatibility.NOT_CHECKED + ": " + reason;
            case FAILED -> RestoreCompatibility.NOT_CHECKED + ": the new version's job graph could not be built: " + reason;
        };
    }

    /** Why the restore fails: the dropped operators and max parallelism mismatches. */
    public String blockers() {
        List<String> parts = new ArrayList<>();
        if (!dropped.isEmpty() && !allowNonRestoredState) {
            parts.add("state of " + labels(dropped) + " has no operator in the new version (set allowNonRestoredState "
                    + "to drop it)");
        }
        parts.addAll(maxParallelism);
        return String.join("; ", parts);
    }

    /** The lines under the headline: kept, dropped, new, flags. */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        if (restorePoint != null) {
            lines.add("restore point: " + restorePoint);
        }
        if (!checked()) {
            return lines;
        }
        kept.forEach(o -> lines.add("kept: " + o.label()));
        dropped.forEach(o -> lines.add("dropped: " + o.label() + (allowNonRestoredState ? ": its state is discarded"
                : ": the restore fails without allowNonRestoredState")));
        added.forEach(o -> lines.add("new: " + o.label() + ": no state in the restore point (starts empty)"));
        missingUids.forEach(name -> lines.add("no explicit uid(): " + name + " (its id changes with the topology)"));
        maxParallelism.forEach(m -> lines.add("max parallelism: " + m));
        return lines;
    }

    static String labels(List<Operator> operators) {
        return String.join(", ", operators.stream().map(Operator::label).toList());
    }
}
