package org.kmemlab.script.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;

import com.fasterxml.jackson.databind.JsonNode;

/** A scenario run through the recorder: one JSON object per line, in order, with locations, events and errors. */
class TraceRecorderTest {
    @TempDir
    Path dir;

    static final String SCENARIO = String.join("\n",
        "machine({ ram: '64M' });",
        "test('alloc and free', () => {",
        "  const p = alloc_pages(GFP_KERNEL, 2);",
        "  __free_pages(p, 2);",
        "  expect(() => __free_pages(p, 2)).toThrow(KernelBug);",
        "  const a = kmalloc(100, GFP_KERNEL);",
        "  kfree(a);",
        "});",
        "test('nothing', () => { expect(1).toBe(2); });",
        "");

    private static List<JsonNode> record(String text, Path file) throws Exception {
        TraceRecorder rec = TraceRecorder.open(file, "kmemlab run t.js");
        ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(rec).run("t.js", text);
        rec.close();
        assertEquals(null, rec.problem());
        assertEquals(1, r.passed(), r.toString());
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(TraceFormat.JSON.readTree(l));
        }
        return out;
    }

    @Test
    void linesParseInOrderWithLocationsEventsAndErrors() throws Exception {
        List<JsonNode> lines = record(SCENARIO, dir.resolve("calls.jsonl"));
        JsonNode h = lines.get(0);
        assertEquals("trace", h.get("type").asText());
        assertEquals(1, h.get("version").asInt());
        assertEquals("kmemlab run t.js", h.get("created_by").asText());
        List<String> types = lines.stream().map(l -> l.get("type").asText()).toList();
        assertEquals("test", types.get(1));
        assertEquals("alloc and free", lines.get(1).get("name").asText());
        assertEquals("t.js", lines.get(1).get("file").asText());
        assertEquals("machine", types.get(2));
        assertEquals(67108864L, lines.get(2).get("config").get("ram").asLong());
        List<JsonNode> calls = lines.stream().filter(l -> l.get("type").asText().equals("call")).toList();
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i + 1, calls.get(i).get("seq").asInt(), "seq order");
        }
        JsonNode alloc = calls.stream().filter(c -> c.get("fn").asText().equals("alloc_pages")).findFirst().orElseThrow();
        assertEquals("t.js:3", alloc.get("at").asText());
        assertEquals(2, alloc.get("args").get(1).asInt());
        JsonNode ev = null;
        for (JsonNode e : alloc.get("events")) {
            if (e.get("name").asText().equals("mm_page_alloc")) {
                ev = e;
            }
        }
        assertNotNull(ev, alloc.toString());
        assertEquals(alloc.get("result").asLong(), ev.get("pfn").asLong());
        assertEquals(2, ev.get("order").asInt());
        assertTrue(alloc.get("state").has("DMA32") || alloc.get("state").has("DMA"), alloc.toString());
        assertEquals(11, alloc.get("state").elements().next().get("free").size());
        List<JsonNode> frees = calls.stream().filter(c -> c.get("fn").asText().equals("__free_pages")).toList();
        assertEquals(2, frees.size());
        assertTrue(frees.get(0).get("error").isNull());
        assertEquals("t.js:5", frees.get(1).get("at").asText());
        assertNotNull(frees.get(1).get("error").textValue(), "a double free is recorded as an error");
        assertEquals("KernelBug", frees.get(1).get("error_type").asText());
        assertTrue(frees.get(1).get("error").asText().startsWith("kernel BUG at "), frees.get(1).toString());
        JsonNode kmalloc = calls.stream().filter(c -> c.get("fn").asText().equals("kmalloc")).findFirst().orElseThrow();
        assertTrue(kmalloc.get("result").isTextual() && kmalloc.get("result").asText().startsWith("0xffff"),
            "addresses travel as hex: " + kmalloc);
        JsonNode end = lines.stream().filter(l -> l.get("type").asText().equals("end")).findFirst().orElseThrow();
        assertEquals("passed", end.get("status").asText());
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("end", last.get("type").asText());
        assertEquals("failed", last.get("status").asText());
        assertTrue(last.get("failure").asText().contains("2"), last.toString());
    }

    @Test
    void tenThousandCallsAreQuick() throws Exception {
        String text = "machine({ ram: '64M' });\n"
            + "for (let i = 0; i < 5000; i++) { const p = alloc_pages(GFP_KERNEL, i % 4); __free_pages(p, i % 4); }\n";
        StringWriter sw = new StringWriter();
        long t0 = System.nanoTime();
        TraceRecorder rec = TraceRecorder.to(sw, "test");
        new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(rec).run("loop.js", text);
        rec.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(10_000, rec.calls());
        assertEquals(10_000 + 4, sw.toString().lines().count()); // header, test, machine, 10,000 calls, end
        assertTrue(ms < 60_000, "10,000 calls took " + ms + " ms");
        System.out.println("10,000 recorded calls: " + ms + " ms, " + sw.getBuffer().length() / 1024 + " KiB");
    }
}
