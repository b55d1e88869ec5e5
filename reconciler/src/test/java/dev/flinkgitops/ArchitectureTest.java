package dev.flinkgitops;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package map holds: no package cycles; the decisions (plan), the reading (observe) and the
 * acting (apply) speak the ports and their values, never an adapter or fabric8; the ports know no
 * adapter; no main file grows past 300 lines, and no method past 40 without a comment saying why.
 */
class ArchitectureTest {

    private static final String[] ADAPTERS = {"dev.flinkgitops.kube..", "dev.flinkgitops.flink..",
        "dev.flinkgitops.jars..", "dev.flinkgitops.git..", "io.fabric8.."};
    private static final int MAX_LINES = 300;
    private static final int MAX_METHOD_LINES = 40;

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.flinkgitops");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.flinkgitops.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCoreDependsOnPortsNotOnAdapters() {
        noClasses().that().resideInAnyPackage("dev.flinkgitops.plan..", "dev.flinkgitops.observe..",
                "dev.flinkgitops.apply..", "dev.flinkgitops.validate..", "dev.flinkgitops.status..",
                "dev.flinkgitops.appspec..", "dev.flinkgitops.yaml..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .check(classes);
    }

    @Test
    void observeNeverActs() {
        noClasses().that().resideInAPackage("dev.flinkgitops.observe..")
                .should().dependOnClassesThat().resideInAPackage("dev.flinkgitops.apply..")
                .check(classes);
    }

    @Test
    void theDecisionsKnowNothingOfReadingOrActing() {
        noClasses().that().resideInAPackage("dev.flinkgitops.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.flinkgitops.observe..", "dev.flinkgitops.apply..")
                .check(classes);
    }

    @Test
    void portsKnowNoAdapterAndNoUser() {
        noClasses().that().resideInAPackage("dev.flinkgitops.port..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.flinkgitops.plan..",
                        "dev.flinkgitops.observe..", "dev.flinkgitops.apply..")
                .check(classes);
    }

    @Test
    void noMainFileIsOverThreeHundredLines() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(main)) {
            tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > MAX_LINES)
                    .map(file -> main.relativize(file) + " (" + lines(file) + " lines)")
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), tooLong, "main files over " + MAX_LINES + " lines");
    }

    @Test
    void noMainMethodIsOverFortyLinesWithoutSayingWhy() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> unexplained = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                MethodLengths.unexplained(Files.readAllLines(file), MAX_METHOD_LINES)
                        .forEach(method -> unexplained.add(main.relativize(file) + ": " + method));
            }
        }
        assertEquals(List.of(), unexplained, "methods over " + MAX_METHOD_LINES + " lines whose comment does not say why"
                + " (\"over " + MAX_METHOD_LINES + " lines: ...\")");
    }

    @Test
    void theMethodLengthCheckSeesALongMethodAndItsReason() {
        List<String> body = java.util.Collections.nCopies(41, "        call();");
        List<String> plain = new java.util.ArrayList<>(List.of("    void tooLong() {"));
        plain.addAll(body);
        plain.add("    }");
        assertEquals(List.of("tooLong at line 1 (43 lines)"), MethodLengths.unexplained(plain, MAX_METHOD_LINES));
        List<String> explained = new java.util.ArrayList<>(List.of("    /** One list (over 40 lines). */"));
        explained.addAll(plain);
        assertEquals(List.of(), MethodLengths.unexplained(explained, MAX_METHOD_LINES));
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
