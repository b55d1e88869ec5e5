package dev.flinkgitops.cli;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.server.HttpEndpoints;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages in a real browser (Debian's headless chromium through chromium-driver): the demo's daemon on an
 * embedded Flink cluster, the fleet page showing both example apps RUNNING, the demo's scripted upgrade, and
 * the upgraded app's page showing the savepoint its new job restored from in its lineage. Screenshots of
 * both pages go to {@code target/screenshots/}. Skips only where chromium or chromedriver is not installed
 * ({@code .ci/run} installs both).
 */
class PagesBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    WebDriver browser;

    @BeforeEach
    void browser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1000));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theFleetShowsBothExamplesRunningAndTheUpgradedAppShowsTheSavepointItsNewJobRestoredFrom() throws Exception {
        DemoRepository repo = DemoRepository.create(Path.of("../example-repo"), dir);
        DaemonOptions options = new DaemonOptions();
        options.flink.embeddedPort = 0;
        PrintStream out = System.out;
        try (Daemon daemon = Wiring.daemon(DemoCommand.config(options, repo, dir), Clock.systemUTC());
                HttpEndpoints endpoints = DemoCommand.pages(daemon, "127.0.0.1:0")) {
            Thread loop = new Thread(daemon::run, "flink-gitops-daemon");
            loop.setDaemon(true);
            loop.start();
            DemoSteps steps = new DemoSteps(daemon, repo, out, TIMEOUT);
            steps.deployAll();

            browser.get(endpoints.address().toString());
            for (String app : List.of("payments/orders-counter", "analytics/clicks-counter")) {
                WebElement row = browser.findElement(By.cssSelector("tr.app[data-app='" + app + "']"));
                assertEquals("RUNNING", row.findElement(By.cssSelector(".phase")).getText(), app);
                assertTrue(row.getText().contains("RUNNING"), row.getText());
            }
            assertTrue(browser.findElement(By.id("health")).getText().contains("daemon: leader"),
                    browser.findElement(By.id("health")).getText());
            screenshot("fleet.png");

            steps.upgradeOne();
            AppId app = DemoCommand.UPGRADED;
            AppStatus status = daemon.statuses().get(app);
            String restoredFrom = status.job().restoredFrom();
            assertNotNull(restoredFrom, "the new job restored from a savepoint");
            browser.get(endpoints.address().resolve("/apps/" + app.namespace() + "/" + app.name()).toString());
            Await.until(Duration.ofSeconds(10), "the newest version's restore point on the page", () -> {
                browser.navigate().refresh();
                return browser.findElement(By.cssSelector("#lineage > li.version code.restored")).getText().equals(restoredFrom);
            });
            String lineage = browser.findElement(By.id("lineage")).getText();
            assertTrue(lineage.contains(status.job().id()), lineage);
            assertTrue(lineage.contains("upgrade"), "the savepoint's reason: " + lineage);
            assertTrue(browser.findElement(By.id("spec")).getText().contains("v2"), "the spec it runs now");
            browser.manage().window().setSize(new Dimension(1400, 2200)); // the whole page: lineage and spec
            screenshot("app.png");
            daemon.stop();
        }
    }

    private void screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
