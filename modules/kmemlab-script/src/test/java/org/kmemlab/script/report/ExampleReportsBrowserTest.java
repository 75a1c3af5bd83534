package org.kmemlab.script.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report of every example scenario, opened in headless Chromium and stepped through (every step of the first
 * 300, then End, Home and a jump to each machine's first step): the page must draw without a script error and the
 * scenario's results must be those of a run without a report.
 */
class ExampleReportsBrowserTest {
    @TempDir
    static Path tmp;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        driver = Chromium.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleReportDraws() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(org.kmemlab.script.ExampleScenariosTestAccess.examples())) {
            files = s.filter(f -> f.toString().endsWith(".js")).sorted().toList();
        }
        Path out = Files.createDirectories(Path.of("target", "example-reports"));
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ReportObserver report = ReportObserver.forDirectory(out);
            ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(report).run(f);
            assertTrue(r.ok(), "the scenario passes with a report attached: " + r);
            Path html = report.lastWritten();
            driver.get(html.toAbsolutePath().toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
                String ready = d.findElement(By.tagName("body")).getAttribute("data-ready");
                String error = d.findElement(By.tagName("body")).getAttribute("data-error");
                return "true".equals(ready) || error != null;
            });
            Object error = ((JavascriptExecutor) driver).executeScript(
                "const n = kmemlabReport.steps; const firsts = new Set();"
                    + "for (let i = 0; i < Math.min(n, 300); i++) kmemlabReport.step(i);"
                    + "if (n > 0) { kmemlabReport.step(n - 1); kmemlabReport.step(0); }"
                    + "document.querySelectorAll('#steps li.step').forEach((li, i) => {"
                    + "  if (i === 0 || li.previousElementSibling && li.previousElementSibling.classList.contains('test'))"
                    + "    firsts.add(+li.dataset.step); });"
                    + "for (const i of firsts) kmemlabReport.step(i);"
                    + "return document.body.dataset.error || null;");
            assertNull(error, html + ": " + error);
            assertEquals("true", driver.findElement(By.tagName("body")).getAttribute("data-ready"));
        }));
    }
}
