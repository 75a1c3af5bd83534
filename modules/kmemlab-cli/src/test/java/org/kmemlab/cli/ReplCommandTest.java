package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** kmemlab repl with piped input: results on stdout, the session survives errors, exit 1 if any input failed. */
class ReplCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run repl(String input, String... args) {
        ReplCommand cmd = new ReplCommand();
        cmd.in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        cmd.interactive = false;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // as Main does: a user error is one line, exit 2
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.write("kmemlab: " + ex.getMessage() + "\n");
            return Main.BAD_INPUT;
        });
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void pipedInputPrintsEachResult() {
        Run r = repl("p = alloc_pages(GFP_KERNEL, 2)\npage_address(p)\n__free_pages(p, 2)\nbuddyinfo().DMA32.length\n");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("struct page (pfn 9728)\n0xffff880002600000n\n11\n", r.out());
    }

    @Test
    void multiLineInputAndErrorsDoNotEndTheSession() {
        Run r = repl("function f(n) {\n  return alloc_pages(GFP_KERNEL, n);\n}\nq = f(0)\n__free_pages(q, 0)\n__free_pages(q, 0)\npage_count(f(1))\n");
        assertEquals(Main.FAILED, r.code(), "an input failed");
        assertTrue(r.out().startsWith("struct page (pfn 9728)\nKernelBug: kernel BUG at"), r.out());
        assertTrue(r.out().endsWith("1\n"), r.out());
    }

    @Test
    void machineOptionsAndCommands() {
        Run r = repl("PAGE_OFFSET\n.reset --profile x86_64\nPAGE_OFFSET\n.exit\n1 + 1\n", "--profile", "i386", "--ram", "512M");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("0xc0000000n\nrebooted: x86_64, 512M RAM, debug (variables cleared)\n0xffff880000000000n\n", r.out());
    }

    @Test
    void anUnfinishedInputAtTheEndShowsItsSyntaxError() {
        Run r = repl("let x = [1,\n");
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.out().contains("SyntaxError"), r.out());
    }

    @Test
    void badOptionsAreOneLine() {
        Run r = repl("", "--profile", "sparc");
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Run t = repl("", "--timeout", "0");
        assertEquals(Main.BAD_INPUT, t.code());
        assertTrue(t.err().contains("--timeout must be"), t.err());
    }
}
