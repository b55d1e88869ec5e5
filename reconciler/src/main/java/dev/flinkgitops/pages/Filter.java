package dev.flinkgitops.pages;

import dev.flinkgitops.status.Phase;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet page's filters ({@code ?namespace=payments&phase=RUNNING}): null means any.
 *
 * @param namespace only apps of this namespace
 * @param phase only apps in this phase
 */
public record Filter(String namespace, Phase phase) {

    public static final Filter NONE = new Filter(null, null);

    /**
     * The filter of a request's query parameters; a blank value means any, and an unknown phase is an
     * {@link IllegalArgumentException} naming the phases there are.
     */
    public static Filter of(Map<String, List<String>> query) {
        String namespace = first(query, "namespace");
        String phase = first(query, "phase");
        Phase parsed = null;
        if (phase != null) {
            try {
                parsed = Phase.valueOf(phase.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown phase '" + phase + "'; the phases are "
                        + java.util.Arrays.toString(Phase.values()), e);
            }
        }
        return new Filter(namespace, parsed);
    }

    /** Whether {@code row} passes. */
    public boolean accepts(AppRow row) {
        return (namespace == null || namespace.equals(row.namespace()))
                && (phase == null || phase == row.status().phase());
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }
}
