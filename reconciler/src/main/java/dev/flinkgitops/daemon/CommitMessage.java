package dev.flinkgitops.daemon;

import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;

import java.util.Map;

/** The status commit's message: what happened, one line per app, and a {@code Spec-Commit:} trailer; {@link Redact redacted}. */
final class CommitMessage {

    /** How many apps the subject line names before "and N more". */
    private static final int SUBJECT_APPS = 4;

    private CommitMessage() {}

    static String of(Map<AppId, AppStatus> changed, Map<AppId, Plan> plans, String specCommit) {
        StringBuilder message = new StringBuilder();
        if (changed.size() == 1) {
            Map.Entry<AppId, AppStatus> only = changed.entrySet().iterator().next();
            message.append(only.getKey()).append(": ").append(summary(only.getValue())).append("\n\n");
        } else {
            message.append(changed.size()).append(" apps: ");
            changed.entrySet().stream().limit(SUBJECT_APPS).forEach(entry ->
                    message.append(entry.getKey()).append(' ').append(entry.getValue().phase()).append(", "));
            message.setLength(message.length() - 2);
            if (changed.size() > SUBJECT_APPS) {
                message.append(" and ").append(changed.size() - SUBJECT_APPS).append(" more");
            }
            message.append("\n\n");
        }
        changed.forEach((id, status) -> {
            Plan plan = plans.get(id);
            message.append("- ").append(id).append(" [").append(status.phase()).append("] ")
                    .append(Redact.text(plan != null ? plan.why() : status.message())).append('\n');
        });
        message.append("\nSpec-Commit: ").append(specCommit).append('\n');
        return message.toString();
    }

    private static String summary(AppStatus status) {
        String line = status.phase() + (status.message() == null ? "" : ", " + Redact.text(status.message()));
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
