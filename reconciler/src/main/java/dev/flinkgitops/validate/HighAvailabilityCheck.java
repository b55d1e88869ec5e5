package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.HighAvailability;
import dev.flinkgitops.appspec.UpgradeMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The high-availability settings, in every spelling ({@link HighAvailability}): a type Flink would
 * reject is an error with a hint; the type's new and old keys set to different types is an error;
 * on a cluster flink-gitops renders, HA without {@code high-availability.storageDir} is an error
 * (the JobManager would not start); on a session cluster the settings do not apply (a warning).
 */
final class HighAvailabilityCheck {

    private HighAvailabilityCheck() {}

    static void check(Findings findings, Map<String, String> configuration, UnaryOperator<String> pointerOf, boolean cluster) {
        for (String key : List.of(HighAvailability.TYPE, HighAvailability.OLD_TYPE)) {
            String value = configuration.get(key);
            if (value != null && HighAvailability.type(value) == HighAvailability.Type.UNKNOWN) {
                findings.error(pointerOf.apply(key), key + " '" + value + "' is not a high-availability type"
                        + " (NONE, ZOOKEEPER, KUBERNETES or a factory class name)" + hint(value));
            }
        }
        String type = configuration.get(HighAvailability.TYPE);
        String old = configuration.get(HighAvailability.OLD_TYPE);
        if (type != null && old != null && HighAvailability.type(type) != HighAvailability.type(old)) {
            findings.error(pointerOf.apply(HighAvailability.TYPE), HighAvailability.TYPE + " '" + type + "' and its old name "
                    + HighAvailability.OLD_TYPE + " '" + old + "' (line " + findings.tree().positionOf(pointerOf.apply(HighAvailability.OLD_TYPE)).line()
                    + ") name different types: keep one");
        }
        HighAvailability ha = HighAvailability.of(configuration);
        if (!ha.enabled() || ha.type() == HighAvailability.Type.UNKNOWN) {
            return;
        }
        if (!cluster) {
            List<String> keys = configuration.keySet().stream()
                    .filter(k -> k.startsWith(HighAvailability.OLD_TYPE) || k.equals(HighAvailability.CLUSTER_ID)).sorted().toList();
            findings.warning(pointerOf.apply(ha.typeKey()), "high-availability settings that do not apply: " + String.join(", ", keys)
                    + " (they configure a cluster; the job runs on a session cluster with its own high availability)");
        } else if (ha.storageDir() == null) {
            findings.error(pointerOf.apply(ha.typeKey()), "high availability needs " + HighAvailability.STORAGE_DIR
                    + " (where the JobManager keeps its recovery metadata): the JobManager would not start without it");
        }
    }

    /**
     * On a cluster flink-gitops renders, where a stateful job gets Kubernetes HA by default: a job that turns it
     * off is warned that a JobManager restart rewinds it; standby JobManagers without HA are an error (each
     * would run the job behind one Service).
     */
    static void checkRenderedCluster(Findings findings, AppSpec spec, UnaryOperator<String> pointerOf) {
        HighAvailability ha = HighAvailability.of(spec.flinkConfiguration());
        if (HighAvailability.optedOut(spec)) {
            boolean lastState = spec.job().upgradeMode() == UpgradeMode.LAST_STATE;
            findings.warning(pointerOf.apply(ha.typeKey()), "without HA a JobManager restart (OOM kill, eviction, node drain)"
                    + " rewinds this stateful job to its last savepoint (" + (lastState
                            ? "the savepoint or checkpoint it was last started from" : "the savepoint it was last deployed from")
                    + "), and every checkpoint since is lost. Without high-availability.type NONE a stateful job gets"
                    + " Kubernetes HA");
        }
        JsonNode replicas = findings.tree().root().path("spec").path("jobManager").path("replicas");
        boolean haOn = ha.enabled() || HighAvailability.defaultFor(spec);
        if (replicas.isIntegralNumber() && replicas.intValue() > 1 && !haOn) {
            findings.error("/spec/jobManager/replicas", "jobManager.replicas " + replicas.intValue() + " without high"
                    + " availability: each JobManager would run the job on its own behind one Service; set"
                    + " high-availability.type kubernetes (standby JobManagers) or 1 replica");
        }
    }

    private static String hint(String value) {
        for (String type : List.of("kubernetes", "zookeeper", "none")) {
            if (EditDistance.atMostTwo(value.trim().toLowerCase(Locale.ROOT), type)) {
                return ": did you mean " + type + "?";
            }
        }
        return "";
    }
}
