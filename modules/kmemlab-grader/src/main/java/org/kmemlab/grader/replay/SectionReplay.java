package org.kmemlab.grader.replay;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.grader.strict.CallText;
import org.kmemlab.grader.strict.Lockstep;
import org.kmemlab.grader.strict.LockstepDivergence;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.ScriptLocation;
import org.kmemlab.script.TestResult;
import org.kmemlab.script.module.JsModuleError;
import org.kmemlab.script.trace.TraceConfig;
import org.kmemlab.script.trace.TraceFormat;
import org.kmemlab.script.trace.TraceReader;
import org.kmemlab.script.trace.TraceRecorder;
import org.kmemlab.script.trace.TraceState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replays one test of a trace: boots a machine for each {@code machine} line (a lockstep pair when modules are
 * overridden), makes each recorded call with the scenario location pinned, and stops at the first difference.
 */
final class SectionReplay {
    private final Path trace;
    private final TraceReader.Section section;
    private final Map<String, String> overrides;
    private final RunObserver observer;
    private final Map<String, SlabAllocator.KmemCache> caches = new HashMap<>();
    private final List<KernelEvent> events = new ArrayList<>();
    private Kernel raw;
    private Kernel kernel;

    SectionReplay(Path trace, TraceReader.Section section, Map<String, String> overrides, RunObserver observer) {
        this.trace = trace;
        this.section = section;
        this.overrides = overrides;
        this.observer = observer;
    }

    /** Replays the test and tells the observer (testStarted, machineBooted, testFinished). */
    TestReplay run() {
        observer.testStarted(section.name());
        long t0 = System.nanoTime();
        int replayed = 0;
        Divergence d = null;
        try {
            for (TraceReader.Line l : section.lines()) {
                if (l.type().equals("machine")) {
                    boot(l);
                    continue;
                }
                replayed++;
                d = step(l);
                if (d != null) {
                    break;
                }
            }
        } finally {
            shutdown();
        }
        String status = section.end() == null ? null : section.end().path("status").asText(null);
        observer.testFinished(section.name(), testResult(d, status, (System.nanoTime() - t0) / 1_000_000));
        return new TestReplay(section.file(), section.name(), section.calls(), replayed, d, status);
    }

    /** What a RunObserver sees: the divergence as a failure, else the recorded outcome. */
    private TestResult testResult(Divergence d, String status, long millis) {
        if (d != null) {
            return new TestResult(section.name(), TestResult.Status.FAILED, millis,
                "replay diverged at step " + d.step() + ": " + d.explanation(), d.location(), "");
        }
        if (status == null || status.equals("none")) {
            return section.name().equals(ScenarioRunner.TOP_LEVEL) ? null
                : new TestResult(section.name(), TestResult.Status.PASSED, millis, null, null, "");
        }
        TestResult.Status s = TestResult.Status.valueOf(status.toUpperCase(Locale.ROOT));
        JsonNode end = section.end();
        return new TestResult(section.name(), s, millis, text(end.get("failure")), text(end.get("location")), "");
    }

    private void boot(TraceReader.Line l) {
        shutdown();
        MachineConfig recorded;
        try {
            recorded = TraceConfig.decode(l.node().get("config"));
        } catch (IllegalArgumentException e) {
            throw bad(l, e.getMessage());
        }
        MachineConfig config = recorded;
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            config = config.withModule(o.getKey(), o.getValue());
        }
        raw = overrides.isEmpty() ? Machine.boot(recorded) : Lockstep.pair(config, recorded);
        caches.clear();
        events.clear();
        if (overrides.isEmpty()) {
            raw.events().subscribe(events::add);
        }
        kernel = observer.machineBooted(config, raw);
    }

    private Divergence step(TraceReader.Line l) {
        ObjectNode n = l.node();
        int seq = n.path("seq").asInt();
        String at = text(n.get("at"));
        Method m;
        Object[] args;
        try {
            m = KernelCalls.method(n.get("fn").asText());
            args = KernelCalls.args(m, n.get("args"), caches::get);
        } catch (IllegalArgumentException e) {
            throw bad(l, e.getMessage());
        }
        String call = CallText.of(m.getName(), args);
        events.clear();
        Object result = null;
        String error = null;
        ScriptLocation.pin(at);
        try {
            result = KernelCalls.invoke(kernel, m, args);
        } catch (LockstepDivergence e) {
            return new Divergence(seq, l.number(), at, e.call(), recordedText(n), null, e.getMessage());
        } catch (JsModuleError e) {
            if (!overrides.isEmpty()) {
                return new Divergence(seq, l.number(), at, call, recordedText(n), "error \"" + TraceRecorder.firstLine(e)
                    + "\"", call + " broke the module: " + TraceRecorder.firstLine(e));
            }
            error = TraceRecorder.firstLine(e);
        } catch (RuntimeException e) {
            error = TraceRecorder.firstLine(e);
        } finally {
            ScriptLocation.pin(null);
        }
        Divergence inNested = nested(l, seq, at, n);
        if (inNested != null) {
            return inNested;
        }
        if (result instanceof SlabAllocator.KmemCache c) {
            caches.put(c.name(), c);
        }
        JsonNode encoded = TraceFormat.encode(result);
        String why = StepCheck.check(call, n, encoded, error, overrides.isEmpty() ? replayedEvents() : null,
            TraceState.capture(raw));
        if (why == null) {
            return null;
        }
        String replayed = error != null ? "error \"" + error + "\"" : StepCheck.show(encoded);
        return new Divergence(seq, l.number(), at, call, recordedText(n), replayed, why);
    }

    /**
     * The calls the recorded call made back into the kernel (a constructor's writes), made now: the constructor
     * itself is a no-op on replay. Their own results are not compared; a lockstep divergence in them is reported.
     */
    private Divergence nested(TraceReader.Line l, int seq, String at, ObjectNode n) {
        JsonNode list = n.get("nested");
        if (list == null || !list.isArray()) {
            return null;
        }
        for (JsonNode c : list) {
            Method m;
            Object[] args;
            try {
                m = KernelCalls.method(c.path("fn").asText());
                args = KernelCalls.args(m, c.path("args"), caches::get);
            } catch (IllegalArgumentException e) {
                throw bad(l, "nested call: " + e.getMessage());
            }
            ScriptLocation.pin(at);
            try {
                KernelCalls.invoke(kernel, m, args);
            } catch (LockstepDivergence e) {
                return new Divergence(seq, l.number(), at, e.call(), recordedText(n), null, e.getMessage());
            } catch (RuntimeException e) {
                // the recorded run saw the same outcome inside the constructor; only the memory it wrote matters
            } finally {
                ScriptLocation.pin(null);
            }
        }
        return null;
    }

    private ArrayNode replayedEvents() {
        ArrayNode a = TraceFormat.JSON.createArrayNode();
        for (KernelEvent e : events) {
            a.add(TraceFormat.encodeEvent(e));
        }
        return a;
    }

    private static String recordedText(ObjectNode n) {
        JsonNode err = n.get("error");
        return err != null && !err.isNull() ? "error \"" + err.asText() + "\"" : StepCheck.show(n.get("result"));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private TraceReader.BadTrace bad(TraceReader.Line l, String what) {
        return new TraceReader.BadTrace(trace + ":" + l.number() + ": " + what);
    }

    /** Closes what the machine holds outside the heap (a JavaScript module's context). */
    private void shutdown() {
        Kernel old = raw;
        raw = null;
        kernel = null;
        if (old != null && old.pageAllocator() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort, as the scenario runner does
            }
        }
    }
}
