package dev.flinkgitops.review;

import dev.flinkgitops.git.GitException;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.status.StatusFiles;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import org.eclipse.jgit.lib.ObjectId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads what a review needs from a local repository (no network) and asks the {@link Reviewer}. */
public final class RepositoryReview {

    private static final List<String> SUFFIXES = List.of(".yaml", ".yml");

    private final GitRepository repo;
    private final SpecValidator validator;
    private final List<String> paths;

    public RepositoryReview(GitRepository repo, SpecValidator validator, List<String> paths) {
        this.repo = repo;
        this.validator = validator;
        this.paths = List.copyOf(paths);
    }

    /**
     * @param baseRev the base revision, or null for the merge base of {@code headRev} and the watched branch
     * @param branch the watched branch ({@code origin/<branch>} is preferred when it exists)
     */
    public ReviewReport review(Reviewer reviewer, String baseRev, String headRev, String branch, String statusBranch) {
        return review(reviewer, baseRev, headRev, branch, statusBranch, null);
    }

    /** With {@code live}: what the daemon would do now, from live Flink/Kubernetes state. */
    public ReviewReport review(Reviewer reviewer, String baseRev, String headRev, String branch, String statusBranch,
            java.util.function.BiFunction<Map<AppId, AppStatus>, Map<AppId, dev.flinkgitops.plan.Desired>,
                    dev.flinkgitops.plan.Observed> live) {
        ObjectId head = resolve(headRev);
        ObjectId base = baseRev != null ? resolve(baseRev) : defaultBase(head, branch);
        Optional<ObjectId> statusTip = repo.resolve("refs/heads/" + statusBranch)
                .or(() -> repo.resolve("refs/remotes/origin/" + statusBranch));
        Map<AppId, AppStatus> recorded = statusTip.map(this::statuses).orElse(Map.of());
        Map<AppId, AppSpec> recordedSpecs = new TreeMap<>();
        recorded.forEach((id, status) -> specAt(status.specCommit(), status.specFile(), id).ifPresent(spec -> recordedSpecs.put(id, spec)));
        // As the daemon: an app stays with the file it runs from (recorded, else the base's file); another file claiming it is invalid.
        Map<AppId, String> owners = StatusFiles.specFiles(recorded);
        List<FileResult> baseFiles = validated(base, owners);
        Map<AppId, String> headOwners = new TreeMap<>(owners);
        baseFiles.stream().filter(FileResult::valid).forEach(result -> headOwners.putIfAbsent(result.spec().id(), result.file()));
        return reviewer.review(new Reviewer.Commit(base.name(), baseFiles), new Reviewer.Commit(head.name(), validated(head, headOwners)),
                recorded, recordedSpecs, repo.message(head), repo.time(head),
                statusTip.map(tip -> statusBranch + " @ " + tip.name().substring(0, 10)).orElse(null), live);
    }

    private ObjectId resolve(String revision) {
        return repo.resolve(revision).orElseThrow(() -> new GitException("unknown revision " + revision, null));
    }

    private ObjectId defaultBase(ObjectId head, String branch) {
        ObjectId watched = repo.resolve("refs/remotes/origin/" + branch).or(() -> repo.resolve("refs/heads/" + branch))
                .orElseThrow(() -> new GitException("no branch " + branch + " (or origin/" + branch + ") to compare with: "
                        + "pass --base", null));
        return repo.mergeBase(head, watched).orElse(watched);
    }

    private List<FileResult> validated(ObjectId commit, Map<AppId, String> owners) {
        Map<String, java.util.concurrent.Callable<byte[]>> files = new TreeMap<>();
        repo.files(commit, paths, SUFFIXES).forEach((path, blob) -> files.put(path, () -> repo.read(blob)));
        return validator.readAndValidateAll(files, owners);
    }

    private Map<AppId, AppStatus> statuses(ObjectId tip) {
        Map<String, byte[]> files = new TreeMap<>();
        repo.files(tip, List.of(), List.of(".yaml")).forEach((path, blob) -> files.put(path, repo.read(blob)));
        return StatusFiles.decode(files, new StatusCodec(), (path, problem) -> { });
    }

    /** The spec of {@code app} in {@code file} at {@code commit}: the document of the file that names it. */
    private Optional<AppSpec> specAt(String commit, String file, AppId app) {
        if (commit == null || file == null) {
            return Optional.empty();
        }
        return repo.resolve(commit).flatMap(id -> repo.file(id, file))
                .flatMap(blob -> validator.validateDocuments(file, () -> repo.read(blob)).stream()
                        .filter(document -> document.spec() != null && document.spec().id().equals(app))
                        .map(FileResult::spec).findFirst());
    }
}
