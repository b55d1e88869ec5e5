package dev.flinkgitops.cli;

import dev.flinkgitops.config.NetworkPeers;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.TreeMap;

/**
 * Who may reach an app's Flink pods besides its own pods, for the NetworkPolicy rendered per app: one
 * option set for the daemon ({@code run --kubernetes}) and {@code plan}, so both render the same policy.
 */
final class NetworkPeersOption {

    @Option(names = "--daemon-pod-namespace", converter = SettingConverters.NotBlank.class,
            description = "With --kubernetes: the namespace the daemon's pods run in; the NetworkPolicy of each app "
                    + "admits the REST port from them (default: ${DEFAULT-VALUE}).")
    String daemonNamespace = NetworkPeers.DEFAULTS.daemonNamespace();

    @Option(names = "--daemon-pod-labels", split = ",", paramLabel = "LABEL=VALUE",
            description = "With --kubernetes: labels of the daemon's pods (default: app.kubernetes.io/instance=flink-gitops, "
                    + "as deploy/ sets them).")
    Map<String, String> daemonLabels = new TreeMap<>(NetworkPeers.DEFAULTS.daemonLabels());

    @Option(names = "--ingress-namespace",
            description = "With --kubernetes: the ingress controller's namespace; an app with spec.ingress admits its "
                    + "REST port from it. Default: none (add a NetworkPolicy admitting your controller yourself).")
    String ingressNamespace;

    NetworkPeers peers() {
        return new NetworkPeers(daemonNamespace, daemonLabels, ingressNamespace);
    }
}
