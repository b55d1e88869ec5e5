package dev.flinkgitops.daemon;

import dev.flinkgitops.apply.Applier;
import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.GitConfig;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.observe.Observer;
import dev.flinkgitops.plan.Planner;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.Jars;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.eclipse.jgit.lib.PersonIdent;

import java.time.Clock;
import java.util.List;

/**
 * The one way to assemble a {@link Tick}, for the daemon ({@link Wiring}), the tests and the
 * benchmarks: each names what it sets, and the rest is the daemon's default (branches and spec
 * paths of {@link GitConfig#of}, any spec valid under the default validation settings, no
 * Kubernetes target, the default mass-deletion share, the system clock).
 */
public final class TickBuilder {

    private static final GitConfig GIT = GitConfig.of(null);

    private final GitRepository repo;
    private final Clusters clusters;
    private final PlannerSettings settings;
    private String specBranch = GIT.branch();
    private String statusBranch = GIT.statusBranch();
    private List<String> paths = GIT.paths();
    private SpecValidator validator;
    private SpecCatalog catalog;
    private Jars jars;
    private KubeTarget target = KubeTarget.none();
    private double maxDeletionShare = DaemonConfig.DEFAULT_MAX_DELETION_SHARE;
    private PersonIdent author = new PersonIdent("flink-gitops", "flink-gitops@localhost");
    private int pushAttempts = 5;
    private Clock clock = Clock.systemUTC();
    private dev.flinkgitops.port.LeaderCheck leader = dev.flinkgitops.port.LeaderCheck.ALWAYS;
    private dev.flinkgitops.notify.Notifier notifier = dev.flinkgitops.notify.Notifier.none();
    private dev.flinkgitops.port.StateCompatibility stateCheck;

    TickBuilder(GitRepository repo, Clusters clusters, PlannerSettings settings) {
        this.repo = repo;
        this.clusters = clusters;
        this.settings = settings;
    }

    /** The branch whose specs are applied and the branch statuses are written to. */
    public TickBuilder branches(String specBranch, String statusBranch) {
        this.specBranch = specBranch;
        this.statusBranch = statusBranch;
        return this;
    }

    /** Folders (or files) of the repository that hold specs. */
    public TickBuilder paths(List<String> paths) {
        this.paths = List.copyOf(paths);
        return this;
    }

    public TickBuilder validator(SpecValidator validator) {
        this.validator = validator;
        return this;
    }

    /** The spec catalog itself, for a caller that watches it (the benchmarks count its parses); it replaces paths and validator. */
    public TickBuilder catalog(SpecCatalog catalog) {
        this.catalog = catalog;
        return this;
    }

    /** How jars reach a cluster; required. */
    public TickBuilder jars(Jars jars) {
        this.jars = jars;
        return this;
    }

    /** Where FlinkDeployments run on Kubernetes. */
    public TickBuilder kubernetes(KubeTarget target) {
        this.target = target;
        return this;
    }

    public TickBuilder maxDeletionShare(double maxDeletionShare) {
        this.maxDeletionShare = maxDeletionShare;
        return this;
    }

    /** The author of status commits, and how often a rejected push is tried again (from a fresh fetch). */
    public TickBuilder statusWriter(PersonIdent author, int pushAttempts) {
        this.author = author;
        this.pushAttempts = pushAttempts;
        return this;
    }

    /** Asked before every action on Flink or Kubernetes (default: always the leader). */
    public TickBuilder leadership(dev.flinkgitops.port.LeaderCheck leader) {
        this.leader = leader;
        return this;
    }

    /** Who hears of each outcome the tick records (default: nobody). */
    public TickBuilder notifier(dev.flinkgitops.notify.Notifier notifier) {
        this.notifier = notifier;
        return this;
    }

    /** The state-compatibility check before an upgrade's stop (default: none). */
    public TickBuilder stateCompatibility(dev.flinkgitops.port.StateCompatibility check) {
        this.stateCheck = check;
        return this;
    }

    public TickBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Tick build() {
        if (jars == null) {
            throw new IllegalStateException("a tick needs jars: how a spec's jar reaches its cluster");
        }
        SpecValidator specs = validator != null ? validator : new SpecValidator(ValidationSettings.defaults());
        SpecCatalog read = catalog != null ? catalog : new SpecCatalog(repo, specs, paths);
        StatusStore store = new StatusStore(repo, new StatusBranch(repo, statusBranch, author, pushAttempts), new StatusCodec());
        return new Tick(repo, specBranch, read, store, new Observer(clusters, target),
                new Planner(settings), new Applier(clusters, jars, target, settings, clock, leader, stateCheck), settings, maxDeletionShare,
                clock, notifier);
    }
}
