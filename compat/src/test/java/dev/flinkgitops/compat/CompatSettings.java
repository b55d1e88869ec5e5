package dev.flinkgitops.compat;

import java.nio.file.Path;

/** The matrix's settings, passed by failsafe as system properties (see compat/pom.xml). */
final class CompatSettings {

    private CompatSettings() {}

    static String versions() {
        return System.getProperty("compat.versions");
    }

    static String mvn() {
        return required("compat.mvn");
    }

    static boolean offline() {
        // "offline:true" or "offline:false" (Maven hands the setting over as a Boolean, which failsafe cannot pass on alone)
        return System.getProperty("compat.offline", "").endsWith("true");
    }

    static String repository() {
        return required("compat.repository");
    }

    static Path flinkPom() {
        return Path.of(required("compat.pom"));
    }

    static Path flinkSources() {
        return Path.of(required("compat.sources"));
    }

    static Path work() {
        return Path.of(required("compat.work"));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the matrix through Maven "
                    + "(mvn -Pcompat -pl compat -am -DskipTests verify)");
        }
        return value;
    }
}
