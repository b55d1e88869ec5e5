package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.FlatConfiguration;
import dev.flinkgitops.appspec.JobSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.OperatorSettings;
import dev.flinkgitops.yaml.YamlTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Per-file rules the schema cannot express, run on a schema-valid spec. Errors and notes. */
final class SemanticCheck {

    static final String SAVEPOINT_DIR = "state.savepoints.dir";
    static final String MAX_PARALLELISM = "pipeline.max-parallelism";
    private static final String CONFIGURATION = "/spec/flinkConfiguration";

    private final ValidationSettings settings;

    SemanticCheck(ValidationSettings settings) {
        this.settings = settings;
    }

    /** A FlinkStateSnapshot: its own rules, and the tenancy of the namespace its jobReference names. */
    private void checkSnapshot(String file, YamlTree tree, AppSpec spec, Findings findings) {
        SnapshotCheck.check(tree, spec.snapshot(), findings::error);
        if (spec.snapshot().target() != null && tree.root().path("spec").path("jobReference").has("namespace")) {
            settings.tenancy().problem(file, spec.snapshot().target().namespace())
                    .ifPresent(problem -> findings.error("/spec/jobReference/namespace", problem));
        }
    }

    List<Finding> check(String file, YamlTree tree, AppSpec spec) {
        Findings findings = new Findings(file, tree);
        checkNamespace(findings, tree, spec);
        settings.tenancy().problem(file, spec.id().namespace()).ifPresent(problem -> findings.error(namespacePointer(tree), problem));
        if (spec.kind() == Kind.FLINK_STATE_SNAPSHOT) {
            checkSnapshot(file, tree, spec, findings);
            return findings.list();
        }
        if (spec.kind() == Kind.FLINK_SESSION_JOB) {
            settings.tenancy().clusterProblem(file, spec.deploymentName())
                    .ifPresent(problem -> findings.error("/spec/deploymentName", problem));
        }
        boolean applicationCluster = spec.kind() == Kind.FLINK_DEPLOYMENT && settings.kubernetesTarget();
        if (applicationCluster) {
            checkApplicationCluster(findings, tree, spec);
        }
        if (spec.hasJob()) {
            if (!applicationCluster || spec.job().jarURI() != null) {
                checkJar(findings, spec.job());
            }
            checkSavepointDirectory(findings, spec);
            checkParallelism(findings, tree, spec);
            if (spec.job().upgradeModeDefaulted()) {
                findings.note("/spec/job", "upgradeMode not set: flink-gitops uses savepoint"
                        + " (the Flink operator's default is stateless)");
            }
        }
        checkConfiguration(findings, tree, spec);
        FlatConfiguration flat = configuration(tree);
        OperatorCompatibility.check(findings, spec, flat, key -> configPointer(flat, key), settings.kubernetesTarget());
        if (applicationCluster) {
            StorageCheck.check(findings, spec, settings, key -> configPointer(flat, key));
        }
        if (spec.kind() == Kind.FLINK_DEPLOYMENT && !settings.kubernetesTarget()) {
            noteSessionTarget(findings, tree, spec);
        }
        return findings.list();
    }

    /** A FlinkDeployment the daemon renders on Kubernetes: its names, its pod templates, its image. */
    private void checkApplicationCluster(Findings findings, YamlTree tree, AppSpec spec) {
        for (String problem : dev.flinkgitops.port.KubeNames.nameProblems(spec.id())) {
            findings.error("/metadata/name", problem);
        }
        settings.podPolicy().check(findings, tree.root().path("spec"));
        if (!tree.root().path("spec").has("image")) {
            findings.error("/spec", "spec.image is required: the daemon runs this FlinkDeployment on Kubernetes");
        }
        if (tree.root().path("spec").has("ingress") && settings.ingressNamespace() == null) {
            findings.warning("/spec/ingress", "spec.ingress: the app's NetworkPolicy admits its REST port only from the daemon's"
                    + " pods, and the daemon has no --ingress-namespace (settings file: ingress-namespace), so the ingress"
                    + " controller cannot reach the web UI where the network plugin enforces NetworkPolicies: set it to the"
                    + " controller's namespace, or add a NetworkPolicy of your own that admits the controller to the app's pods");
        }
    }

    private void checkNamespace(Findings findings, YamlTree tree, AppSpec spec) {
        if (settings.namespaces().isEmpty() || settings.namespaces().contains(spec.id().namespace())) {
            return;
        }
        findings.error(namespacePointer(tree), "namespace '" + spec.id().namespace() + "' is not allowed (allowed: "
                + String.join(", ", new java.util.TreeSet<>(settings.namespaces())) + ")");
    }

