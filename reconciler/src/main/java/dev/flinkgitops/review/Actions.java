package dev.flinkgitops.review;

import dev.flinkgitops.plan.ChangeTable;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.validate.Finding;

import java.util.ArrayList;
import java.util.List;

/** Names what the planner's first step starts, and what a reviewer should know about it. */
final class Actions {

    private Actions() {}

    /** @param notActedOn the head file's validation warnings (fields the daemon will not act on), after the plan's own */
    static AppReview describe(PlanInput in, Plan plan, AppSpec before, PlannerSettings settings, List<String> notActedOn) {
        return describe(in, plan, before, settings, notActedOn, null);
    }

    /**
     * @param reverted the commit the head commit reverts ({@code git revert}'s "This reverts commit ..."), or null
     */
    static AppReview describe(PlanInput in, Plan plan, AppSpec before, PlannerSettings settings, List<String> notActedOn,
            String reverted) {
        AppSpec after = in.desired().spec();
        String change = in.desired().isRemoved() ? "REMOVED" : before == null ? "ADDED" : "CHANGED";
        String file = in.desired().file() != null ? in.desired().file() : before != null ? before.file() : null;
        List<String> errors = in.desired().errors().stream().map(Finding::format).toList();
        List<AppReview.FieldDiff> fields = new ArrayList<>();
        String consequence = null;
        ChangeTable.Change diff = null;
        if (before != null && after != null) {
            diff = ChangeTable.classify(before, after, settings.kubernetes());
            consequence = diff.consequence().name();
            diff.fields().forEach(f -> fields.add(new AppReview.FieldDiff(f.path(), shown(f.path(), f.before()),
                    shown(f.path(), f.after()), f.consequence().name())));
        }
        String action = errors.isEmpty() ? action(in, plan, diff, settings) : "blocked";
        List<String> warnings = warnings(in, plan, after);
        String rollback = Rollbacks.describe(in, action);
        if (rollback != null) {
            action = rollback.startsWith(Rollbacks.ROLLBACK) ? Rollbacks.ROLLBACK : action;
            warnings.add(0, rollback);
        } else if (reverted != null && diff != null && action.endsWith(" upgrade")) {
            warnings.add(0, Rollbacks.revert(reverted, action));
        }
        String majorVersion = diff == null ? null : ChangeTable.majorVersionWarning(diff);
        if (majorVersion != null) {
            warnings.add(0, majorVersion);
        }
        String detail = errors.isEmpty() ? plan.why() : "invalid spec: the running job is left as it is";
        java.util.Set<String> secrets = secretValues(before);
        secrets.addAll(secretValues(after));
        java.util.function.UnaryOperator<String> shown = text -> Redact.text(text, secrets);
        return new AppReview(in.app().toString(), file, change, consequence, action, shown.apply(detail),
                shown.apply(restoreFrom(in, plan)), fields,
                java.util.stream.Stream.concat(warnings.stream(), notActedOn.stream()).map(shown).toList(),
                errors.stream().map(shown).toList());
    }

    /** The action of a valid spec: the plan's, a restart-only change named as such, or a rescale's path. */
    private static String action(PlanInput in, Plan plan, ChangeTable.Change diff, PlannerSettings settings) {
        String action = action(in, plan);
        if (diff != null && restartOnly(diff) && plan.why().contains(ChangeTable.restartNote(diff))) {
            action = ChangeTable.restartNote(diff);
        }
        if (diff != null && dev.flinkgitops.plan.Rescale.parallelismOnly(diff)) {
            action = rescaleAction(in, plan, diff, settings, action);
        }
        return action;
    }

    /** A change of parallelism alone: which path applies, in place or the savepoint upgrade, and why. */
    private static String rescaleAction(PlanInput in, Plan plan, ChangeTable.Change diff, PlannerSettings settings,
            String action) {
        AppStatus next = plan instanceof Plan.Record record ? record.next() : null;
        ChangeTable.FieldChange parallelism = diff.fields().stream().filter(f -> f.path().equals("spec.job.parallelism"))
                .findFirst().orElseThrow();
        if (next != null && next.operation() != null && OperationType.RESCALE.equals(next.operation().type())) {
            return dev.flinkgitops.plan.Rescale.inPlace(parallelism.before(), parallelism.after());
        }
        if (!action.endsWith(" upgrade")) {
            return action;
        }
        String jobId = in.recorded() == null || in.recorded().job() == null ? null : in.recorded().job().id();
        String why = jobId != null && in.observed().rescale(jobId).isEmpty() && !settings.onKubernetes(in.desired().spec())
                ? "not known whether the cluster runs the adaptive scheduler: `plan --live` reads it"
                : dev.flinkgitops.plan.Rescale.whyNot(in, in.desired().spec(), settings).orElse("not in place");
        return action + " (parallelism change; " + why + ")";
    }

    /** True when a new restart nonce is the only field of the change that touches the job. */
    private static boolean restartOnly(ChangeTable.Change diff) {
        return ChangeTable.restartNote(diff) != null && diff.fields().stream()
                .filter(f -> f.consequence() != dev.flinkgitops.plan.Consequence.IGNORE)
                .allMatch(f -> f.path().equals("spec.restartNonce"));
    }

    private static java.util.Set<String> secretValues(AppSpec spec) {
        return spec == null ? new java.util.HashSet<>()
                : Redact.secretValues(spec.hasJob() ? spec.job().args() : List.of(), spec.flinkConfiguration());
    }

