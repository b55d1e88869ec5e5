package dev.flinkgitops.pages;

import java.time.Instant;
import java.util.List;

/**
 * Everything an app's page shows.
 *
 * @param row the app as the fleet page shows it
 * @param lineage its versions, newest first (see {@link Lineage})
 * @param historyLimit how many status commits the lineage was built from at most
 * @param spec the spec it runs, as YAML lines, redacted; empty when unknown
 * @param stableCommit the last spec commit whose job became ready, or null
 * @param diff the spec against the one at {@code stableCommit}, line by line; empty when either is unknown
 * @param now the time ages are counted to
 */
public record AppDetail(AppRow row, List<Lineage.Version> lineage, int historyLimit, List<String> spec, String stableCommit,
        List<DiffLine> diff, Instant now) {

    public AppDetail {
        lineage = List.copyOf(lineage);
        spec = List.copyOf(spec);
        diff = List.copyOf(diff);
    }
}
