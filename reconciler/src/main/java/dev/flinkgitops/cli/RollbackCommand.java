package dev.flinkgitops.cli;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitException;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.rollback.Rollback;
import dev.flinkgitops.rollback.RollbackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code flink-gitops rollback APP}: a commit that redeploys an earlier version of an app from that version's savepoint. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Writes a commit that puts the app's spec back as it was at an earlier spec commit and redeploys it",
            "from the savepoint the status branch recorded for that version (job.initialSavepointPath with a new",
            "job.savepointRedeployNonce): the job's state since then is discarded. The commit goes on a new branch",
            "(rollback/<namespace>-<name>-<commit>) for review; push it and open a pull request. Reads the status",
            "branch locally (refs/heads/<branch>, else refs/remotes/origin/<branch>; git fetch first). No network.",
            "Exit code: 0 written, 1 refused (what is missing is named), 64 bad usage."})
final class RollbackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "APP", description = "The app, namespace/name.")
    String app;

    @Option(names = "--to", paramLabel = "SPEC_COMMIT",
            description = "The spec commit to go back to (default: the version that ran before the running one).")
    String to;

    @Option(names = "--savepoint", paramLabel = "PATH",
            description = "Redeploy from this savepoint instead of the one recorded for that version.")
    String savepoint;

    @Option(names = "--repo", paramLabel = "PATH", defaultValue = ".", description = "The local clone (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--branch", paramLabel = "NAME", description = "The new branch (default: rollback/<namespace>-<name>-<commit>).")
    String branch;

    @Option(names = "--on-current-branch",
            description = "Commit on the checked-out branch (through the work tree) instead of a new branch.")
    boolean onCurrentBranch;

    @Option(names = "--status-branch", paramLabel = "BRANCH", defaultValue = "status",
            description = "The status branch (default: ${DEFAULT-VALUE}).")
    String statusBranch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String[] parts = app.split("/");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "APP is namespace/name, not '" + app + "'");
        }
        if (onCurrentBranch && branch != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--branch and --on-current-branch exclude each other");
        }
        try (GitRepository repository = GitRepository.local(repo)) {
            Rollback.Result result = Rollback.write(repository, new Rollback.Request(new AppId(parts[0], parts[1]), to, savepoint,
                    branch, onCurrentBranch, statusBranch, Instant.now()));
            out.printf("rolled back %s to %s: %s restored, redeployed from savepoint %s%s (savepointRedeployNonce %d)%n",
                    result.app(), result.targetCommit(), result.specFile(), result.savepoint(),
                    result.savepointTime() == null ? "" : " taken at " + result.savepointTime(), result.nonce());
            out.printf("committed %s on branch %s (status read from %s)%n", result.commit().substring(0, 10), result.branch(),
                    result.statusRef());
            out.printf("next: git push origin %s, open a pull request (flink-gitops plan shows it as a rollback), and merge it;"
                    + " the state since that savepoint is discarded%n", result.branch());
            out.flush();
            return 0;
        } catch (RollbackException | GitException e) {
            err.println("flink-gitops: rollback refused: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
