package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.trace.TraceRecorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code kmemlab replay}: one line per test, the explanation, exit codes 0/1/2, one-line bad-input messages. */
class ReplayCommandTest {
    static final Path EXAMPLES = Path.of(System.getProperty("kmemlab.examples", "../../examples"));

    @TempDir
    static Path dir;

    static Path trace;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void record() {
        trace = dir.resolve("calls.jsonl");
        try (TraceRecorder rec = TraceRecorder.open(trace, "kmemlab run 02-alloc-pages.js")) {
            new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(rec)
                .run(EXAMPLES.resolve("scenarios/02-alloc-pages.js"));
        }
    }

    static Run replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplayCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void aTraceReproducesWithExitZero() {
        Run r = replay(trace.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(trace + "\n"), r.out());
        assertTrue(r.out().contains("  ✓ "), r.out());
        assertTrue(r.out().contains(" (reproduced "), r.out());
        assertTrue(r.out().lines().reduce((a, b) -> b).orElse("").matches("\\d+ reproduced, 0 diverged \\(\\d+ calls replayed\\)"),
            r.out());
    }

    @Test
    void aBuggyModuleDivergesWithExitOneAndTheLocation() {
        Path upper = Path.of("../kmemlab-grader/src/test/resources/org/kmemlab/grader/strict/buddy-upper.js");
        Run r = replay(trace.toString(), "--module", "buddy=" + upper);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("✗ "), r.out());
        assertTrue(r.out().contains("diverged at step "), r.out());
        assertTrue(r.out().contains("02-alloc-pages.js:"), r.out());
        assertTrue(r.out().contains("expand()"), r.out());
    }

    @Test
    void jsonOutput() throws Exception {
        Run r = replay(trace.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("reproduced").asBoolean());
        assertTrue(j.get("tests").size() > 0);
        assertTrue(j.get("tests").get(0).get("divergence").isNull());
    }

    @Test
    void aTamperedTraceDivergesInJson() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"fn\":\"alloc_pages\"")) {
                lines.set(i, lines.get(i).replaceFirst("\"result\":(\\d+)", "\"result\":1"));
                break;
            }
        }
        Path t = Files.write(dir.resolve("tampered.jsonl"), lines);
        Run r = replay(t.toString(), "--json");
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode d = new ObjectMapper().readTree(r.out()).get("tests").get(0).get("divergence");
        assertTrue(d.get("explanation").asText().contains("returned 1 in the trace"), d.toString());
        assertTrue(d.get("location").asText().contains("02-alloc-pages.js:"), d.toString());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Run none = replay(dir.resolve("missing.jsonl").toString());
        assertEquals(2, none.code());
        assertEquals("kmemlab: " + dir.resolve("missing.jsonl") + ": no such file\n", none.err());
        Path broken = Files.writeString(dir.resolve("broken.jsonl"),
            Files.readAllLines(trace).get(0) + "\n{\"type\":\"test\",\"file\":\"x\",\"name\":\"y\"}\n{oops\n");
        Run bad = replay(broken.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("kmemlab: " + broken + ":3: not JSON"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Run notTrace = replay(text.toString());
        assertEquals(2, notTrace.code());
        assertTrue(notTrace.err().startsWith("kmemlab: " + text + ":1: not JSON"), notTrace.err());
        Run badModule = replay(trace.toString(), "--module", "buddy");
        assertEquals(2, badModule.code());
        assertTrue(badModule.err().contains("must look like SLOT=NAME"), badModule.err());
        Run unknown = replay(trace.toString(), "--module", "buddy=no-such-allocator");
        assertEquals(2, unknown.code(), unknown.out() + unknown.err());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
    }
}
