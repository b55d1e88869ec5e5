package dev.flinkgitops.daemon;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.SpecRepo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apps of {@link RandomKillIT} and what was pushed for them: each app's tags in push order
 * ({@code <app>-v<n>}, as {@link FaultInvariants} reads them from the job names), whether it
 * should run, and the commit of its last change (its status's {@code specCommit} once settled).
 */
final class KillFleet {

    static final int KEYS = 4;

    record App(String name, String mode) {
        String file() {
            return "apps/kills/" + name + ".yaml";
        }

        String statusFile() {
            return "kills/" + name + ".yaml";
        }

        boolean lastState() {
            return mode.equals("last-state");
        }
    }

    static final List<App> APPS = List.of(new App("alpha", "savepoint"), new App("beta", "last-state"));

    private final SpecRepo specs;
    private final Path outputs;
    private final Map<App, List<String>> tags = new LinkedHashMap<>();
    private final Map<App, Boolean> suspended = new HashMap<>();
    private final Map<App, String> changedAt = new HashMap<>();
    /**
     * Per app, the commits that hold its last change: the one that changed it and every later one that
     * left its file alone. A daemon that finishes the app's upgrade after such a later commit arrived
     * records that commit, whose spec of the app is the same.
     */
    private final Map<App, java.util.Set<String>> sameSpecAt = new HashMap<>();

    KillFleet(SpecRepo specs, Path outputs) {
        this.specs = specs;
        this.outputs = outputs;
        APPS.forEach(app -> {
            tags.put(app, new ArrayList<>());
            suspended.put(app, false);
        });
    }

    /** A new tag for each of {@code apps} (running), pushed. */
    void upgrade(List<App> apps, String message) {
        apps.forEach(this::upgradeOrResume);
        push(apps, message);
    }

    /** One pushed change: the apps it changed, and what it did to them. */
    record Change(List<App> apps, String text) {}

    /**
     * Draws each app's change: a suspended app is resumed under a new tag (80 %); a running one is
     * suspended (15 %), left alone (15 %) or upgraded to a new tag. At least one app changes.
     * Pushes it.
     */
    Change pushChange(int iteration, Random draws) {
        List<App> changed = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (App app : APPS) {
            double draw = draws.nextDouble();
            if (suspended.get(app) ? draw < 0.8 : draw >= 0.3) {
                what.add(upgradeOrResume(app));
                changed.add(app);
            } else if (!suspended.get(app) && draw < 0.15) {
                suspended.put(app, true);
                what.add(app.name() + " suspended");
                changed.add(app);
            }
        }
        if (changed.isEmpty()) {
            App app = APPS.get(draws.nextInt(APPS.size()));
            what.add(upgradeOrResume(app));
            changed.add(app);
        }
        push(changed, "iteration " + iteration + ": " + String.join(", ", what));
        return new Change(changed, String.join(", ", what));
    }

    /** At its last change with no operation in flight: RUNNING, or SUSPENDED when it should be. */
    boolean settled(App app, AppStatus status) {
        return atLastChange(app, status) && status.operation() == null
                && status.phase() == (suspended.get(app) ? Phase.SUSPENDED : Phase.RUNNING);
    }

    /** The status's phase and step, marked when it is still at an earlier commit than the app's last change. */
    String phase(App app, AppStatus status) {
        return status.phase() + (status.operation() == null ? "" : ":" + status.operation().step())
                + (status.operation() == null && !atLastChange(app, status) ? "(before the change)" : "");
    }

    private boolean atLastChange(App app, AppStatus status) {
        return sameSpecAt.getOrDefault(app, java.util.Set.of()).contains(status.specCommit());
    }

    String expected() {
        return APPS.stream().map(app -> app.name() + " " + (suspended.get(app) ? "SUSPENDED" : "RUNNING") + " at "
                + changedAt.get(app)).collect(Collectors.joining(", "));
    }

    /** Every app that should run has counted every key under its last tag. */
    boolean counted() {
        return APPS.stream().filter(app -> !suspended.get(app))
                .allMatch(app -> CounterOutput.hasAllKeys(output(app), currentTag(app), KEYS));
    }

    Set<String> running() {
        return APPS.stream().filter(app -> !suspended.get(app)).map(App::name).collect(Collectors.toSet());
    }

    List<String> tags(App app) {
        return tags.get(app);
    }

    Path output(App app) {
        return outputs.resolve(app.name());
    }

    private String upgradeOrResume(App app) {
        tags.get(app).add(app.name() + "-v" + (tags.get(app).size() + 1));
        return app.name() + (suspended.put(app, false) ? " resumed as " : " upgraded to ") + currentTag(app);
    }

    private void push(List<App> changed, String message) {
        APPS.forEach(app -> specs.write(app.file(), spec(app)));
        String commit = specs.commitAndPush(message);
        APPS.forEach(app -> {
            if (changed.contains(app)) {
                changedAt.put(app, commit);
                sameSpecAt.put(app, new java.util.HashSet<>());
            }
            sameSpecAt.computeIfAbsent(app, a -> new java.util.HashSet<>()).add(commit);
        });
    }

    private String currentTag(App app) {
        List<String> ofApp = tags.get(app);
        return ofApp.get(ofApp.size() - 1);
    }

    private String spec(App app) {
        return ExampleJob.spec(app.name(), "kills", currentTag(app), KEYS, output(app), app.mode(),
                suspended.get(app) ? "suspended" : "running");
    }
}
