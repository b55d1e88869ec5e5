package dev.flinkgitops.cli;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status files of a status branch in a local git repository, read with JGit from the commit the branch points
 * at (no work tree, no fetch): {@code refs/heads/<branch>}, else {@code refs/remotes/origin/<branch>}. A file counts
 * when its path is {@code <namespace>/<name>.yaml} and its {@code app} field says the same.
 *
 * @param ref the ref that was read
 * @param commit the commit it points at
 * @param apps the decoded statuses by app identity, sorted
 * @param skipped files that looked like status files and were not (unreadable, or naming another app), with why
 */
record StatusFiles(String ref, String commit, Map<String, AppStatus> apps, List<String> skipped) {

    /** The status branch of the repository at or above {@code path}; empty when neither ref exists. */
    static Optional<StatusFiles> read(Path path, String branch) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(path.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new IOException("not a git repository (or any parent up to /): " + path);
        }
        try (Repository repo = builder.setMustExist(true).build()) {
            for (String name : List.of(Constants.R_HEADS + branch, Constants.R_REMOTES + "origin/" + branch)) {
                Ref ref = repo.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    return Optional.of(read(repo, ref));
                }
            }
            return Optional.empty();
        }
    }

    private static StatusFiles read(Repository repo, Ref ref) throws IOException {
        StatusCodec codec = new StatusCodec();
        Map<String, AppStatus> apps = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(reader);
                TreeWalk tree = new TreeWalk(reader)) {
            RevCommit commit = walk.parseCommit(ref.getObjectId());
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                String file = tree.getPathString();
                String app = appOf(file);
                if (app == null) {
                    continue;
                }
                try {
                    AppStatus status = codec.read(reader.open(tree.getObjectId(0)).getBytes());
                    if (app.equals(status.app())) {
                        apps.put(app, status);
                    } else {
                        skipped.add(file + ": its app field is " + status.app() + ", not " + app);
                    }
                } catch (UncheckedIOException e) {
                    skipped.add(file + ": " + e.getMessage());
                }
            }
            return new StatusFiles(ref.getName(), commit.name(), apps, skipped);
        }
    }

    /** {@code namespace/name} for a path {@code namespace/name.yaml}, null for any other path. */
    static String appOf(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length != 2 || !segments[1].endsWith(".yaml") || segments[0].isEmpty()
                || segments[1].length() == ".yaml".length()) {
            return null;
        }
        return segments[0] + "/" + segments[1].substring(0, segments[1].length() - ".yaml".length());
    }
}
