package org.kmemlab.script.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.kernel.view.FrameKind;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

/** The report's data: one step per recorded call, deltas that name the frames a call changed, nothing remote. */
class ReportObserverTest {
    @TempDir
    Path tmp;

    @Test
    void oneStepPerRecordedCallWithItsLocationAndResult() throws Exception {
        ReportFixture.Written w = ReportFixture.write(tmp.resolve("r.html"), "scn.js", ReportFixture.SCENARIO);
        JsonNode data = w.data();
        assertEquals(w.calls().size(), data.get("steps").size(), "steps = recorded calls");
        assertEquals("scn.js", data.get("file").asText());
        int alloc = ReportFixture.stepOf(data, "alloc_pages(GFP_KERNEL, 2)", 0);
        JsonNode step = data.get("steps").get(alloc);
        assertEquals("scn.js:3", step.get("at").asText());
        assertTrue(step.get("result").asText().startsWith("pfn "), step.toString());
        boolean allocEvent = false;
        for (JsonNode e : step.get("ev")) {
            allocEvent |= e.asText().startsWith("mm_page_alloc pfn=" + ReportFixture.resultPfn(step) + " order=2 ");
        }
        assertTrue(allocEvent, step.toString());
        JsonNode km = data.get("steps").get(ReportFixture.stepOf(data, "kmalloc(100, GFP_KERNEL)", 0));
        assertTrue(km.get("result").asText().startsWith("0xffff88"), km.toString());
    }

    @Test
    void deltasNameTheAllocatedAndFreedFrames() throws Exception {
        JsonNode data = ReportFixture.write(tmp.resolve("r.html"), "scn.js", ReportFixture.SCENARIO).data();
        JsonNode steps = data.get("steps");
        int alloc = ReportFixture.stepOf(data, "alloc_pages(GFP_KERNEL, 2)", 0);
        int pfn = ReportFixture.resultPfn(steps.get(alloc));
        assertEquals(FrameKind.ALLOCATED.ordinal(), ReportFixture.deltaCode(steps.get(alloc), pfn) & 0xff);
        int getPage = ReportFixture.stepOf(data, "get_page(pfn " + pfn + ")", alloc);
        assertTrue(ReportFixture.deltaCode(steps.get(getPage), pfn) >= 0, "get_page changed _count: a delta");
        int free = ReportFixture.stepOf(data, "__free_pages(pfn " + pfn + ", 2)", alloc);
        assertEquals(FrameKind.FREE.ordinal(), ReportFixture.deltaCode(steps.get(free), pfn) & 0xff);
        // vmalloc's backing pages show as VMALLOC in the step that allocated them, and an area appears
        int vm = ReportFixture.stepOf(data, "vmalloc(", 0);
        JsonNode d = steps.get(vm).get("d");
        int vmallocFrames = 0;
        for (int k = 0; k < d.size(); k += FrameState.DELTA_STRIDE) {
            vmallocFrames += (d.get(k + 1).asInt() & 0xff) == FrameKind.VMALLOC.ordinal() ? 1 : 0;
        }
        assertEquals(3, vmallocFrames, steps.get(vm).toString());
        assertTrue(steps.get(vm).has("vmalloc"), "the vmalloc areas changed");
        // kmalloc changed a slab page and the slab rows
        JsonNode km = steps.get(ReportFixture.stepOf(data, "kmalloc(", 0));
        assertTrue(km.has("slab") && km.get("d").size() > 0, km.toString());
    }

    @Test
    void theInitialStateCoversEveryFrame() throws Exception {
        JsonNode data = ReportFixture.write(tmp.resolve("r.html"), "scn.js", ReportFixture.SCENARIO).data();
        assertEquals(262144, data.get("machines").get(data.get("steps").get(0).get("m").asInt()).get("nrFrames").asInt(),
            "the default machine is 1 GiB of 4 KiB frames");
        for (JsonNode m : data.get("machines")) {
            int n = m.get("nrFrames").asInt();
            for (String col : new String[] {"codes", "flags", "count", "mapcount", "priv"}) {
                JsonNode rle = m.get("init").get(col);
                long total = 0;
                for (int k = 1; k < rle.size(); k += 2) {
                    total += rle.get(k).asLong();
                }
                assertEquals(n, total, col);
            }
        }
        assertTrue(data.get("machines").size() >= 2, "each test boots a machine");
    }

    @Test
    void aFailingStepCarriesTheKernelReportAndTheTestItsFailure() throws Exception {
        JsonNode data = ReportFixture.write(tmp.resolve("r.html"), "scn.js", ReportFixture.SCENARIO).data();
        JsonNode steps = data.get("steps");
        JsonNode last = steps.get(steps.size() - 1);
        assertTrue(last.get("call").asText().startsWith("__free_pages("), last.toString());
        assertEquals("KernelBug", last.get("errorType").asText());
        assertTrue(last.get("error").asText().contains("kernel BUG at"), last.toString());
        JsonNode test = data.get("tests").get(last.get("t").asInt());
        assertEquals("double free", test.get("name").asText());
        assertEquals(TestResult.Status.FAILED.name(), test.get("status").asText());
    }

    @Test
    void theFileIsSelfContained() throws Exception {
        String html = ReportFixture.write(tmp.resolve("r.html"), "scn.js",
            ReportFixture.SCENARIO + "// </script><script>alert(1)</script> <!-- http://example.com\n").text();
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find(), "no remote src/href");
        assertFalse(html.contains("url(http") || html.contains("@import") || html.contains("fetch(")
            || html.contains("XMLHttpRequest"), "no remote loads");
        // the only URL in the page's code is the SVG namespace name (never fetched); the scenario's text is data
        Matcher m = Pattern.compile("https?://[^\"'\\s)]*").matcher(html.substring(0, html.indexOf("id=\"data\"")));
        assertFalse(m.find(), "no URL in the template's head");
        String script = html.substring(html.lastIndexOf("<script>"));
        m = Pattern.compile("https?://[^\"'\\s)]*").matcher(script);
        while (m.find()) {
            assertEquals("http://www.w3.org/2000/svg", m.group());
        }
        assertTrue(html.contains("Content-Security-Policy"), "the page forbids network loads itself");
        // the scenario's "</script>" stays inside the JSON
        assertEquals(2, html.split("</script>", -1).length - 1, "only the data and the code scripts close");
        JsonNode data = ReportFixture.data(html);
        assertTrue(data.get("source").asText().contains("</script><script>alert(1)"));
    }

    @Test
    void forDirectoryWritesOneFilePerScenarioFile() throws Exception {
        Path dir = tmp.resolve("reports");
        Path scn = tmp.resolve("two-pages.js");
        Files.writeString(scn, "test('t', () => { __free_pages(alloc_pages(GFP_KERNEL, 1), 1); });\n");
        ReportObserver obs = ReportObserver.forDirectory(dir);
        new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(obs).run(scn);
        assertEquals(dir.resolve("two-pages.html"), obs.lastWritten());
        assertEquals(2, ReportFixture.data(Files.readString(obs.lastWritten())).get("steps").size());
    }
}
