package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's contract: output, exit codes 0/1/2, and one-line errors without stack traces. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run kmemlab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return write(dir, name, text);
    }

    /** Writes a file under dir, creating its directories. */
    static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runPassesAndFails() throws Exception {
        Path ok = write("ok.js", "test('fine', () => { expect(alloc_page(GFP_KERNEL)).not.toBeNull(); });");
        Run r = kmemlab("run", ok.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("✓ fine ("), r.out());
        Path bad = write("bad.js", "test('wrong', () => {\n  expect(1).toBe(2);\n});");
        Run b = kmemlab("run", bad.toString());
        assertEquals(1, b.code());
        assertTrue(b.out().contains("✗ wrong"), b.out());
        assertTrue(b.out().contains("Expected: 2"));
        assertTrue(b.out().contains("at " + bad + ":2"), b.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Path ok = write("ok.js", "test('x', () => {});");
        for (String[] args : new String[][] {
            {"run", dir.resolve("missing.js").toString()},
            {"run", ok.toString(), "--profile", "sparc"},
            {"run", ok.toString(), "--ram", "lots"},
            {"run", ok.toString(), "--page-size", "3K"},
            {"run", ok.toString(), "--module", "buddy"},
            {"run", ok.toString(), "--bogus"},
            {"run", ok.toString(), "--timeout", "-1"},
            {"proc", "nonsense"},
            {"test", dir.resolve("nodir").toString()},
            {}}) {
            Run r = kmemlab(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("kmemlab: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        Path syn = write("syn.js", "test('x', () => {\n  let = ;\n});");
        Run s = kmemlab("run", syn.toString());
        assertEquals(2, s.code());
        assertTrue(s.err().startsWith("kmemlab: " + syn + ":2:"), s.err());
    }

    @Test
    void testDirEndsWithASummaryLine() throws Exception {
        write("a/one.js", "test('p', () => {}); test('q', () => {});");
        write("b/two.js", "test('f', () => { expect(true).toBe(false); });");
        Run r = kmemlab("test", dir.toString());
        assertEquals(1, r.code());
        String[] lines = r.out().strip().split("\n");
        assertEquals("2 passed, 1 failed", lines[lines.length - 1]);
    }

    @Test
    void jsonOutput() throws Exception {
        Path ok = write("ok.js", "test('fine', () => {});");
        Run r = kmemlab("run", ok.toString(), "--json");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("\"passed\" : 1"), r.out());
        assertTrue(r.out().contains("\"status\" : \"passed\""), r.out());
    }

    @Test
    void procPrintsAFreshMachine() {
        Run r = kmemlab("proc", "buddyinfo", "--profile", "i386", "--ram", "2G");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Node 0, zone      DMA "), r.out());
        assertTrue(r.out().contains("zone  HighMem "), r.out());
    }

    @Test
    void modulesListsBuiltIns() {
        Run r = kmemlab("modules");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("buddy=linux"));
        assertTrue(r.out().contains("(built-in)"));
    }

    @Test
    void benchReplayOnAGeneratedTrace() throws Exception {
        Path t = dir.resolve("t.bin");
        assertEquals(0, kmemlab("bench", "gen-trace", t.toString(), "--ops", "20000", "--live", "500").code());
        Run r = kmemlab("bench", "replay", t.toString(), "--repeat", "2", "--ram", "64M", "--no-debug");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("operations:         20000"), r.out());
        assertTrue(r.out().contains("failed allocations: 0"), r.out());
        assertTrue(r.out().matches("(?s).*checksum: +[0-9a-f]{16}.*"), r.out());
    }

    @Test
    void helpHasExamples() {
        Run r = kmemlab("run", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:"));
        assertTrue(r.out().contains("--no-debug") || r.out().contains("--[no-]debug"), r.out());
    }
}
