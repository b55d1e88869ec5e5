package dev.flinkgitops.cli;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.HttpConfig;
import dev.flinkgitops.config.KubeConfig;
import dev.flinkgitops.config.NetworkPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --config}: file, FLINK_GITOPS_* environment and flags, in that order of precedence. */
class ConfigTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(Map<String, String> env, String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
    }

    /** The configuration run would start with, without starting anything. */
    private DaemonConfig resolve(Map<String, String> env, String... args) {
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env);
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        RunCommand run = parsed.subcommand().commandSpec().commandLine().getCommand();
        return run.resolve();
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFileForAScalarAListAndAMap() throws Exception {
        Path file = config("""
                repo: file-repo
                interval: 1m
                namespace: [from-file]
                cluster: {a: "http://file:8081"}
                branch: file-branch
                """);
        DaemonConfig fileOnly = resolve(Map.of(), "run", "--config", file.toString());
        assertEquals("file-repo", fileOnly.git().repoUrl());
        assertEquals(Duration.ofMinutes(1), fileOnly.timing().pollInterval());
        assertEquals(Map.of("a", URI.create("http://file:8081")), fileOnly.flink().clusters());
        assertEquals("file-branch", fileOnly.git().branch());

        Map<String, String> env = Map.of("FLINK_GITOPS_INTERVAL", "2m", "FLINK_GITOPS_NAMESPACE", "e1,e2",
                "FLINK_GITOPS_CLUSTER", "b=http://env:1,c=http://env:2", "FLINK_GITOPS_KUBERNETES", "true");
        DaemonConfig fromEnv = resolve(env, "run", "--config", file.toString());
        assertEquals(Duration.ofMinutes(2), fromEnv.timing().pollInterval());
        assertEquals(Set.of("e1", "e2"), fromEnv.kubernetes().namespaces());
        assertEquals(Map.of("b", URI.create("http://env:1"), "c", URI.create("http://env:2")), fromEnv.flink().clusters());
        assertEquals("file-branch", fromEnv.git().branch());

        DaemonConfig fromFlags = resolve(env, "run", "--config", file.toString(), "--interval", "3s",
                "--namespace", "f1", "--cluster", "d=http://flag:3", "--repo", "flag-repo");
        assertEquals(Duration.ofSeconds(3), fromFlags.timing().pollInterval());
        assertEquals(Set.of("f1"), fromFlags.kubernetes().namespaces());
        assertEquals(Map.of("d", URI.create("http://flag:3")), fromFlags.flink().clusters());
        assertEquals("flag-repo", fromFlags.git().repoUrl());
    }

    @Test
    void tenantsComeFromRepeatedFlagsTheEnvironmentOrAMapOfListsInTheFile() throws Exception {
        Path file = config("repo: r\ntenants:\n  apps/payments: [payments, payments-*]\n  apps/analytics/: analytics\n");
        assertEquals(Map.of("apps/payments", List.of("payments", "payments-*"), "apps/analytics", List.of("analytics")),
                resolve(Map.of(), "run", "--config", file.toString()).tenants());
        Map<String, String> env = Map.of("FLINK_GITOPS_TENANTS", "apps/a=a1,a2;apps/b=b");
        assertEquals(Map.of("apps/a", List.of("a1", "a2"), "apps/b", List.of("b")),
                resolve(env, "run", "--config", file.toString()).tenants());
        assertEquals(Map.of("apps/c", List.of("c1", "c2"), "apps/d", List.of("d")),
                resolve(env, "run", "--config", file.toString(), "--tenant", "apps/c=c1,c2", "--tenant", "apps/d=d").tenants());
        assertEquals(Map.of(), resolve(Map.of(), "run", "--repo", "r").tenants(), "default: no mapping");
    }

    @Test
    void aBadTenantNamesTheSettingAndWhere() throws Exception {
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--config", config("repo: r\ntenants:\n  apps/x: [{a: b}]\n").toString()));
        assertTrue(err.toString().contains(":3: setting 'tenants' must map each folder to a list of namespaces"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of("FLINK_GITOPS_TENANTS", "apps/x"), "run", "--repo", "r"));
        assertTrue(err.toString().contains("FLINK_GITOPS_TENANTS: invalid value for setting 'tenants': 'apps/x' is not "
                + "FOLDER=NAMESPACE"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--repo", "r", "--tenant", "apps/x=Payments"));
        assertTrue(err.toString().contains("--tenants: invalid value for setting 'tenants': 'Payments' is not a namespace"),
                err.toString());
    }

    @Test
    void theStateCheckIsOnUnlessTurnedOffByFlagEnvironmentOrFile() throws Exception {
        assertTrue(resolve(Map.of(), "run", "--repo", "r").stateCheck());
        assertFalse(resolve(Map.of(), "run", "--repo", "r", "--no-state-check").stateCheck());
        assertFalse(resolve(Map.of("FLINK_GITOPS_NO_STATE_CHECK", "true"), "run", "--repo", "r").stateCheck());
        assertFalse(resolve(Map.of(), "run", "--config", config("repo: r\nno-state-check: true\n").toString()).stateCheck());
        assertTrue(resolve(Map.of(), "run", "--config", config("repo: r\nno-state-check: false\n").toString()).stateCheck());
    }

    @Test
    void theEmbeddedClusterRunsTheAdaptiveSchedulerOnlyWhenAskedTo() throws Exception {
        assertFalse(resolve(Map.of(), "run", "--repo", "r").flink().embeddedAdaptive());
        assertTrue(resolve(Map.of(), "run", "--repo", "r", "--embedded-adaptive-scheduler").flink().embeddedAdaptive());
        assertTrue(resolve(Map.of(), "run", "--config", config("repo: r\nembedded-adaptive-scheduler: true\n").toString())
                .flink().embeddedAdaptive());
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path file = config("repo: r\nbranch: b\n");
        assertEquals("b", resolve(Map.of("FLINK_GITOPS_CONFIG", file.toString()), "run").git().branch());
    }

    @Test
    void everyKeyOfTheExampleIsAcceptedAndLandsInTheConfiguration() throws Exception {
        Path example = Path.of("../docs/config-example.yaml");
        DaemonConfig config = resolve(Map.of(), "run", "--config", example.toString());
        DaemonConfig expected = DaemonConfig.of("https://git.example.com/platform/flink-apps.git")
                .withGit(git -> git.withPaths(List.of("apps", "shared/apps"))
                        .withToken("git", "GIT_TOKEN", Path.of("/var/run/secrets/flink-gitops/git-token"))
                        .withSsh(Path.of("/var/run/secrets/flink-gitops/ssh/id_ed25519"),
                                Path.of("/var/run/secrets/flink-gitops/ssh/known_hosts")))
                .withTiming(timing -> timing.withIntervals(Duration.ofSeconds(30), Duration.ofMillis(500)))
                .withWorkDir(Path.of("/var/lib/flink-gitops/work"))
                .withFlink(flink -> flink.withClusters(Map.of("session", URI.create("http://flink-session-jobmanager:8081"),
                                "default", URI.create("http://flink-jobs-jobmanager:8081")))
                        .withSavepointDir("s3://flink/savepoints")
                        .withJarDirs(List.of(Path.of("/opt/flink/usrlib"), Path.of("/opt/jars")))
                        .withTimeout(Duration.ofSeconds(15)))
                .withMaxDeletionShare(0.25)
                .withKubernetes(new KubeConfig(Set.of("payments", "analytics"), "dns", "flink-gitops", "flink-gitops",
                        KubeConfig.DEFAULT_POD_FORBID, new NetworkPeers("flink-gitops",
                                Map.of("app.kubernetes.io/instance", "flink-gitops"), "ingress-nginx")))
                .withTenants(Map.of("apps/payments", List.of("payments"), "apps/analytics", List.of("analytics"),
                        "shared/apps", List.of("payments", "analytics")))
                .withHttp(new HttpConfig("0.0.0.0:8080", "WEBHOOK_SECRET", Path.of("/var/run/secrets/flink-gitops/webhook-secret")))
                .withNotifications(new dev.flinkgitops.config.NotifyConfig(List.of("https://events.example.com/flink-gitops"),
                        List.of("SLACK_WEBHOOK_URL"), List.of(Path.of("/var/run/secrets/flink-gitops/notify-urls"))));
        assertEquals(expected, config);

        assertEquals(0, execute(Map.of(), "run", "--config", example.toString(), "--print-config"), err.toString());
        String printed = out.toString();
        String yaml = Files.readString(example);
        for (String key : RunSettings.keys(new CommandLine(new RunCommand()).getCommandSpec())) {
            assertTrue(yaml.contains("\n" + key + ":"), "example lacks " + key);
            assertTrue(printed.contains(key + ": "), "print-config lacks " + key);
        }
        assertTrue(printed.contains("http: \"0.0.0.0:8080\""), printed);
        assertTrue(printed.contains("webhook-secret-env: \"WEBHOOK_SECRET\""), printed);
        assertTrue(printed.contains("config-example.yaml:"), printed);
        assertTrue(printed.contains("notify: [\"https://events.example.com/…\"]"), printed);
    }

    @Test
    void aNotificationUrlIsNeverPrintedWithItsPathAndABadOneIsNotEchoed() throws Exception {
        assertEquals(0, execute(Map.of("FLINK_GITOPS_NOTIFY", "https://hooks.slack.com/services/T0/B0/canary-5e1"),
                "run", "--repo", "r", "--notify-env", "SLACK_URL", "--print-config"), err.toString());
        assertTrue(out.toString().contains("notify: [\"https://hooks.slack.com/…\"]  # FLINK_GITOPS_NOTIFY"), out.toString());
        assertTrue(out.toString().contains("notify-env: [\"SLACK_URL\"]"), out.toString());
        assertFalse(out.toString().contains("canary-5e1"), out.toString());

        assertEquals(Main.USAGE, execute(Map.of(), "run", "--repo", "r", "--notify", "hooks.slack.com/canary-6f2"));
        assertTrue(err.toString().contains("not an http(s):// URL with a host"), err.toString());
        assertFalse(err.toString().contains("canary-6f2"), err.toString());
    }

    @Test
    void printConfigShowsTheRepoWithoutItsUserInfo() throws Exception {
        assertEquals(0, execute(Map.of(), "run", "--repo", "https://git:hunter2-canary@example.org/specs.git", "--print-config"),
                err.toString());
        assertTrue(out.toString().contains("repo: \"https://example.org/specs.git\""), out.toString());
        assertFalse(out.toString().contains("hunter2-canary"), out.toString());
    }

    @Test
    void anUnknownKeyIsAUsageErrorWithFileAndLine() throws Exception {
        Path file = config("repo: r\n\nintervall: 10s\n");
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--config", file.toString()));
        assertTrue(err.toString().contains(file + ":3: unknown setting 'intervall'"), err.toString());
    }

    @Test
    void aBadDurationInTheEnvironmentNamesTheVariable() {
        assertEquals(Main.USAGE, execute(Map.of("FLINK_GITOPS_INTERVAL", "ten seconds"), "run", "--repo", "r"));
        assertTrue(err.toString().contains("FLINK_GITOPS_INTERVAL"), err.toString());
        assertTrue(err.toString().contains("'ten seconds' is not a duration"), err.toString());
    }

    @Test
    void aSecretInTheFileIsRefusedAndNeverPrinted() throws Exception {
        Path file = config("repo: r\ngit-token: hunter2-canary\n");
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--config", file.toString(), "--print-config"));
        assertTrue(err.toString().contains(file + ":2: 'git-token': secrets are never read from the config file"), err.toString());
        assertFalse(err.toString().contains("hunter2-canary") || out.toString().contains("hunter2-canary"));
    }

    @Test
    void wrongTypesAndBadValuesNameTheSettingAndItsSource() throws Exception {
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--config", config("repo: r\nbranch: [a, b]\n").toString()));
        assertTrue(err.toString().contains(":2: setting 'branch' must be a single value"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--config", config("repo: r\nembedded-port: 70000\n").toString()));
        assertTrue(err.toString().contains(":2: invalid value for setting 'embedded-port': port 70000 is out of range"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of("FLINK_GITOPS_CLUSTER", "a=not a url"), "run", "--repo", "r"));
        assertTrue(err.toString().contains("FLINK_GITOPS_CLUSTER: invalid value for setting 'cluster'"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--repo", "r", "--http", "0.0.0.0:99999"));
        assertTrue(err.toString().contains("--http: invalid value for setting 'http'"), err.toString());
        assertEquals(Main.USAGE, execute(Map.of(), "run", "--print-config"));
        assertTrue(err.toString().contains("Missing required setting: --repo"), err.toString());
    }

    @Test
    void everySettingOfTheDeployConfigMapIsOneTheDaemonReads() throws Exception {
        // deploy/deployment.yaml loads the ConfigMap with envFrom: a key the daemon does not know would be ignored.
        List<String> keys = RunSettings.keys(new CommandLine(new RunCommand()).getCommandSpec());
        List<String> settings = Files.readAllLines(Path.of("../deploy/configmap.yaml")).stream()
                .map(String::trim).filter(line -> line.startsWith(RunSettings.ENV_PREFIX))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertFalse(settings.isEmpty());
        for (String variable : settings) {
            String key = variable.substring(RunSettings.ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertTrue(keys.contains(key), variable + " is not a setting of flink-gitops run (known: " + keys + ")");
        }
    }
}
