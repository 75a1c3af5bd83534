package org.kmemlab.grader.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.RecordingKernel;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.ScriptLocation;
import org.kmemlab.script.TestResult;
import org.kmemlab.script.trace.TraceFormat;
import org.kmemlab.script.trace.TraceReader;
import org.kmemlab.script.trace.TraceRecorder;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Record example scenarios, replay them: plainly, against other modules, tampered, broken. */
class ReplayTest {
    static final Path EXAMPLES = Path.of(System.getProperty("kmemlab.examples", "../../examples"));

    @TempDir
    Path dir;

    static Path record(Path scenario, Path trace) {
        try (TraceRecorder rec = TraceRecorder.open(trace, "kmemlab run " + scenario)) {
            ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).observe(rec).run(scenario);
            assertTrue(r.ok(), r.toString());
            assertEquals(null, rec.problem());
        }
        return trace;
    }

    static Path resource(String name) {
        try {
            return Path.of(ReplayTest.class.getResource("/org/kmemlab/grader/strict/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(ReplayResult r) {
        StringBuilder sb = new StringBuilder();
        for (TestReplay t : r.tests()) {
            sb.append(t.name()).append(": ").append(t.replayed()).append('/').append(t.calls());
            if (t.divergence() != null) {
                sb.append(" diverged at step ").append(t.divergence().step()).append(' ')
                    .append(t.divergence().location()).append(": ").append(t.divergence().explanation());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void recordedExamplesReproduce() {
        for (String name : new String[] {"02-alloc-pages.js", "11-kmalloc.js"}) {
            Path trace = record(EXAMPLES.resolve("scenarios").resolve(name), dir.resolve(name + ".jsonl"));
            ReplayResult r = Replay.run(trace, Map.of());
            assertTrue(r.reproduced(), describe(r));
            assertTrue(r.steps() > 5, describe(r));
            for (TestReplay t : r.tests()) {
                assertEquals(t.calls(), t.replayed());
                assertEquals("passed", t.recordedStatus(), t.name());
            }
        }
    }

    @Test
    void slabAgainstASlubTraceDivergesWithALocation() {
        Path trace = record(EXAMPLES.resolve("scenarios/11-kmalloc.js"), dir.resolve("slub.jsonl"));
        ReplayResult r = Replay.run(trace, Map.of("slab", "slab"));
        assertFalse(r.reproduced(), describe(r));
        Divergence d = r.tests().stream().filter(t -> !t.reproduced()).findFirst().orElseThrow().divergence();
        assertNotNull(d.location());
        assertTrue(d.location().contains("11-kmalloc.js:"), d.location());
        assertTrue(d.step() > 0 && d.line() > 0);
        assertFalse(d.explanation().isBlank());
    }

    @Test
    void javascriptBuddyModules() {
        Path trace = record(EXAMPLES.resolve("scenarios/02-alloc-pages.js"), dir.resolve("02.jsonl"));
        ReplayResult ok = Replay.run(trace, Map.of("buddy", EXAMPLES.resolve("modules/buddy-simple.js")
            .toAbsolutePath().toString()));
        assertTrue(ok.reproduced(), describe(ok));
        ReplayResult upper = Replay.run(trace, Map.of("buddy", resource("buddy-upper.js").toString()));
        assertFalse(upper.reproduced(), describe(upper));
        Divergence d = upper.tests().stream().filter(t -> !t.reproduced()).findFirst().orElseThrow().divergence();
        assertTrue(d.location().contains("02-alloc-pages.js:"), d.toString());
        assertTrue(d.explanation().contains("reference"), d.explanation());
    }

    @Test
    void aTamperedResultDivergesAtItsStep() throws IOException {
        Path trace = record(EXAMPLES.resolve("scenarios/02-alloc-pages.js"), dir.resolve("t.jsonl"));
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        int at = -1;
        int seq = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            ObjectNode n = (ObjectNode) TraceFormat.JSON.readTree(lines.get(i));
            if (n.path("fn").asText().equals("alloc_pages") && n.path("seq").asInt() > 3) {
                n.put("result", n.get("result").asLong() + 8);
                lines.set(i, n.toString());
                at = i + 1;
                seq = n.get("seq").asInt();
            }
        }
        Files.write(trace, lines);
        ReplayResult r = Replay.run(trace, Map.of());
        List<TestReplay> bad = r.tests().stream().filter(t -> !t.reproduced()).toList();
        assertEquals(1, bad.size(), describe(r));
        Divergence d = bad.get(0).divergence();
        assertEquals(seq, d.step());
        assertEquals(at, d.line());
        assertTrue(d.call().startsWith("alloc_pages("), d.call());
        assertTrue(d.explanation().contains("in the trace"), d.explanation());
        assertEquals(d.step() - firstSeq(bad.get(0), trace) + 1, bad.get(0).replayed());
    }

    private static int firstSeq(TestReplay t, Path trace) {
        TraceReader.Section s = TraceReader.read(trace).tests().stream().filter(x -> x.name().equals(t.name()))
            .findFirst().orElseThrow();
        return s.lines().stream().filter(l -> l.type().equals("call")).findFirst().orElseThrow().node().get("seq").asInt();
    }

    @Test
    void aTamperedStateIsExplainedInWords() throws IOException {
        Path trace = record(EXAMPLES.resolve("scenarios/02-alloc-pages.js"), dir.resolve("s.jsonl"));
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode n = (ObjectNode) TraceFormat.JSON.readTree(lines.get(i));
            if (n.path("type").asText().equals("call")) {
                ObjectNode zone = (ObjectNode) n.get("state").elements().next();
                zone.put("NR_FREE_PAGES", zone.get("NR_FREE_PAGES").asLong() + 4);
                lines.set(i, n.toString());
                break;
            }
        }
        Files.write(trace, lines);
        Divergence d = Replay.run(trace, Map.of()).tests().stream().filter(t -> !t.reproduced()).findFirst()
            .orElseThrow().divergence();
        assertTrue(d.explanation().contains("NR_FREE_PAGES is") && d.explanation().contains("4 fewer"), d.explanation());
    }

    @Test
    void anObserverSeesTheTestsAndWrapsTheKernelWithPinnedLocations() {
        Path trace = record(EXAMPLES.resolve("scenarios/02-alloc-pages.js"), dir.resolve("o.jsonl"));
        List<String> seen = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        Replay.run(trace, Map.of(), new RunObserver() {
            @Override
            public void fileStarted(String name, String source) {
                seen.add("file " + name);
            }

            @Override
            public void testStarted(String name) {
                seen.add("test " + name);
            }

            @Override
            public Kernel machineBooted(MachineConfig config, Kernel kernel) {
                seen.add("machine");
                return RecordingKernel.wrap(kernel, ScriptLocation::current, c -> locations.add(c.location()));
            }

            @Override
            public void testFinished(String name, TestResult result) {
                seen.add("finished " + (result == null ? null : result.status()));
            }

            @Override
            public void fileFinished(ScenarioResult result) {
                seen.add("done " + result.tests().size());
            }
        });
        assertEquals("file " + trace, seen.get(0));
        assertTrue(seen.get(seen.size() - 1).startsWith("done "), seen.toString());
        assertTrue(seen.contains("machine") && seen.contains("finished PASSED"), seen.toString());
        assertFalse(locations.isEmpty());
        assertTrue(locations.stream().allMatch(l -> l != null && l.contains("02-alloc-pages.js:")), locations.toString());
    }

    @Test
    void badTracesAreOneLineErrors() throws IOException {
        Path trace = record(EXAMPLES.resolve("scenarios/02-alloc-pages.js"), dir.resolve("b.jsonl"));
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(4, "{not json");
        Path broken = Files.write(dir.resolve("broken.jsonl"), lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.run(broken, Map.of()));
        assertTrue(e.getMessage().startsWith(broken + ":5: not JSON"), e.getMessage());
        Path notTrace = Files.writeString(dir.resolve("x.jsonl"), "{\"type\":\"call\"}\n");
        e = assertThrows(IllegalArgumentException.class, () -> Replay.run(notTrace, Map.of()));
        assertTrue(e.getMessage().contains("not a kmemlab trace"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Replay.run(dir.resolve("none.jsonl"), Map.of()));
        assertTrue(e.getMessage().endsWith("none.jsonl: no such file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Replay.run(trace, Map.of("bogus", "x")));
        assertTrue(e.getMessage().contains("unknown slot"), e.getMessage());
        // a run that died while writing its last line: the prefix replays
        String text = Files.readString(trace);
        Path cut = Files.writeString(dir.resolve("cut.jsonl"), text.substring(0, text.length() - 40));
        ReplayResult r = Replay.run(cut, Map.of());
        assertTrue(r.truncated());
        assertTrue(r.reproduced(), describe(r));
    }
}
