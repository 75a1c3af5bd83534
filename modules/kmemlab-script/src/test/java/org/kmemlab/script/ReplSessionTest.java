package org.kmemlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;

/** The REPL's contract, terminal-free: state persists, errors are reports, limits cut inputs, the session goes on. */
class ReplSessionTest {
    private final ReplSession s = new ReplSession(MachineConfig.defaults(), 2_000, ReplSession.DEFAULT_STATEMENT_LIMIT);

    @AfterEach
    void close() {
        s.close();
    }

    private String ok(String input) {
        ReplSession.Result r = s.eval(input);
        assertFalse(r.error(), input + " → " + r.text());
        return r.text();
    }

    private String err(String input) {
        ReplSession.Result r = s.eval(input);
        assertTrue(r.error(), input + " → " + r.text());
        return r.text();
    }

    @Test
    void stateAndMachinePersistAndValuesPrintHelpfully() {
        assertEquals("struct page (pfn 9728)", ok("p = alloc_pages(GFP_KERNEL, 2)"));
        assertEquals("0xffff880002600000n", ok("page_address(p)"), "addresses print as hex BigInts");
        assertEquals("", ok("let q = 5"), "undefined is not printed");
        assertEquals("6", ok("q + 1"));
        assertEquals("hi\n3", ok("console.log('hi'); 3"));
        assertEquals("9728", ok("p.pfn"));
    }

    @Test
    void aKernelBugIsReportedAndTheSessionGoesOn() {
        ok("p = alloc_pages(GFP_KERNEL, 0)");
        ok("__free_pages(p, 0)");
        String bug = err("__free_pages(p, 0)");
        assertTrue(bug.startsWith("KernelBug: kernel BUG at"), bug);
        assertTrue(bug.contains("at repl-3:1"), bug);
        assertEquals("struct page (pfn 9728)", ok("alloc_pages(GFP_KERNEL, 0)"));
    }

    @Test
    void jsErrorsAreOneReportEach() {
        assertEquals("ReferenceError: x is not defined", err("x.y"));
        assertEquals("RangeError: alloc_pages: order must be a non-negative integer, got -1", err("alloc_pages(GFP_KERNEL, -1)"));
        assertEquals("Uncaught 42", err("throw 42"));
        String syntax = err("foo)");
        assertTrue(syntax.startsWith("repl-4:1:4: SyntaxError"), syntax);
        assertEquals("2", ok("1 + 1"));
    }

