package dev.flinkgitops.notify;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The notifications one tick's outcome calls for, read purely from how each app's status moved:
 * the status it started from (as read from the status branch) and the status it recorded. A
 * status that did not change calls for none; each outcome is a change that happens once, so its
 * event is derived once, and a restarted daemon, whose first "before" is the branch as read, does
 * not derive it again. The rules, one method each:
 * <ul>
 *   <li>a new job recorded: {@code deployed} (no job before, or the app was deleted), {@code upgraded}
 *       (an upgrade or redeploy operation ended with it), {@code resumed} (the app was suspended);</li>
 *   <li>a phase entered: {@code suspended} (after an operation), {@code deleted}, {@code rolled_back};</li>
 *   <li>a failure: {@code blocked} on a new error's first attempt (retries of the same spec stay quiet
 *       until they give up, which is {@code stalled}); {@code stalled} on entering the phase or on a new
 *       error while in it;</li>
 *   <li>{@code state_regression}: a restore point chosen by a person recorded, or a job rewound by a
 *       JobManager restart without HA;</li>
 *   <li>{@code stray_job_stopped}: a new stray-job error recorded.</li>
 * </ul>
 */
public final class Events {

    private Events() {}

    /** The events of every app whose status moved from {@code before} to {@code after}, in app order. */
    public static List<Event> between(Map<AppId, AppStatus> before, Map<AppId, AppStatus> after, Instant now) {
        List<Event> events = new ArrayList<>();
        after.forEach((app, status) -> events.addAll(of(app, before.get(app), status, now)));
        return events;
    }

    /** The events of one app whose status moved from {@code before} (null: none yet) to {@code after}. */
    public static List<Event> of(AppId app, AppStatus before, AppStatus after, Instant now) {
        if (after == null || after.equals(before)) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        String time = now.toString();
        EventType started = started(before, after);
        if (started != null) {
            events.add(event(started, app, after, after.job().restoredFrom(), after.message(), time));
        }
        entered(before, after, app, time, events);
        failed(before, after, app, time, events);
        regression(before, after, app, time, events);
        ErrorRecord error = after.lastError();
        if (error != null && error.message() != null && error.message().startsWith(Plan.STRAY_JOB)
                && (before == null || before.lastError() == null || !error.message().equals(before.lastError().message()))) {
            events.add(event(EventType.STRAY_JOB_STOPPED, app, after, null, error.message(), time));
        }
        return events;
    }

    /** Deployed, upgraded or resumed when a new job was recorded as started; null otherwise (a restart, a rollback's start). */
    private static EventType started(AppStatus before, AppStatus after) {
        JobRecord job = after.job();
        if (job == null || before != null && before.job() != null && before.job().id().equals(job.id())
                || after.phase() != Phase.DEPLOYING && after.phase() != Phase.RUNNING) {
            return null;
        }
        if (before == null || before.job() == null || before.phase() == Phase.DELETED) {
            return EventType.DEPLOYED;
        }
        OperationType operation = before.operation() == null ? null : before.operation().type();
        if (operation == OperationType.UPGRADE || operation == OperationType.REDEPLOY) {
            return EventType.UPGRADED;
        }
        return before.phase() == Phase.SUSPENDED || before.phase() == Phase.BLOCKED && fromSuspend(after) ? EventType.RESUMED
                : null;
    }

    /** The job restored from the savepoint a suspend took (a resume whose first start failed and was retried). */
    private static boolean fromSuspend(AppStatus after) {
        SavepointRecord latest = after.lastSavepoint();
        return latest != null && OperationType.SUSPEND.lower().equals(latest.reason()) && latest.path().equals(after.job().restoredFrom());
    }

    /** Suspended, deleted and rolled back: the phase entered, with the savepoint that goes with it. */
    private static void entered(AppStatus before, AppStatus after, AppId app, String time, List<Event> events) {
        Phase was = before == null ? null : before.phase();
        String stoppedWith = before == null || before.operation() == null ? null : before.operation().savepoint();
        if (after.phase() == Phase.SUSPENDED && was != Phase.SUSPENDED && before != null && before.operation() != null) {
            events.add(event(EventType.SUSPENDED, app, after, stoppedWith, after.message(), time));
        }
        if (after.phase() == Phase.DELETED && was != Phase.DELETED) {
            events.add(event(EventType.DELETED, app, after, stoppedWith, after.message(), time));
        }
        if (after.phase() == Phase.ROLLED_BACK && was != Phase.ROLLED_BACK) {
            String why = after.lastError() == null ? after.message() : after.message() + " (" + after.lastError().message() + ")";
            events.add(event(EventType.ROLLED_BACK, app, after, after.job() == null ? null : after.job().restoredFrom(), why, time));
        }
    }

    /** Blocked on a new error's first attempt; stalled on entering the phase or on a new error in it. */
    private static void failed(AppStatus before, AppStatus after, AppId app, String time, List<Event> events) {
        ErrorRecord error = after.lastError();
        boolean newError = before == null || !sameError(before.lastError(), error);
        if (after.phase() == Phase.BLOCKED && error != null && error.attempts() == 1 && newError) {
            events.add(event(EventType.BLOCKED, app, after, null, error.message(), time));
        }
        if (after.phase() == Phase.STALLED && (before == null || before.phase() != Phase.STALLED || newError)) {
            String why = error == null || error.message().equals(after.message()) ? after.message()
                    : after.message() + " (" + error.message() + ")";
            events.add(event(EventType.STALLED, app, after, null, why, time));
        }
    }

    /** The same error as far as a person is concerned: its time may differ. */
    private static boolean sameError(ErrorRecord a, ErrorRecord b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.message(), b.message()) && Objects.equals(a.specHash(), b.specHash())
                && a.attempts() == b.attempts();
    }

    /** A restore point a person chose, newly recorded; or the same job rewound by a JobManager restart (without HA). */
    private static void regression(AppStatus before, AppStatus after, AppId app, String time, List<Event> events) {
        SavepointRecord latest = after.lastSavepoint();
        if (latest != null && SavepointRecord.CHOSEN.equals(latest.reason())
                && (before == null || !Objects.equals(before.lastSavepoint(), latest))) {
            events.add(event(EventType.STATE_REGRESSION, app, after, latest.path(), after.message(), time));
        }
        if (rewound(before, after)) {
            events.add(event(EventType.STATE_REGRESSION, app, after, after.job().restoredFrom(), after.message(), time));
        }
    }

    /** The same job, its JobManager restarted since it was last seen (without HA: rewound to its savepoint). */
    public static boolean rewound(AppStatus before, AppStatus after) {
        if (before == null || before.job() == null || after.job() == null || !before.job().id().equals(after.job().id())) {
            return false;
        }
        Integer was = before.job().jobManagerRestarts();
        Integer is = after.job().jobManagerRestarts();
        Long started = before.job().flinkStartTime();
        Long startedAgain = after.job().flinkStartTime();
        return was != null && is != null && is > was || started != null && startedAgain != null && startedAgain > started;
    }

    private static Event event(EventType type, AppId app, AppStatus after, String savepoint, String message, String time) {
        return new Event(type, app.toString(), after.phase() == null ? null : after.phase().name(), after.specCommit(),
                after.job() == null ? null : after.job().id(), savepoint, message, time);
    }
}
