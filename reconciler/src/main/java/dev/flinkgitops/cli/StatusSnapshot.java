package dev.flinkgitops.cli;

import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of a status branch in a local git repository: its status files, read with JGit from the commit the branch points
 * at (no work tree, no fetch): {@code refs/heads/<branch>}, else {@code refs/remotes/origin/<branch>}. A file counts
 * when its path is {@code <namespace>/<name>.yaml} and its {@code app} field says the same.
 *
 * @param ref the ref that was read
 * @param commit the commit it points at
 * @param apps the decoded statuses by app identity, sorted
 * @param skipped files that looked like status files and were not (unreadable, or naming another app), with why
 */
record StatusSnapshot(String ref, String commit, Map<String, AppStatus> apps, List<String> skipped) {

    /** The status branch of the repository at or above {@code path}; empty when neither ref exists. */
    static Optional<StatusSnapshot> read(Path path, String branch) throws IOException {
        try (GitRepository repo = GitRepository.local(path)) {
            for (String name : List.of("refs/heads/" + branch, "refs/remotes/origin/" + branch)) {
                Optional<ObjectId> tip = repo.resolve(name);
                if (tip.isPresent()) {
                    Map<String, byte[]> files = new TreeMap<>();
                    repo.files(tip.get(), List.of(), List.of(".yaml")).forEach((file, blob) -> files.put(file, repo.read(blob)));
                    List<String> skipped = new ArrayList<>();
                    Map<String, AppStatus> apps = new TreeMap<>();
                    dev.flinkgitops.status.StatusFiles.decode(files, new StatusCodec(),
                            (file, problem) -> skipped.add(file + ": " + problem)).forEach((id, status) -> apps.put(id.toString(), status));
                    files.keySet().stream().filter(file -> dev.flinkgitops.status.StatusFiles.idOf(file) != null
                            && !apps.containsKey(dev.flinkgitops.status.StatusFiles.idOf(file).toString())
                            && skipped.stream().noneMatch(line -> line.startsWith(file + ":")))
                            .forEach(file -> skipped.add(file + ": its app field is " + new StatusCodec().read(files.get(file)).app()
                                    + ", not " + dev.flinkgitops.status.StatusFiles.idOf(file)));
                    return Optional.of(new StatusSnapshot(name, tip.get().name(), apps, skipped));
                }
            }
            return Optional.empty();
        } catch (dev.flinkgitops.git.GitException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
