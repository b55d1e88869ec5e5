package dev.flinkgitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flinkgitops.status.AppStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code flink-gitops status [APP]}: what the status branch of a local repository says about one app or all. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints the current state and savepoint history of one app (namespace/name) or of all, as",
            "recorded on the status branch of a local git repository (refs/heads/<branch>, else",
            "refs/remotes/origin/<branch>; run git fetch first to see the daemon's latest). Needs no network.",
            "Exit code: 0 printed, 1 the branch or the app is missing, 2 bad usage."})
public final class StatusCommand implements Callable<Integer> {

    /** The output forms. */
    enum Output { text, json }

    @Parameters(arity = "0..1", paramLabel = "APP", description = "One app, namespace/name (default: every app).")
    String app;

    @Option(names = "--repo", paramLabel = "PATH", defaultValue = ".",
            description = "A local git repository: a work tree, a bare repository or the daemon's mirror (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--status-branch", paramLabel = "BRANCH", defaultValue = "status",
            description = "The status branch (default: ${DEFAULT-VALUE}).")
    String statusBranch;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: the status objects as they are on the branch (default: ${DEFAULT-VALUE}).")
    Output output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<StatusSnapshot> read = StatusSnapshot.read(repo, statusBranch);
        if (read.isEmpty()) {
            err.printf("flink-gitops: no status branch '%s' in %s (neither refs/heads/%1$s nor refs/remotes/origin/%1$s);"
                    + " fetch it with: git fetch origin %1$s%n", statusBranch, repo);
            err.flush();
            return 1;
        }
        StatusSnapshot files = read.get();
        files.skipped().forEach(skipped -> err.println("flink-gitops: skipped " + skipped));
        // A branch written before redaction existed may hold a secret in a message: shown redacted.
        Collection<AppStatus> shown = files.apps().values().stream().map(AppStatus::redacted).toList();
        if (app != null) {
            AppStatus one = files.apps().containsKey(app) ? files.apps().get(app).redacted() : null;
            if (one == null) {
                err.printf("flink-gitops: no app '%s' on %s (%d apps recorded%s)%n", app, files.ref(), files.apps().size(),
                        app.contains("/") ? "" : "; name it as namespace/name");
                err.flush();
                return 1;
            }
            shown = List.of(one);
        }
        if (output == Output.json) {
            out.print(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(shown));
            out.println();
        } else {
            out.printf("status branch %s at %s%n%n", files.ref(), StatusText.shortCommit(files.commit()));
            out.print(app == null ? StatusText.table(shown) : StatusText.detail(shown.iterator().next()));
        }
        out.flush();
        err.flush();
        return 0;
    }
}
