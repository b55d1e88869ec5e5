package dev.flinkgitops.web;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.FileHistory;
import dev.flinkgitops.pages.AppDetail;
import dev.flinkgitops.pages.AppRow;
import dev.flinkgitops.pages.Commit;
import dev.flinkgitops.pages.DiffLine;
import dev.flinkgitops.pages.Fleet;
import dev.flinkgitops.pages.Health;
import dev.flinkgitops.pages.Lineage;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gathers what the pages show from the daemon's in-memory view and its git mirror: the statuses as the
 * status branch holds them, each spec commit's author and subject (cached by sha), each spec's Flink
 * version and redacted YAML (cached by commit and file), and an app's lineage from the history of its
 * status file (the last {@link #HISTORY_LIMIT} commits that changed it among the last {@link #HISTORY_WALK}, cached by the status branch's tip); a spec commit's
 * files are listed with one tree walk, and each spec is parsed once per content. Never waits
 * for a tick.
 */
public final class PageData {

    /** How many commits of an app's status file its lineage is built from. */
    public static final int HISTORY_LIMIT = 100;
    /** How many commits of the status branch are looked at for them, at most. */
    public static final int HISTORY_WALK = 10_000;
    private static final int CACHE = 4096;

    private final Supplier<Map<AppId, AppStatus>> statuses;
    private final Supplier<Health> health;
    private final FileHistory history;
    private final String statusBranch;
    private final Function<String, String> flinkUi;
    private final Clock clock;
    private final StatusCodec codec = new StatusCodec();
    private final Lru<String, Optional<Commit>> commits = new Lru<>(CACHE);
    private final Lru<String, Optional<SpecView>> specs = new Lru<>(CACHE);
    private final Lru<String, List<Lineage.Version>> lineages = new Lru<>(256);
    private final Lru<AppStatus, AppStatus> redacted = new Lru<>(CACHE);
    private final Lru<String, Optional<String>> sessions = new Lru<>(CACHE);
    /** The spec commits' files: few commits (the apps' spec commits and stable commits), each a map of its files. */
    private final Lru<String, Map<String, String>> trees = new Lru<>(64);

    /**
     * @param statuses every app's status as it stands on the status branch
     * @param flinkUi the web UI address of a Flink cluster by name, or null when it has none to show
     */
    public PageData(Supplier<Map<AppId, AppStatus>> statuses, Supplier<Health> health, FileHistory history, String statusBranch,
            Function<String, String> flinkUi, Clock clock) {
        this.statuses = statuses;
        this.health = health;
        this.history = history;
        this.statusBranch = statusBranch;
        this.flinkUi = flinkUi;
        this.clock = clock;
    }

    /** Every app, sorted by identity, with the daemon's health. */
    public Fleet fleet() {
        List<AppRow> rows = new ArrayList<>();
        statuses.get().forEach((id, status) -> rows.add(row(id, status)));
        return new Fleet(rows, health.get(), clock.instant());
    }

    /** One app with its lineage and spec, or empty when the status branch does not record it. */
    public Optional<AppDetail> app(AppId id) {
        AppStatus status = statuses.get().get(id);
        if (status == null) {
            return Optional.empty();
        }
        AppRow row = row(id, status);
        String tip = history.tip(statusBranch).orElse("none");
        List<Lineage.Version> lineage = lineages.get(tip + ":" + id, key -> Lineage.of(versions(id), this::commit));
        SpecView spec = spec(status.specCommit(), status.specFile(), id);
        SpecView stable = spec(status.stableCommit(), status.specFile(), id);
        List<String> lines = spec == null ? List.of() : spec.lines();
        List<DiffLine> diff = spec == null || stable == null || status.stableCommit().equals(status.specCommit())
                ? List.of() : DiffLine.of(stable.lines(), lines);
        return Optional.of(new AppDetail(row, lineage, HISTORY_LIMIT, lines,
                status.stableCommit(), diff, clock.instant()));
    }

    private AppRow row(AppId id, AppStatus status) {
        AppStatus shown = redacted.get(status, AppStatus::redacted);
        SpecView spec = spec(status.specCommit(), status.specFile(), id);
        String cluster = status.job() == null ? null : status.job().cluster();
        return new AppRow(id.namespace(), id.name(), shown, flinkVersion(spec, status, id),
                status.specCommit() == null ? null : commit(status.specCommit()), cluster == null ? null : flinkUi.apply(cluster));
    }

    /** The spec's Flink version; a FlinkSessionJob's is that of its session cluster, looked for in the same folder. */
    private String flinkVersion(SpecView spec, AppStatus status, AppId id) {
        if (spec == null || spec.flinkVersion() != null || spec.deploymentName() == null) {
            return spec == null ? null : spec.flinkVersion();
        }
        String folder = folder(status.specFile());
        return sessions.get(status.specCommit() + ":" + folder + ":" + id.namespace() + "/" + spec.deploymentName(), key -> {
            for (Map.Entry<String, String> file : trees(status.specCommit()).entrySet()) {
                if (!folder(file.getKey()).equals(folder)) {
                    continue;
                }
                SpecView session = SpecView.named(history.blob(file.getValue()), id.namespace(), spec.deploymentName());
                if (session != null && session.flinkVersion() != null && session.deploymentName() == null) {
                    return Optional.of(session.flinkVersion());
                }
            }
            return Optional.<String>empty();
        }).orElse(null);
    }

    private List<Lineage.StatusVersion> versions(AppId id) {
        List<Lineage.StatusVersion> versions = new ArrayList<>();
        for (FileHistory.FileVersion version : history.versions(statusBranch, id.statusPath(), HISTORY_LIMIT, HISTORY_WALK)) {
            try {
                versions.add(new Lineage.StatusVersion(commit(version.commit()), codec.read(version.content()).redacted()));
            } catch (RuntimeException e) {
                // An unreadable old version (written by another tool) is left out of the lineage.
            }
        }
        return versions;
    }

    /** A spec commit's author and subject, or null when the mirror does not have it. */
    private Commit commit(String sha) {
        return commits.get(sha, key -> Optional.ofNullable(history.commit(key).map(PageData::commit).orElse(null))).orElse(null);
    }

    private static Commit commit(FileHistory.CommitInfo info) {
        return new Commit(info.sha(), Redact.text(info.subject()), Redact.text(info.author()), info.time());
    }

    private SpecView spec(String commit, String file, AppId id) {
        String blob = commit == null || file == null ? null : trees(commit).get(file);
        if (blob == null) {
            return null;
        }
        return specs.get(blob + ":" + id, key -> Optional.ofNullable(SpecView.of(history.blob(blob), id.namespace(), id.name())))
                .orElse(null);
    }

    private static String folder(String path) {
        return path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    }

    /** The YAML files of a spec commit, path to blob id (one tree walk per commit). */
    private Map<String, String> trees(String commit) {
        return trees.get(commit, history::yamlFiles);
    }
}
