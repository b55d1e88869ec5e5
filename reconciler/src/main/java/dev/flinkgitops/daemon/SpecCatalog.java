package dev.flinkgitops.daemon;

import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusFiles;
import dev.flinkgitops.validate.Claims;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.Finding;
import dev.flinkgitops.validate.SpecValidator;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validate step. Each file is parsed and validated once per content (keyed by path and
 * blob id), so a tick whose tip did not move, or a commit that changed one file of a thousand,
 * parses nothing or one file. A file of several documents yields one result per document, each
 * an app of its own.
 *
 * <p>Both caches are bounded by what the daemon still uses, not by its uptime: parsed contents
 * are kept for the files of the last commit read (and until the next commit, for those
 * {@link #specAt} read), and a {@code specAt} answer as long as it was asked for since the
 * previous {@link #read} (once per tick). A spec history of months would otherwise stay in
 * the heap.
 */
public final class SpecCatalog {

    private static final Logger log = LoggerFactory.getLogger(SpecCatalog.class);
    private static final List<String> SUFFIXES = List.of(".yaml", ".yml");

    private final GitRepository repo;
    private final SpecValidator validator;
    private final List<String> paths;
    /** Each file content's documents, validated. */
    private final Map<String, List<FileResult>> byContent = new HashMap<>();
    /** specAt answers asked for since the last read(), and those of the tick before (moved over when asked again). */
    private Map<String, java.util.Optional<AppSpec>> byCommit = new HashMap<>();
    private Map<String, java.util.Optional<AppSpec>> byCommitBefore = new HashMap<>();
    private ObjectId lastCommit;
    private List<FileResult> lastResults = List.of();
    private java.util.Set<String> lastCrossFileErrors = java.util.Set.of();
    /** The cross-file check of {@link #checkedResults} against {@link #checkedOwners}. */
    private List<FileResult> lastChecked;
    private List<FileResult> checkedResults;
    private Map<AppId, String> checkedOwners;
    private long parses;

    public SpecCatalog(GitRepository repo, SpecValidator validator, List<String> paths) {
        this.repo = repo;
        this.validator = validator;
        this.paths = List.copyOf(paths);
    }

    /** Validates the specs at {@code commit}; invalid files are claimed by the app recorded for that file. */
    public Catalog read(ObjectId commit, Map<AppId, AppStatus> recorded) {
        byCommitBefore = byCommit;
        byCommit = new HashMap<>();
        if (!commit.equals(lastCommit)) {
            Map<String, ObjectId> files = repo.files(commit, paths, SUFFIXES);
            List<FileResult> results = new ArrayList<>();
            java.util.Set<String> current = new java.util.HashSet<>();
            files.forEach((path, blob) -> {
                results.addAll(validated(path, blob));
                current.add(contentKey(path, blob));
            });
            byContent.keySet().retainAll(current);
            lastResults = results;
            lastCommit = commit.copy();
        }
        // Across files: who owns an identity is what the status branch records now, so the check runs again
        // when the files or the owners changed, not on every tick.
        Map<AppId, String> owners = StatusFiles.specFiles(recorded);
        if (lastChecked == null || lastResults != checkedResults || !owners.equals(checkedOwners)) {
            lastChecked = validator.checkAcrossFiles(lastResults, owners);
            checkedResults = lastResults;
            checkedOwners = owners;
            logNewCrossFileErrors(lastChecked);
        }
        return assemble(commit.name(), lastChecked, recorded, owners);
    }

    /**
     * The spec of app {@code id} in {@code path} at {@code commit} (the document of that file that
     * names it: documents may be reordered between commits), or null when it is missing or invalid there.
     */
    public AppSpec specAt(String commit, String path, AppId id) {
        if (commit == null || path == null) {
            return null;
        }
        // A commit's content never changes: look each (commit, path, app) up once, not once per app per tick.
        String key = commit + ":" + path + ":" + id;
        java.util.Optional<AppSpec> spec = byCommit.get(key);
        if (spec == null) {
            spec = byCommitBefore.get(key);
            if (spec == null) {
                spec = repo.resolve(commit).flatMap(resolved -> repo.file(resolved, path))
                        .flatMap(blob -> validated(path, blob).stream()
                                .filter(document -> document.spec() != null && document.spec().id().equals(id))
                                .map(FileResult::spec).findFirst());
            }
            byCommit.put(key, spec);
        }
        return spec.orElse(null);
    }

    /** Cached entries (parsed contents, specAt answers), for tests. */
    int cached() {
        return byContent.size() + byCommit.size();
    }

    private static String contentKey(String path, ObjectId blob) {
        return path + "@" + blob.name();
    }

    /** How many files have been parsed and validated so far (each content once). */
    public long parses() {
        return parses;
    }

    private List<FileResult> validated(String path, ObjectId blob) {
        return byContent.computeIfAbsent(contentKey(path, blob), key -> {
            parses++;
            List<FileResult> documents = validator.validateDocuments(path, () -> repo.read(blob)); // a read failure is a finding too
            for (Finding finding : documents.stream().flatMap(document -> document.findings().stream()).toList()) {
                if (finding.severity() == Finding.Severity.ERROR) {
                    log.warn("invalid spec {}", Redact.text(finding.format()));
                } else {
                    log.info("{}", Redact.text(finding.format()));
                }
            }
            return documents;
        });
    }

    /**
     * What each app should be: a valid document's spec; for an app whose document is invalid (or
     * whose file cannot be read), that document's errors, so that its last valid spec keeps running
     * (see {@link Claims}); removed for a recorded app no document holds.
     */
    private static Catalog assemble(String commit, List<FileResult> results, Map<AppId, AppStatus> recorded,
            Map<AppId, String> owners) {
        Map<AppId, Desired> desired = new TreeMap<>();
        List<dev.flinkgitops.appspec.SnapshotSpec> snapshots = new ArrayList<>();
        java.util.Set<String> files = new java.util.HashSet<>();
        for (FileResult result : results) {
            files.add(result.file());
            if (result.valid() && result.spec().kind() == dev.flinkgitops.appspec.Kind.FLINK_STATE_SNAPSHOT) {
                snapshots.add(result.spec().snapshot()); // an operation on the app it names, not an app
            } else if (result.valid()) {
                desired.put(result.spec().id(), Desired.valid(result.spec(), commit));
            }
        }
        Claims claims = Claims.of(results, owners);
        claims.held().forEach((id, result) -> desired.put(id, Desired.invalid(result.file(), result.errors(), commit)));
        for (AppId id : recorded.keySet()) {
            desired.putIfAbsent(id, Desired.removed(commit));
        }
        return new Catalog(commit, desired, claims.unclaimed(), snapshots, files);
    }

    /** Logs each cross-file error (a duplicate identity) once, when it appears: per-file errors are logged when parsed. */
    private void logNewCrossFileErrors(List<FileResult> checked) {
        java.util.Set<String> errors = new java.util.HashSet<>();
        for (int i = 0; i < checked.size(); i++) {
            List<Finding> perFile = lastResults.get(i).findings();
            checked.get(i).errors().stream().filter(f -> !perFile.contains(f)).forEach(f -> errors.add(f.format()));
        }
        errors.stream().filter(e -> !lastCrossFileErrors.contains(e)).sorted()
                .forEach(e -> log.warn("invalid spec {}", Redact.text(e)));
        lastCrossFileErrors = errors;
    }
}
