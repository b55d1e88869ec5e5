package dev.flinkgitops.review;

import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.plan.ChangeTable;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.MassDeletionGuard;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.plan.Planner;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.validate.Claims;
import dev.flinkgitops.validate.FileResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the pull-request plan: for every app the change adds, changes or removes, the
 * daemon's planner decides the first step against the recorded status (or, without a status
 * branch, against "the base runs as written"), and {@link Actions} names what that step starts.
 * Pure but for the state-compatibility check it is given (a port): the caller reads git.
 */
public final class Reviewer {

    private final Planner planner;
    private final PlannerSettings settings;
    private final double maxDeletionShare;
    private final dev.flinkgitops.port.StateCompatibility stateCheck;

    public Reviewer(PlannerSettings settings, double maxDeletionShare) {
        this(settings, maxDeletionShare, null);
    }

    /** @param stateCheck the state-compatibility check of each new job that starts from state (null: none) */
    public Reviewer(PlannerSettings settings, double maxDeletionShare, dev.flinkgitops.port.StateCompatibility stateCheck) {
        this.planner = new Planner(settings);
        this.settings = settings;
        this.maxDeletionShare = maxDeletionShare;
        this.stateCheck = stateCheck;
    }

    /**
     * @param base the validated files at the base commit
     * @param head the validated files at the head commit
     * @param recorded statuses from the status branch (may be empty)
     * @param recordedSpecs the spec at each recorded status's commit, where it could be read
     * @param headMessage the head commit's message (for the mass-deletion confirmation)
     * @param now the head commit's time: the plan does not depend on when it is computed
     */
    public ReviewReport review(Commit base, Commit head, Map<AppId, AppStatus> recorded, Map<AppId, AppSpec> recordedSpecs,
            String headMessage, Instant now, String statusSource) {
        return review(base, head, recorded, recordedSpecs, headMessage, now, statusSource, null);
    }

    /**
     * As above, with {@code live}: reads live Flink (and Kubernetes) state for the recorded
     * statuses, so the plan says what the daemon would do now rather than against "the base runs
     * as recorded".
     */
    public ReviewReport review(Commit base, Commit head, Map<AppId, AppStatus> recorded, Map<AppId, AppSpec> recordedSpecs,
            String headMessage, Instant now, String statusSource,
            java.util.function.BiFunction<Map<AppId, AppStatus>, Map<AppId, Desired>, Observed> live) {
        Map<AppId, AppSpec> before = valid(base.files());
        Map<AppId, Desired> desired = desired(head, before);
        Map<AppId, List<String>> notActedOn = warnings(head);
        Map<AppId, AppStatus> statuses = new TreeMap<>();
        Set<AppId> apps = new TreeSet<>(before.keySet());
        apps.addAll(desired.keySet());
        for (AppId app : apps) {
            AppStatus status = recorded.containsKey(app) ? recorded.get(app) : assumed(app, before.get(app), base.commit());
            if (status != null) {
                statuses.put(app, status);
            }
        }
        String refusal = MassDeletionGuard.check(desired, statuses, maxDeletionShare, headMessage).orElse(null);
        Observed observedLive = live == null ? null : live.apply(statuses, desired);
        List<AppReview> reviews = new ArrayList<>();
        for (AppId app : apps) {
            Desired wanted = desired.getOrDefault(app, Desired.removed(head.commit()));
            AppSpec was = before.get(app);
            if (wanted.isValid() && was != null && wanted.spec().hash().equals(was.hash())) {
                continue;
            }
            AppStatus status = statuses.get(app);
            AppSpec recordedSpec = recorded.containsKey(app) ? recordedSpecs.getOrDefault(app, was) : was;
            PlanInput input = new PlanInput(app, wanted, status, recordedSpec, null, recordedSpec,
                    observedLive != null ? observedLive : observed(app, status, recordedSpec, wanted),
                    wanted.isRemoved() ? refusal : null, now);
            Plan plan = planner.plan(input);
            reviews.add(Actions.describe(input, plan, was, settings, notActedOn.getOrDefault(app, List.of()),
                    Rollbacks.reverted(headMessage)).withState(StateReview.check(stateCheck, input, plan, observedLive)));
        }
        reviews.addAll(SnapshotReview.review(base.files(), head.files(), statuses, dev.flinkgitops.plan.RestorePointIndex.of(desired, statuses)));
        return new ReviewReport(base.commit(), head.commit(), reviews, topWarnings(reviews, refusal), statusSource);
    }