    @Test
    void aRunawayLoopIsCancelledAndTheSessionStillWorks() {
        ok("let keep = 7");
        ok("p = alloc_page(GFP_KERNEL)");
        long t0 = System.nanoTime();
        String msg = err("while (true) {}");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 8_000, "cut near the 2 s limit");
        assertTrue(msg.startsWith("input cancelled: it ran longer than 2 s"), msg);
        assertEquals("7", ok("keep"));
        assertEquals("1", ok("page_count(p)"));
    }

    @Test
    void theStatementBudgetRecreatesTheContextButKeepsTheMachine() {
        try (ReplSession small = new ReplSession(MachineConfig.defaults(), 10_000, 10_000)) {
            small.eval("p = alloc_page(GFP_KERNEL)");
            ReplSession.Result r = small.eval("for (;;) {}");
            assertTrue(r.error());
            assertTrue(r.text().contains("statement budget of 10000"), r.text());
            assertTrue(r.text().contains("variables are gone, the machine is kept"), r.text());
            assertEquals("1", small.eval("page_count(pfn_to_page(9728))").text());
        }
    }

    @Test
    void multiLineInput() {
        for (String open : List.of("function f() {", "`abc", "(1 +", "[1, 2", "x = {a: 1,", "1 +")) {
            assertFalse(s.isComplete(open), open);
        }
        for (String done : List.of("foo)", "'abc", "1 + 1", "/[(/", ".help", "", "function f() {\n  return 1;\n}")) {
            assertTrue(s.isComplete(done), done);
        }
        assertEquals("3", ok("function f() {\n  return 3;\n}\nf()"));
    }

    @Test
    void completions() {
        assertTrue(s.completions("alloc_pa").contains("alloc_pages"));
        assertTrue(s.completions("x = GFP_K").contains("GFP_KERNEL"));
        assertTrue(s.completions("__free").contains("__free_pages"));
        ok("const mine = 1");
        assertTrue(s.completions("mi").contains("mine"), "user variables");
        ok("pg = alloc_page(GFP_KERNEL)");
        assertTrue(s.completions("pg.").containsAll(List.of("pg.pfn", "pg.flags", "pg._count")), s.completions("pg.").toString());
        assertEquals(List.of(".proc"), s.completions(".pr"));
        assertEquals(List.of("buddyinfo"), s.completions(".proc bu"));
        assertEquals(4, ReplSession.tokenStart("foo(GFP_K"));
    }

    @Test
    void resetChangesTheProfileAndBadOptionsSayWhatIsAllowed() {
        ok("let v = 1");
        assertEquals("rebooted: i386, 2G RAM, debug (variables cleared)", ok(".reset --profile i386 --ram 2G"));
        assertEquals("0xc0000000n", ok("PAGE_OFFSET"));
        assertEquals("ReferenceError: v is not defined", err("v"));
        String bad = err(".reset --bogus");
        assertTrue(bad.startsWith(".reset: unknown .reset option '--bogus'; options are --profile NAME"), bad);
        assertFalse(bad.contains("\n"));
        assertTrue(err(".reset --profile sparc").startsWith(".reset: "));
        assertEquals("0xc0000000n", ok("PAGE_OFFSET"), "a failed reset keeps the machine");
        assertTrue(ok(".reset").startsWith("rebooted: x86_64, 1G RAM"), "no options: the starting config");
    }

    @Test
    void procModulesHelpAndUnknownCommands() {
        String bi = ok(".proc buddyinfo");
        assertTrue(bi.startsWith("Node 0, zone      DMA"), bi);
        assertTrue(err(".proc nosuch").contains("unknown /proc view 'nosuch'"));
        assertTrue(err(".proc").startsWith("usage: .proc NAME"));
        assertTrue(ok(".modules").contains("buddy    linux"));
        assertTrue(ok(".help").contains(".reset [OPTIONS]"));
        assertTrue(err(".frob").startsWith("unknown command .frob; commands are .help"));
        assertTrue(s.eval(".exit").exit());
        assertEquals("1.5", ok(".5 + 1"), "a dot and a digit is JavaScript");
    }

    @Test
    void testsRunAtOnceOnTheLiveMachine() {
        assertEquals("✓ works", ok("test('works', () => { expect(alloc_page(GFP_KERNEL)).not.toBeNull(); })"));
        String f = err("describe('d', () => { test('fails', () => { expect(1).toBe(2); }); })");
        assertTrue(f.startsWith("✗ d > fails\n    expect(received).toBe(expected)"), f);
    }

    @Test
    void loadEvaluatesAFileAndItsTests(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("helpers.js");
        Files.writeString(f, "function two() { return alloc_pages(GFP_KERNEL, 1); }\ntest('t', () => { expect(two()).not.toBeNull(); });\n");
        assertEquals("✓ t\nloaded " + f, ok(".load " + f));
        assertTrue(ok("two()").startsWith("struct page (pfn "), "the file's functions stay defined");
        assertTrue(err(".load " + dir.resolve("missing.js")).endsWith("missing.js: no such file"));
    }

    @Test
    void mapUsesShowMapWhenThereIsOne() {
        ReplSession.Result r = s.eval(".map");
        if (r.error()) {
            assertEquals("show_map is not available in this build", r.text());
        } else {
            assertEquals(1, r.text().split("legend:", -1).length - 1, "printed once: " + r.text().length());
        }
    }
}