    private static String namespacePointer(YamlTree tree) {
        return tree.root().path("metadata").has("namespace") ? "/metadata/namespace" : "/metadata";
    }

    private void checkJar(Findings findings, JobSpec job) {
        if (job.jarURI() == null) {
            findings.error("/spec/job", "job.jarURI is required: the job's jar is uploaded to the session cluster");
            return;
        }
        String scheme;
        try {
            scheme = new URI(job.jarURI()).getScheme();
        } catch (URISyntaxException e) {
            findings.error("/spec/job/jarURI", "jarURI is not a valid URI: " + e.getReason());
            return;
        }
        if (scheme == null) {
            findings.error("/spec/job/jarURI", "jarURI '" + job.jarURI() + "' has no scheme (allowed: "
                    + settings.jarSchemeList() + ")");
        } else if (!settings.jarSchemes().contains(scheme.toLowerCase(Locale.ROOT))) {
            findings.error("/spec/job/jarURI", "jarURI scheme '" + scheme + "' is not allowed (allowed: "
                    + settings.jarSchemeList() + ")");
        }
    }

    private void checkSavepointDirectory(Findings findings, AppSpec spec) {
        JobSpec job = spec.job();
        if (!job.upgradeMode().stateful() || spec.savepointDirectory() != null
                || settings.defaultSavepointDirConfigured()) {
            return;
        }
        findings.error(job.upgradeModeDefaulted() ? "/spec/job" : "/spec/job/upgradeMode",
                "upgradeMode " + job.upgradeMode().yamlName() + " needs a savepoint directory: set flinkConfiguration "
                        + SAVEPOINT_DIR + " (the daemon has no default savepoint directory)");
    }

    /**
     * Two spellings of one configuration key (nested and dotted, which the operator flattens to
     * one) are an error on the second, naming the first; a {@code kubernetes.operator.*} value
     * that does not parse is an error where it is written.
     */
    private static void checkConfiguration(Findings findings, YamlTree tree, AppSpec spec) {
        FlatConfiguration flat = configuration(tree);
        for (FlatConfiguration.Conflict conflict : flat.conflicts()) {
            findings.error(conflict.second(), "flinkConfiguration key '" + conflict.key() + "' is set twice, here and at line "
                    + tree.positionOf(conflict.first()).line() + " (" + conflict.first()
                    + "): nested and dotted spellings of a key are one setting");
        }
        for (String problem : OperatorSettings.problems(spec.flinkConfiguration())) {
            String key = problem.substring(0, problem.indexOf(':'));
            findings.error(configPointer(flat, key), problem.substring(key.length() + 2));
        }
    }

    private static FlatConfiguration configuration(YamlTree tree) {
        return FlatConfiguration.of(tree.root().path("spec").path("flinkConfiguration"), CONFIGURATION);
    }

    /** Where the value of configuration {@code key} is written, nested or dotted. */
    private static String configPointer(FlatConfiguration flat, String key) {
        String pointer = flat.pointerOf(key);
        return pointer != null ? pointer : YamlTree.child(CONFIGURATION, key);
    }

    private void checkParallelism(Findings findings, YamlTree tree, AppSpec spec) {
        String max = spec.flinkConfiguration().get(MAX_PARALLELISM);
        if (max == null) {
            return;
        }
        String maxPointer = configPointer(configuration(tree), MAX_PARALLELISM);
        int maxParallelism;
        try {
            maxParallelism = Integer.parseInt(max.trim());
        } catch (NumberFormatException e) {
            findings.error(maxPointer, MAX_PARALLELISM + " must be an integer, not '" + max + "'");
            return;
        }
        Integer parallelism = spec.job().parallelism();
        if (parallelism != null && parallelism > maxParallelism) {
            findings.error("/spec/job/parallelism", "parallelism " + parallelism + " is above "
                    + MAX_PARALLELISM + " " + maxParallelism);
        }
    }

    private static void noteSessionTarget(Findings findings, YamlTree tree, AppSpec spec) {
        if (!spec.hasJob()) {
            findings.note("/spec", "FlinkDeployment without a job is a session cluster definition:"
                    + " it is not deployed without the Kubernetes target");
            return;
        }
        // Each cluster field the spec sets has its own warning (OperatorFields).
        findings.note("/spec", "the job runs on the default session cluster (no Kubernetes target)");
    }
}