    /**
     * The warnings at the top of the report: the mass-deletion guard's refusal, and every change
     * that crosses Flink's major version, repeated there where no reviewer can miss it.
     */
    private static List<String> topWarnings(List<AppReview> reviews, String refusal) {
        List<String> warnings = new ArrayList<>();
        if (refusal != null) {
            warnings.add("mass-deletion guard: " + refusal);
        }
        reviews.forEach(review -> review.warnings().stream().filter(w -> w.startsWith(ChangeTable.MAJOR_VERSION_WARNING))
                .forEach(w -> warnings.add(review.app() + ": " + w)));
        return warnings;
    }

    /** The files of one commit, validated. */
    public record Commit(String commit, List<FileResult> files) {}

    private static Map<AppId, AppSpec> valid(List<FileResult> files) {
        Map<AppId, AppSpec> specs = new HashMap<>();
        files.stream().filter(FileResult::valid).filter(result -> !SnapshotReview.isSnapshot(result))
                .forEach(result -> specs.put(result.spec().id(), result.spec()));
        return specs;
    }

    /**
     * The validation warnings of each valid head file (fields the daemon will not act on), as the
     * plan shows them: {@code line N: message}.
     */
    private static Map<AppId, List<String>> warnings(Commit head) {
        Map<AppId, List<String>> warnings = new HashMap<>();
        head.files().stream().filter(FileResult::valid).forEach(result -> warnings.put(result.spec().id(),
                result.warnings().stream().map(f -> "line " + f.line() + ": " + f.message()).toList()));
        return warnings;
    }

    /** Head's apps; an invalid document holds the app it names or, naming none, the apps its file had at base (see {@link Claims}). */
    private static Map<AppId, Desired> desired(Commit head, Map<AppId, AppSpec> before) {
        Map<AppId, Desired> desired = new TreeMap<>();
        for (FileResult result : head.files()) {
            if (result.valid() && !SnapshotReview.isSnapshot(result)) {
                desired.put(result.spec().id(), Desired.valid(result.spec(), head.commit()));
            }
        }
        Map<AppId, String> owners = new TreeMap<>();
        before.forEach((id, spec) -> owners.put(id, spec.file()));
        Claims claims = Claims.of(head.files(), owners);
        claims.held().forEach((id, result) -> desired.put(id, Desired.invalid(result.file(), result.errors(), head.commit())));
        for (FileResult result : claims.unclaimed()) {
            // a new document that does not validate: shown under its file (and its place in it, past the first)
            String where = result.document() > 1 ? result.file() + "#" + result.document() : result.file();
            desired.putIfAbsent(new AppId("?", where), Desired.invalid(result.file(), result.errors(), head.commit()));
        }
        return desired;
    }

    /** Without a status branch: the base runs as written (its job RUNNING, or suspended). */
    private AppStatus assumed(AppId app, AppSpec spec, String commit) {
        if (spec == null || !spec.hasJob()) {
            return null;
        }
        boolean running = spec.job().state() == DesiredState.RUNNING;
        JobRecord job = new JobRecord(JobIds.derive(app, commit, 1), settings.clusterOf(spec),
                running ? JobState.RUNNING.name() : JobState.FINISHED.name(), 1, null, null);
        return AppStatus.empty(app.toString(), spec.file()).withSpec(spec.file(), commit, spec.hash()).withJob(job)
                .withPhase(running ? Phase.RUNNING : Phase.SUSPENDED, "as written at the base commit")
                .withStable(commit, spec.hash()).withSavepointNonce(spec.job().savepointTriggerNonce());
    }

    /** What the daemon would see if the recorded job runs as recorded (not read from any cluster). */
    private Observed observed(AppId app, AppStatus status, AppSpec recordedSpec, Desired wanted) {
        Map<String, Map<String, JobSummary>> jobs = new HashMap<>();
        if (wanted.isValid() && wanted.spec().hasJob()) {
            jobs.put(settings.clusterOf(wanted.spec()), new HashMap<>());
        }
        Map<AppId, List<KubeObject>> kube = new HashMap<>();
        if (status != null && status.job() != null) {
            JobState state = status.phase() == Phase.SUSPENDED || status.phase() == Phase.DELETED
                    ? JobState.FINISHED : JobState.parse(status.job().state());
            jobs.computeIfAbsent(status.job().cluster(), c -> new HashMap<>())
                    .put(status.job().id(), new JobSummary(status.job().id(), app.toString(), state, 0));
            if (recordedSpec != null && settings.onKubernetes(recordedSpec)) {
                // Rendered objects stand in for live ones: as written, not edited since.
                kube.put(app, settings.rendering().objects(new RenderRequest(recordedSpec, status.job().id(),
                        status.job().restoredFrom(), settings.savepointDirectory(app, recordedSpec))));
            }
        }
        return new Observed(jobs, Set.of(), Map.of(), Map.of(), kube);
    }
}
