package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run/test --report and --trace, replay --report, and the new commands through Main. */
class SeeTheMachineCliTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return CliTest.write(dir, name, text);
    }

    @Test
    void runWritesAReportAndATraceThatReplays() throws Exception {
        Path s = write("s.js", "machine({ ram: '64M' });\n"
            + "test('one', () => {\n  const p = alloc_pages(GFP_KERNEL, 2);\n  __free_pages(p, 2);\n});\n");
        Path html = dir.resolve("out/s.html");
        Path trace = dir.resolve("s.jsonl");
        Files.createDirectories(html.getParent());
        CliTest.Run r = CliTest.kmemlab("run", s.toString(), "--report", html.toString(), "--trace", trace.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<script type=\"application/json\" id=\"data\">"), page.substring(0, 300));
        assertTrue(page.contains("alloc_pages(GFP_KERNEL, 2)"));
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"fn\":\"alloc_pages\"") && l.contains("s.js:3")), lines.toString());

        Path replayHtml = dir.resolve("replay.html");
        CliTest.Run rr = CliTest.kmemlab("replay", trace.toString(), "--report", replayHtml.toString());
        assertEquals(0, rr.code(), rr.out() + rr.err());
        assertTrue(rr.out().contains("1 reproduced, 0 diverged"), rr.out());
        assertTrue(Files.readString(replayHtml).contains("__free_pages(pfn "), "the replay's steps are in its report");

        CliTest.Run diverged = CliTest.kmemlab("replay", trace.toString(), "--module",
            "buddy=" + Path.of("../../examples/homework/buddy-lab/samples/upper-half.js").toAbsolutePath().normalize());
        assertEquals(1, diverged.code(), diverged.out() + diverged.err());
        assertTrue(diverged.out().contains("diverged at step 1 " + s + ":3: alloc_pages(GFP_KERNEL, 2)"), diverged.out());
    }

    @Test
    void aFileWithoutTestsIsReplayedUnderItsOwnName() throws Exception {
        Path s = write("flat.js", "const p = alloc_pages(GFP_KERNEL, 1);\n__free_pages(p, 1);\n");
        Path trace = dir.resolve("flat.jsonl");
        assertEquals(0, CliTest.kmemlab("run", s.toString(), "--trace", trace.toString(), "--ram", "64M").code());
        CliTest.Run r = CliTest.kmemlab("replay", trace.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("✓ flat.js (reproduced 2 calls)"), r.out());
    }

    @Test
    void testDirWritesOneReportPerFile() throws Exception {
        write("t/a.js", "test('a', () => { alloc_page(GFP_KERNEL); });");
        write("t/b.js", "test('b', () => { kfree(kmalloc(64, GFP_KERNEL)); });");
        Path out = dir.resolve("reports");
        CliTest.Run r = CliTest.kmemlab("test", dir.resolve("t").toString(), "--report", out.toString(), "--ram", "64M");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("a.html")) && Files.isRegularFile(out.resolve("b.html")));
    }

    @Test
    void badReportAndTraceArgumentsAreOneLine() throws Exception {
        Path a = write("a.js", "test('a', () => {});");
        Path b = write("b.js", "test('b', () => {});");
        for (String[] args : new String[][] {
            {"run", a.toString(), b.toString(), "--report", dir.resolve("one.html").toString()},
            {"run", a.toString(), "--trace", dir.resolve("no/such/dir/t.jsonl").toString()},
            {"replay", dir.resolve("missing.jsonl").toString()},
            {"replay", a.toString()},
            {"replay", a.toString(), "--report", dir.resolve("r.txt").toString()},
            {"map", "--zone", "Nowhere"}}) {
            CliTest.Run r = CliTest.kmemlab(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.out() + r.err());
            assertTrue(r.err().startsWith("kmemlab: "), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void benchObservePrintsOneRowPerWayOfWatching() throws Exception {
        Path s = write("b.js", "test('b', () => { for (let i = 0; i < 20; i++) __free_pages(alloc_pages(GFP_KERNEL, i % 3), i % 3); });");
        CliTest.Run r = CliTest.kmemlab("bench", "observe", s.toString(), "--repeat", "1", "--ram", "64M");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(": 40 kernel calls, best of 1 runs"), r.out());
        for (String row : new String[] {"plain", "--trace", "--report", "replay of the trace"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(row + " ")), row + " in " + r.out());
        }
        Path bad = write("bad.js", "test('bad', () => { expect(1).toBe(2); });");
        assertEquals(1, CliTest.kmemlab("bench", "observe", bad.toString(), "--repeat", "1").code());
    }
}
