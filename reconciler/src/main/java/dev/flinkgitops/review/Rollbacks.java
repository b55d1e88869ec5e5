package dev.flinkgitops.review;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the plan names the two ways back: a rollback ({@code job.savepointRedeployNonce} with
 * {@code job.initialSavepointPath}, as {@code flink-gitops rollback} writes it), which goes back to an
 * earlier version's state and discards what came since; and a plain {@code git revert} of a spec change,
 * which is a savepoint upgrade like any other and keeps today's state.
 */
final class Rollbacks {

    /** The action of a redeploy from a savepoint the status branch recorded for an earlier version. */
    static final String ROLLBACK = "rollback";

    private static final Pattern REVERTS = Pattern.compile("This reverts commit ([0-9a-f]{7,40})");

    private Rollbacks() {}

    /**
     * For a redeploy from {@code initialSavepointPath} ({@code action} as {@link Actions} named it), the sentence
     * that says what it does to the state; null for any other change.
     */
    static String describe(PlanInput in, String action) {
        AppSpec spec = in.desired().spec();
        if (!action.startsWith("redeploy from initialSavepointPath") || spec == null || !spec.hasJob()) {
            return null;
        }
        String path = spec.job().initialSavepointPath();
        AppStatus recorded = in.recorded();
        SavepointRecord version = recorded == null ? null : SavepointRecord.versionOf(recorded.savepoints(), path);
        if (version == null) {
            return "redeploy from savepoint " + path + ", which the status branch does not record for this app (its time and"
                    + " version are not known here); state since then is discarded";
        }
        return ROLLBACK + ": redeploy from savepoint " + path + " taken at " + version.time() + " for "
                + shortId(version.specCommit()) + "; state since then is discarded";
    }

    /** The commit a {@code git revert} commit message names, or null. */
    static String reverted(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = REVERTS.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** What a revert of a spec change is: an upgrade that keeps today's state (not a rollback of it). */
    static String revert(String reverted, String action) {
        return "revert of " + shortId(reverted) + ": a " + action + " that keeps today's state: the job's state carries on"
                + " into the reverted spec, nothing since is undone (to go back to an earlier version's state as well:"
                + " flink-gitops rollback)";
    }

    private static String shortId(String commit) {
        return commit.substring(0, Math.min(10, commit.length()));
    }
}
