package org.kmemlab.script.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A generated report in headless Chromium: key presses step, the map and the hover dump show the machine. */
class ReportBrowserTest {
    @TempDir
    Path tmp;
    private ChromeDriver driver;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        driver = Chromium.start(tmp.resolve("profile"));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void stepsByKeysAndShowsFramesAndTheirStructPage() throws Exception {
        Path html = Path.of("target", "report-browser", "report.html");
        JsonNode data = ReportFixture.write(html, "scn.js", ReportFixture.SCENARIO_64M).data();
        int nSteps = data.get("steps").size();
        int alloc = ReportFixture.stepOf(data, "alloc_pages(GFP_KERNEL, 2)", 0);
        int pfn = ReportFixture.resultPfn(data.get("steps").get(alloc));
        int free = ReportFixture.stepOf(data, "__free_pages(pfn " + pfn + ", 2)", alloc);

        driver.get(html.toAbsolutePath().toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertEquals("1", text("step-index"));
        assertEquals(String.valueOf(nSteps), text("step-count"));

        press(Keys.ARROW_RIGHT, 3);
        assertEquals("4", text("step-index"));
        assertEquals(3L, js("return kmemlabReport.current()"));
        assertTrue(selected().getText().contains(data.get("steps").get(3).get("call").asText()), selected().getText());
        press(Keys.END, 1);
        assertEquals(String.valueOf(nSteps), text("step-index"));
        WebElement failure = driver.findElement(By.id("failure"));
        assertTrue(failure.isDisplayed() && failure.getText().contains("kernel BUG at"), failure.getText());
        assertTrue(failure.getText().contains("test failed: double free"), failure.getText());
        press(Keys.HOME, 1);
        assertEquals("1", text("step-index"));
        press(Keys.ARROW_LEFT, 1);
        assertEquals("1", text("step-index"), "← on the first step stays there");

        press(Keys.ARROW_RIGHT, alloc);
        assertEquals(String.valueOf(alloc + 1), text("step-index"));
        assertTrue(selected().getText().contains("alloc_pages(GFP_KERNEL, 2)"), selected().getText());
        assertEquals("ALLOCATED", js("return kmemlabReport.cellAt(" + pfn + ")"));
        assertEquals(String.valueOf(pfn / 512 * 512), driver.findElement(By.id("zoom")).getAttribute("data-start"),
            "the zoom shows the 512 frames around what the step changed");

        // hover the allocated frame's cell: the dump is the kernel's dump_page() of that frame
        // in viewport coordinates: an element origin would be the in-view centre, which moves with the scroll
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) js("const c = kmemlabReport.cellCenter(" + pfn + ");"
            + "const r = document.getElementById('map').getBoundingClientRect();"
            + "return {x: Math.floor(r.left + c.x), y: Math.floor(r.top + c.y)};");
        new Actions(driver).moveToLocation(((Number) c.get("x")).intValue(), ((Number) c.get("y")).intValue()).perform();
        String dump = text("dump");
        assertTrue(dump.startsWith("pfn " + pfn + " "), dump);
        assertTrue(dump.contains("page:") && dump.contains(" count:1 "), dump);
        assertEquals(js("return kmemlabReport.dump(" + pfn + ")").toString().trim(),
            dump.substring(dump.indexOf("page:")).trim(), "the hover text is dump_page()");
        screenshot("report.png");

        press(Keys.ARROW_RIGHT, free - alloc);
        assertTrue(selected().getText().contains("__free_pages(pfn " + pfn + ", 2)"), selected().getText());
        assertEquals("FREE", js("return kmemlabReport.cellAt(" + pfn + ")"));
        assertTrue(text("dump").contains(" count:0 "), "the dump follows the step: " + text("dump"));
        press(Keys.ARROW_LEFT, free - alloc);
        assertEquals("ALLOCATED", js("return kmemlabReport.cellAt(" + pfn + ")"), "stepping back undoes the free");

        assertEquals(0L, js("return performance.getEntriesByType('resource').length"), "the page loaded nothing");
        assertTrue(driver.findElements(By.cssSelector("#buddy svg.buddy-chart")).size() > 0, "buddyinfo chart");
        assertTrue(driver.findElements(By.cssSelector("#slab tr")).size() > 10, "slab caches table");
    }

    /** The 10,000-call, 1 GiB report: loads and steps to the end and back; the times are printed for the docs. */
    @Test
    void aTenThousandCallReportStaysUsable() throws Exception {
        Path html = Path.of("target", "report-browser", "scale.html");
        ReportFixture.write(html, "scale.js", ReportScaleTest.scenario());
        long t0 = System.nanoTime();
        driver.get(html.toAbsolutePath().toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60))
            .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        long load = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        press(Keys.END, 1);
        assertEquals(String.valueOf(ReportScaleTest.CALLS), text("step-index"));
        long end = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        press(Keys.ARROW_LEFT, 20);
        assertEquals(String.valueOf(ReportScaleTest.CALLS - 20), text("step-index"));
        long back = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        press(Keys.HOME, 1);
        assertEquals("1", text("step-index"));
        long home = (System.nanoTime() - t0) / 1_000_000;
        Object inPage = js("const t = performance.now(); for (let i = 1; i <= 50; i++) kmemlabReport.step(i);"
            + "return Math.round((performance.now() - t) / 50 * 10) / 10;");
        System.out.printf("report in Chromium, %d calls on 1 GiB: load %d ms, End %d ms, 20 x ← %d ms, Home %d ms;"
            + " one step in the page %s ms%n", ReportScaleTest.CALLS, load, end, back, home, inPage);
        screenshot("report-scale.png");
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private WebElement selected() {
        return driver.findElement(By.cssSelector("#steps li.step.selected"));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void press(CharSequence key, int times) {
        Actions a = new Actions(driver);
        for (int i = 0; i < times; i++) {
            a.sendKeys(key);
        }
        a.perform();
    }

    private void screenshot(String name) throws Exception {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("kmemlab.docsImages");
        if (docs != null && !docs.isBlank()) {
            Files.copy(shot, Files.createDirectories(Path.of(docs)).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
