package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the pod templates of a FlinkDeployment ({@code spec.podTemplate}, {@code spec.jobManager.podTemplate},
 * {@code spec.taskManager.podTemplate}) may not set on the Kubernetes target: anyone who can merge to the spec
 * repository would otherwise get a privileged pod or the node's file system. The daemon's setting
 * ({@code --pod-forbid}); {@code validate} and {@code plan} take the same option.
 *
 * @param forbidden the forbidden settings; empty allows everything
 */
public record PodPolicy(Set<Field> forbidden) {

    /** A setting the policy can forbid, by the name the option uses. */
    public enum Field {
        PRIVILEGED("privileged"), HOST_PATH("hostPath"), HOST_NETWORK("hostNetwork"), HOST_PID("hostPID"),
        HOST_IPC("hostIPC"), ADDED_CAPABILITIES("addedCapabilities");

        private final String option;

        Field(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /** privileged, hostPath, hostNetwork, hostPID and added capabilities. */
    public static final PodPolicy DEFAULT = new PodPolicy(EnumSet.of(Field.PRIVILEGED, Field.HOST_PATH, Field.HOST_NETWORK,
            Field.HOST_PID, Field.ADDED_CAPABILITIES));

    /** The default's names, as the option's default value. */
    public static final String DEFAULT_OPTION = "privileged,hostPath,hostNetwork,hostPID,addedCapabilities";

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    public PodPolicy {
        forbidden = forbidden.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(forbidden));
    }

    /** From the option's names (case-insensitive); {@code none} alone allows everything. */
    public static PodPolicy parse(Set<String> names) {
        Set<Field> fields = EnumSet.noneOf(Field.class);
        for (String name : names) {
            if (name.trim().equalsIgnoreCase("none")) {
                continue;
            }
            fields.add(EnumSet.allOf(Field.class).stream().filter(f -> f.option.equalsIgnoreCase(name.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown pod setting '" + name + "' (known: none, "
                            + EnumSet.allOf(Field.class).stream().map(Field::option).collect(Collectors.joining(", ")) + ")")));
        }
        return new PodPolicy(fields);
    }

    /** The forbidden settings' names, sorted. */
    public Set<String> names() {
        return forbidden.stream().map(Field::option).collect(Collectors.toCollection(TreeSet::new));
    }

    /** An error for each forbidden setting in the FlinkDeployment's pod templates, at its line. */
    void check(Findings findings, JsonNode spec) {
        check(findings, spec.path("podTemplate"), "/spec/podTemplate");
        for (String role : List.of("jobManager", "taskManager")) {
            check(findings, spec.path(role).path("podTemplate"), "/spec/" + role + "/podTemplate");
        }
    }

    private void check(Findings findings, JsonNode template, String pointer) {
        JsonNode pod = template.path("spec");
        String at = pointer + "/spec";
        flag(findings, Field.HOST_NETWORK, pod.path("hostNetwork").asBoolean(false), at + "/hostNetwork");
        flag(findings, Field.HOST_PID, pod.path("hostPID").asBoolean(false), at + "/hostPID");
        flag(findings, Field.HOST_IPC, pod.path("hostIPC").asBoolean(false), at + "/hostIPC");
        for (int i = 0; i < pod.path("volumes").size(); i++) {
            flag(findings, Field.HOST_PATH, pod.path("volumes").get(i).has("hostPath"), at + "/volumes/" + i + "/hostPath");
        }
        for (String list : CONTAINER_LISTS) {
            for (int i = 0; i < pod.path(list).size(); i++) {
                JsonNode security = pod.path(list).get(i).path("securityContext");
                String container = at + "/" + list + "/" + i + "/securityContext";
                flag(findings, Field.PRIVILEGED, security.path("privileged").asBoolean(false), container + "/privileged");
                JsonNode added = security.path("capabilities").path("add");
                flag(findings, Field.ADDED_CAPABILITIES, added.isArray() && !added.isEmpty(), container + "/capabilities/add");
            }
        }
    }

    private void flag(Findings findings, Field field, boolean set, String pointer) {
        if (set && forbidden.contains(field)) {
            findings.error(pointer, dotted(pointer) + ": " + field.option + " is forbidden by the daemon's pod-template policy"
                    + " (--pod-forbid " + String.join(",", names()) + ")");
        }
    }

    /** {@code /spec/podTemplate/spec/containers/0/x} as {@code spec.podTemplate.spec.containers[0].x}. */
    static String dotted(String pointer) {
        StringBuilder dotted = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (part.chars().allMatch(Character::isDigit)) {
                dotted.append('[').append(part).append(']');
            } else {
                dotted.append(dotted.length() == 0 ? "" : ".").append(part);
            }
        }
        return dotted.toString();
    }
}