    static String action(PlanInput in, Plan plan) {
        AppStatus next = plan instanceof Plan.Record record ? record.next() : null;
        if (plan instanceof Plan.Nothing nothing) {
            return in.deletionRefused() != null && in.desired().isRemoved() ? "blocked" : "nothing";
        }
        if ((plan instanceof Plan.Submit || plan instanceof Plan.Deploy) && plan.why().startsWith(Plan.STATE_REGRESSION)) {
            return "redeploy from initialSavepointPath";
        }
        if (plan instanceof Plan.StopStray) {
            return "stop stray job";
        }
        if (plan instanceof Plan.Submit || plan instanceof Plan.Deploy) {
            AppStatus recorded = in.recorded();
            if (recorded != null && recorded.phase() == Phase.SUSPENDED) {
                return "resume";
            }
            return recorded != null && recorded.job() != null ? "restart" : "deploy";
        }
        if (next == null || next.operation() == null) {
            if (next != null && next.phase() == Phase.DELETED) {
                return "delete";
            }
            if (in.deletionRefused() != null && in.desired().isRemoved()) {
                return "blocked";
            }
            return next != null && next.phase() == Phase.SUSPENDED ? "suspend" : "record only";
        }
        OperationRecord operation = next.operation();
        boolean stop = OperationStep.STOPPING.equals(operation.step());
        return switch (operation.type()) {
            case SUSPEND -> stop ? "suspend" : "suspend (cancel: stateless)";
            case DELETE -> stop ? "delete with final savepoint" : "delete (cancel, no savepoint)";
            case SAVEPOINT -> "savepoint";
            case CHECKPOINT -> "checkpoint";
            case REDEPLOY -> "redeploy from initialSavepointPath";
            case RESCALE -> "rescale in place";
            default -> upgrade(in, operation, stop);
        };
    }

    private static String upgrade(PlanInput in, OperationRecord operation, boolean stop) {
        if (stop) {
            AppSpec after = in.desired().spec();
            boolean lastState = after != null && after.hasJob() && after.job().upgradeMode() == UpgradeMode.LAST_STATE;
            return lastState ? "last-state upgrade" : "savepoint upgrade";
        }
        return operation.mode() == UpgradeMode.LAST_STATE ? "last-state upgrade" : "stateless restart";
    }

    private static String restoreFrom(PlanInput in, Plan plan) {
        if (plan instanceof Plan.Submit submit) {
            return submit.request().savepointPath() == null ? "empty state" : submit.request().savepointPath();
        }
        if (plan instanceof Plan.Deploy deploy) {
            String from = deploy.next().job() == null ? null : deploy.next().job().restoredFrom();
            return from == null ? "empty state" : from;
        }
        AppStatus next = plan instanceof Plan.Record record ? record.next() : null;
        if (next == null || next.operation() == null || OperationType.DELETE.equals(next.operation().type())
                || OperationType.SUSPEND.equals(next.operation().type()) || OperationType.SAVEPOINT.equals(next.operation().type())) {
            return null;
        }
        if (OperationType.REDEPLOY.equals(next.operation().type()) && in.desired().spec() != null) {
            return in.desired().spec().job().initialSavepointPath();
        }
        if (OperationType.RESCALE.equals(next.operation().type())) {
            return "none: the running job keeps its state (no restart)";
        }
        if (OperationStep.STOPPING.equals(next.operation().step())) {
            AppSpec after = in.desired().spec();
            boolean lastState = after != null && after.hasJob() && after.job().upgradeMode() == UpgradeMode.LAST_STATE;
            return lastState ? "the latest checkpoint if it is retained and young enough, else a new savepoint"
                    : "a new savepoint (stop-with-savepoint of the running job)";
        }
        return next.operation().mode() == UpgradeMode.LAST_STATE ? "the latest checkpoint" : "empty state";
    }

    private static List<String> warnings(PlanInput in, Plan plan, AppSpec after) {
        List<String> warnings = new ArrayList<>();
        AppStatus recorded = in.recorded();
        if (after != null && after.hasJob()) {
            if (after.job().upgradeModeDefaulted()) {
                warnings.add("upgradeMode is not set: flink-gitops uses savepoint (the Flink operator would use stateless)");
            }
            if (after.job().upgradeMode() == UpgradeMode.STATELESS && recorded != null && !recorded.savepoints().isEmpty()) {
                warnings.add("upgradeMode stateless: the job restarts without state although " + recorded.savepoints().size()
                        + " savepoints are recorded");
            } else if (after.job().upgradeMode() == UpgradeMode.STATELESS) {
                warnings.add("upgradeMode stateless: the job restarts without state");
            }
            if (after.job().allowNonRestoredState()) {
                warnings.add("allowNonRestoredState: state of operators the new version no longer has is dropped");
            }
        }
        if (in.desired().isRemoved()) {
            warnings.add("removal: " + (in.deletionRefused() != null ? "refused by the mass-deletion guard"
                    : "the job is stopped (with a final savepoint unless the spec turned that off) and removed"));
        }
        return warnings;
    }

    /**
     * A value as the plan shows it, {@link Redact redacted}: a secret-looking key's value entirely, the
     * value after a secret-looking job argument, user info and passwords inside any value.
     */
    static String shown(String path, Object value) {
        if (value == null) {
            return null;
        }
        String key = path.startsWith("spec.flinkConfiguration.") ? path.substring("spec.flinkConfiguration.".length()) : path;
        if (value instanceof List<?> args && path.equals("spec.job.args")) {
            return String.valueOf(Redact.args(args.stream().map(String::valueOf).toList()));
        }
        return Redact.configValue(key, value instanceof UpgradeMode mode ? mode.yamlName() : String.valueOf(value));
    }
}
