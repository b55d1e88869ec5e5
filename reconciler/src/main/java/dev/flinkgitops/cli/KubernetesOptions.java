package dev.flinkgitops.cli;

import dev.flinkgitops.config.KubeConfig;
import picocli.CommandLine.Option;

import java.util.Set;
import java.util.TreeSet;

/** The Kubernetes target as options; the defaults are {@link KubeConfig#DEFAULTS}. */
final class KubernetesOptions {

    private static final KubeConfig DEFAULTS = KubeConfig.DEFAULTS;

    @Option(names = "--kubernetes", converter = SettingConverters.Bool.class,
            description = "Run FlinkDeployments as their own clusters on Kubernetes "
            + "(kubeconfig or in-cluster service account, as fabric8 finds them).")
    boolean kubernetes;

    @Option(names = "--namespace", split = ",", paramLabel = "NS",
            description = "With --kubernetes: the namespaces apps may use (a spec elsewhere is invalid). Default: any.")
    Set<String> namespaces = new TreeSet<>(DEFAULTS.namespaces());

    @Option(names = "--rest-access", converter = SettingConverters.RestAccess.class,
            description = "With --kubernetes: reach each cluster's REST Service by dns, port-forward, or auto "
                    + "(dns inside a cluster, port-forward outside) (default: ${DEFAULT-VALUE}).")
    String restAccess = DEFAULTS.restAccess();

    @Option(names = "--lease", converter = SettingConverters.NotBlank.class,
            description = "With --kubernetes: the leader-election Lease name (default: ${DEFAULT-VALUE}); its namespace "
                    + "is --lease-namespace.")
    String leaseName = DEFAULTS.leaseName();

    @Option(names = "--lease-namespace", converter = SettingConverters.NotBlank.class,
            description = "With --kubernetes: the Lease's namespace (default: ${DEFAULT-VALUE}).")
    String leaseNamespace = DEFAULTS.leaseNamespace();

    @picocli.CommandLine.Mixin
    PodForbidOption podForbid = new PodForbidOption();

    @picocli.CommandLine.Mixin
    NetworkPeersOption networkPeers = new NetworkPeersOption();

    /** The target, or null without {@code --kubernetes}. */
    KubeConfig toConfig() {
        return kubernetes ? new KubeConfig(namespaces, restAccess, leaseName, leaseNamespace, podForbid.names,
                networkPeers.peers()) : null;
    }
}
