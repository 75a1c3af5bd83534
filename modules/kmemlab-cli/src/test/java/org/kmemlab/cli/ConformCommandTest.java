package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code kmemlab conform}: output lines, the summary, exit codes 0/1/2 (run as Main runs its subcommands). */
class ConformCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run conform(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cl = new CommandLine(new ConformCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("kmemlab: " + ex.getMessage());
            return Main.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            e.println("kmemlab: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? Main.BAD_INPUT : Main.INTERNAL;
        });
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void passingChecksPrintOneLineEachAndTheSummary() {
        Run r = conform("--module", "buddy=linux", "--ram", "64M", "--check", "max-order", "--check", "buddy/zeroing");
        assertEquals(0, r.code(), r.err());
        assertEquals("PASS  buddy/zeroing\nPASS  buddy/max-order\n2 passed, 0 failed\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void aCheckOverItsTimeLimitFailsAndTheExitCodeIsOne() {
        Run r = conform("--module", "buddy=linux", "--check", "exhaustion", "--timeout", "0.001", "--ram", "64M");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("FAIL  buddy/exhaustion: timed out after 1 ms"), r.out());
        assertTrue(r.out().endsWith("0 passed, 1 failed\n"), r.out());
    }

    @Test
    void theFirstModuleIsTheOneUnderTest() {
        Run r = conform("--module", "slab=slob", "--module", "buddy=linux", "--check", "zero-size-and-null", "--ram", "64M");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("PASS  slab/zero-size-and-null\n"), r.out());
        Run mmu = conform("--module", "mmu=i386-pae", "--check", "kmap");
        assertEquals(0, mmu.code(), mmu.out() + mmu.err());
    }

    @Test
    void listNamesTheChecks() {
        Run r = conform("--module", "vmalloc=linux", "--list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("vmalloc/range-and-alignment\n"), r.out());
    }

    @Test
    void badInputExitsTwo() {
        assertEquals(2, conform().code());
        assertEquals(2, conform("--module", "buddy=nope").code());
        assertEquals(2, conform("--module", "sparc=linux").code());
        assertEquals(2, conform("--module", "buddy").code());
        assertEquals(2, conform("--module", "buddy=linux", "--check", "bogus").code());
        assertEquals(2, conform("--module", "buddy=linux", "--timeout", "0").code());
        assertEquals(2, conform("--module", "buddy=linux", "--timeout", "soon").code());
        assertEquals(2, conform("--module", "buddy=linux", "--module", "buddy=linux").code());
        assertEquals(2, conform("--module", "buddy=./no-such-buddy.js").code());
        Run r = conform("--module", "buddy=nope");
        assertTrue(r.err().startsWith("kmemlab: unknown module 'buddy=nope'"), r.err());
    }
}
