package dev.flinkgitops.cli;

import dev.flinkgitops.validate.PodPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --pod-forbid}: the pod-template policy, one option for the daemon ({@code run --kubernetes}),
 * {@code validate} and {@code plan}, so that a spec the daemon would refuse fails review too.
 */
final class PodForbidOption {

    @Option(names = "--pod-forbid", split = ",", paramLabel = "SETTING", converter = Name.class,
            defaultValue = PodPolicy.DEFAULT_OPTION,
            description = "With --kubernetes: what pod templates may not set: privileged, hostPath, hostNetwork, hostPID, "
                    + "hostIPC, addedCapabilities, or none (default: ${DEFAULT-VALUE}). A spec that sets one is invalid.")
    Set<String> names = new TreeSet<>(Set.of(PodPolicy.DEFAULT_OPTION.split(",")));

    PodPolicy policy() {
        return PodPolicy.parse(names);
    }

    /** A known setting name (or none), as written. */
    static final class Name implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            PodPolicy.parse(Set.of(text));
            return text.trim();
        }
    }
}
