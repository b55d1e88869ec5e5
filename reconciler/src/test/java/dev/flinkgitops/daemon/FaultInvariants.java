package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.testing.CounterOutput;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold after the fault suite, as data: each check returns its violations, one line
 * each (none: it held). The example job's name carries its {@code --tag}, and the suite's tags are
 * {@code <app>-v<n>}, so every Flink job can be told apart by app without the daemon's help.
 */
final class FaultInvariants {

    private static final Pattern TAG_IN_NAME = Pattern.compile(".*\\((.+)-v\\d+\\)$");

    private FaultInvariants() {}

    /** The app a Flink job belongs to (from the tag in its name), or null. */
    static String appOf(JobSummary job) {
        Matcher tag = TAG_IN_NAME.matcher(job.name());
        return tag.matches() ? tag.group(1) : null;
    }

    /**
     * Exactly one non-terminal job per app that should run and none for the others, and that job is
     * the one the app's status records.
     *
     * @param jobs every job Flink lists, read directly (not through the proxy)
     * @param recorded each app's current status
     * @param running the apps that should run
     */
    static List<String> oneJobPerApp(List<JobSummary> jobs, Map<String, AppStatus> recorded, Set<String> running) {
        List<String> violations = new ArrayList<>();
        Map<String, List<String>> live = new TreeMap<>();
        for (JobSummary job : jobs) {
            if (!job.state().terminal()) {
                live.computeIfAbsent(String.valueOf(appOf(job)), a -> new ArrayList<>()).add(job.id() + " " + job.state()
                        + " '" + job.name() + "'");
            }
        }
        for (String app : recorded.keySet()) {
            List<String> ofApp = live.getOrDefault(app, List.of());
            int expected = running.contains(app) ? 1 : 0;
            if (ofApp.size() != expected) {
                violations.add(app + ": " + ofApp.size() + " non-terminal jobs in Flink, expected " + expected + ": " + ofApp);
            }
            AppStatus status = recorded.get(app);
            String id = status == null || status.job() == null ? null : status.job().id();
            if (expected == 1 && ofApp.size() == 1 && !ofApp.get(0).startsWith(id + " ")) {
                violations.add(app + ": the live job " + ofApp.get(0) + " is not the recorded job " + id);
            }
        }
        live.keySet().stream().filter(app -> !recorded.containsKey(app))
                .forEach(app -> violations.add("jobs of no app in Flink: " + live.get(app)));
        return violations;
    }

    /**
     * Every key's counter continued across every change of tag: the first tag starts at 1, and each
     * later one at the previous tag's last count plus one ({@code savepoint}), or, for
     * {@code last-state}, at most that and no earlier than where the previous tag started (a replay of
     * what came after the restored checkpoint). No count is written twice under one tag: that is two
     * jobs, or a job started again from older state.
     *
     * @param tags the app's tags in the order they were pushed
     */
    static List<String> countersContinued(String app, boolean lastState, List<String> tags, List<CounterOutput.Line> lines) {
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, List<Long>>> byKey = new TreeMap<>();
        for (CounterOutput.Line line : lines) {
            if (!tags.contains(line.tag())) {
                violations.add(app + ": output under a tag never pushed: " + line);
                continue;
            }
            byKey.computeIfAbsent(line.key(), k -> new LinkedHashMap<>()).computeIfAbsent(line.tag(), t -> new ArrayList<>())
                    .add(line.count());
        }
        byKey.forEach((key, counts) -> {
            long[] previous = null;
            String previousTag = null;
            for (String tag : tags) {
                List<Long> ofTag = counts.get(tag);
                if (ofTag == null) {
                    continue;
                }
                long first = ofTag.stream().mapToLong(Long::longValue).min().orElseThrow();
                long last = ofTag.stream().mapToLong(Long::longValue).max().orElseThrow();
                if (new HashSet<>(ofTag).size() != ofTag.size()) {
                    violations.add(app + " " + key + " " + tag + ": " + (ofTag.size() - new HashSet<>(ofTag).size())
                            + " counts written twice (two jobs, or a restart from older state), counts " + first + ".." + last);
                }
                String continuity = previous == null ? (first == 1 ? null : "the first tag starts at " + first)
                        : continuity(lastState, previous[0], previous[1], first);
                if (continuity != null) {
                    violations.add(app + " " + key + " " + (previousTag == null ? "" : previousTag + " -> ") + tag + ": "
                            + continuity);
                }
                previous = new long[] {first, last};
                previousTag = tag;
            }
        });
        return violations;
    }

    private static String continuity(boolean lastState, long previousFirst, long previousLast, long first) {
        if (first == 1) {
            return "restarted from 1 (empty state); the previous tag reached " + previousLast;
        }
        if (!lastState) {
            return first == previousLast + 1 ? null : "first count " + first + ", expected " + (previousLast + 1)
                    + (first <= previousLast ? " (restored from older state)" : " (counts skipped)");
        }
        if (first > previousLast + 1) {
            return "first count " + first + " after the previous tag's last " + previousLast + " (counts skipped)";
        }
        return first < previousFirst ? "first count " + first + " is older than the previous tag's first " + previousFirst
                + " (restored from older state than a last-state replay)" : null;
    }

    /**
     * No job recorded as started from empty state once the app had a snapshot: a savepoint
     * recorded, a checkpoint recorded as an operation's restore point (last-state), or a job that
     * was itself restored.
     */
    static List<String> noEmptyStartAfterASnapshot(String app, List<AppStatus> versions) {
        List<String> violations = new ArrayList<>();
        String snapshot = null;
        String job = null;
        for (AppStatus version : versions) {
            JobRecord record = version.job();
            if (record != null && !record.id().equals(job) && snapshot != null && record.restoredFrom() == null) {
                violations.add(app + ": job " + record.id() + " (generation " + record.generation()
                        + ") started from empty state while " + snapshot + " was recorded");
            }
            job = record == null ? job : record.id();
            if (version.lastSavepoint() != null) {
                snapshot = version.lastSavepoint().path();
            } else if (version.operation() != null && version.operation().savepoint() != null) {
                snapshot = version.operation().savepoint();
            } else if (record != null && record.restoredFrom() != null) {
                snapshot = record.restoredFrom();
            }
        }
        return violations;
    }

    /** How many jobs the status history records as started for a new spec commit (upgrades, resumes) or for the same one (restarts). */
    record Starts(int upgrades, int restarts) {}

    static Starts starts(List<AppStatus> versions) {
        int upgrades = 0;
        int restarts = 0;
        String job = null;
        String jobCommit = null;
        for (AppStatus version : versions) {
            JobRecord record = version.job();
            if (record == null || record.id().equals(job)) {
                continue;
            }
            if (job != null && version.specCommit().equals(jobCommit)) {
                restarts++;
            } else if (job != null) {
                upgrades++;
            }
            job = record.id();
            jobCommit = version.specCommit();
        }
        return new Starts(upgrades, restarts);
    }
}
