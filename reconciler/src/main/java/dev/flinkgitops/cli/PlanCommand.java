package dev.flinkgitops.cli;

import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.config.TimingConfig;
import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.review.ReportFormat;
import dev.flinkgitops.review.RepositoryReview;
import dev.flinkgitops.review.ReviewReport;
import dev.flinkgitops.review.Reviewer;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code flink-gitops plan}: what merging a change will do to each app, with the daemon's own planner. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows, for every app a change adds, changes or removes: the field-level diff, its consequence",
            "(IGNORE < SCALE < UPGRADE < REDEPLOY), the action the daemon will take, the savepoint it restores from,",
            "whether the new job can restore that state, and warnings. Reads a local repository (the network only for",
            "http(s) jars). Exit code: 0 no changes, 2 changes, 1 invalid."})
final class PlanCommand implements Callable<Integer> {

    /** GitHub's comment limit is 65,536 characters; keep a margin. */
    static final int COMMENT_LIMIT = 65_000;
    static final String PART_SEPARATOR = "<!-- flink-gitops: next part -->";

    @Option(names = "--config", paramLabel = "FILE",
            description = "The daemon's settings file (as for run --config): plan takes the settings it shares with the "
                    + "daemon (kubernetes, namespace, savepoint-dir, tenants, pod-forbid, default-cluster, ...) from it, "
                    + "so plan and the daemon agree. A flag wins over the file.")
    Path config;

    @Option(names = "--repo", defaultValue = ".", description = "The repository (a checkout of the pull request) (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--base", description = "The base revision (default: the merge base of --head and origin/BRANCH or BRANCH).")
    String base;

    @Option(names = "--head", defaultValue = "HEAD", description = "The head revision (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--branch", defaultValue = "main", description = "The branch the daemon watches (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--path", defaultValue = "apps", split = ",", description = "Folders holding specs (default: ${DEFAULT-VALUE}).")
    List<String> paths;

    @Option(names = "--status-branch", defaultValue = "status",
            description = "The status branch, read locally when present (default: ${DEFAULT-VALUE}).")
    String statusBranch;

    @Option(names = "--output", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--markdown-dir", description = "Also write the markdown parts as DIR/plan-1.md, plan-2.md, ... (one comment each).")
    Path markdownDir;

    @Option(names = "--kubernetes", description = "The daemon runs FlinkDeployments on Kubernetes.")
    boolean kubernetes;

    @Option(names = "--namespace", split = ",", description = "With --kubernetes: the allowed namespaces (default: any).")
    Set<String> namespaces = new java.util.TreeSet<>();

    @picocli.CommandLine.Mixin
    TenantOption tenant = new TenantOption();

    @Option(names = "--default-cluster", defaultValue = "default", description = "As for run (default: ${DEFAULT-VALUE}).")
    String defaultCluster;

    @Option(names = "--savepoint-dir", description = "As for run: the daemon's default savepoint directory.")
    String savepointDir;

    @Option(names = "--max-deletion-share", defaultValue = "0.5", description = "As for run (default: ${DEFAULT-VALUE}).")
    double maxDeletionShare;

    @Option(names = "--live", description = "Also read live Flink (--cluster, or --kubernetes with your kubeconfig) "
            + "and show what the daemon would do now. Needs the status branch in the checkout.")
    boolean live;

    @Option(names = "--cluster", paramLabel = "NAME=URL", split = ",", description = "With --live: a session cluster's REST URL, as for run.")
    java.util.Map<String, java.net.URI> clusters = new java.util.LinkedHashMap<>();

    @Option(names = "--no-state-check", description = "Do not check state compatibility (the check builds each new job "
            + "graph by running the jar's main without executing the job); the plan says it was not checked.")
    boolean noStateCheck;

    @Option(names = "--jar-dir", split = ",", description = "As for run: folders where local:// jars are looked up by file "
            + "name (for the state-compatibility check).")
    List<Path> jarDirs = new java.util.ArrayList<>();

    @Option(names = "--rest-access", defaultValue = "auto", description = "With --live --kubernetes: dns, port-forward or auto.")
    String restAccess;

    @CommandLine.Mixin
    PodForbidOption podForbid = new PodForbidOption();

    @CommandLine.Mixin
    NetworkPeersOption networkPeers = new NetworkPeersOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String defaultDir = savepointDir != null ? savepointDir : kubernetes ? null : "file:///flink-gitops/savepoints";
        TimingConfig timing = TimingConfig.DEFAULTS;
        PlannerSettings settings = new PlannerSettings(defaultCluster, defaultDir, timing.retryBase(), timing.retryMax(),
                timing.savepointTimeout(), timing.maxAttempts(), kubernetes)
                .withRendering(new Renderer(networkPeers.peers()));
        SpecValidator validator = new SpecValidator(ValidationSettings.defaults()
                .withDefaultSavepointDirConfigured(defaultDir != null).withKubernetesTarget(kubernetes).withNamespaces(namespaces)
                .withTenancy(tenant.tenancy()).withPodPolicy(podForbid.policy()).withDefaultSavepointDir(savepointDir)
                .withIngressNamespace(networkPeers.peers().ingressNamespace()));
        ReviewReport report;
        try (GitRepository repository = GitRepository.local(repo); LiveSource source = LiveSource.of(live, clusters,
                kubernetes, restAccess, settings)) {
            report = new RepositoryReview(repository, validator, paths)
                    .review(new Reviewer(settings, maxDeletionShare, stateCheck()), base, head, branch, statusBranch, source.view());
        }
        switch (output) {
            case "json" -> out.print(ReportFormat.json(report));
            case "markdown" -> out.print(String.join("\n" + PART_SEPARATOR + "\n", markdown(report)));
            default -> out.print(ReportFormat.text(report));
        }
        out.flush();
        return report.invalid() ? 1 : report.changed() ? 2 : 0;
    }

    /**
     * The state-compatibility check: jars from {@code file:}, {@code local:} and {@code http(s):} URIs (downloads
     * into a temporary directory), restore points on any file system Flink reaches from here.
     */
    private dev.flinkgitops.port.StateCompatibility stateCheck() throws java.io.IOException {
        if (noStateCheck) {
            return dev.flinkgitops.port.StateCompatibility.none("turned off with --no-state-check");
        }
        Path cache = Files.createTempDirectory("flink-gitops-plan-jars");
        cache.toFile().deleteOnExit();
        dev.flinkgitops.jars.JarResolver jars = new dev.flinkgitops.jars.JarResolver(jarDirs, cache);
        return new dev.flinkgitops.graph.FlinkStateCompatibility(jars::resolve,
                dev.flinkgitops.graph.FlinkStateCompatibility.DEFAULT_LIMIT, true);
    }

    private List<String> markdown(ReviewReport report) throws java.io.IOException {
        List<String> parts = ReportFormat.markdown(report, COMMENT_LIMIT);
        if (markdownDir != null) {
            Files.createDirectories(markdownDir);
            for (int i = 0; i < parts.size(); i++) {
                Files.writeString(markdownDir.resolve("plan-" + (i + 1) + ".md"), parts.get(i), StandardCharsets.UTF_8);
            }
        }
        return parts;
    }
}
