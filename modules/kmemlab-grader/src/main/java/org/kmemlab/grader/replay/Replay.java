package org.kmemlab.grader.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.Slot;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.TestResult;
import org.kmemlab.script.trace.TraceReader;

/**
 * Replays a trace written by {@code kmemlab run FILE --trace calls.jsonl} (docs/traces.md). Each test's calls run
 * on a fresh machine booted from the recorded config and are checked against the recorded results, errors, events
 * and state summaries, so a trace that no longer reproduces (another kmemlab version, a nondeterminism) shows at its
 * first differing step. With module overrides each machine is a strict-mode lockstep pair instead (reference: the
 * recorded config; student: the recorded config with the overrides), and the first divergence between the two
 * modules is reported with the strict-mode explanation. The first difference ends its test; the next test goes on.
 */
public final class Replay {
    private Replay() {
    }

    public static ReplayResult run(Path trace, Map<String, String> overrides) {
        return run(trace, overrides, new RunObserver() { });
    }

    /**
     * Replays {@code trace} and drives {@code observer} as a scenario run would: {@code fileStarted(trace, null)},
     * per test {@code testStarted}, {@code machineBooted} (the kernel it returns makes the calls, with
     * {@link org.kmemlab.script.ScriptLocation} pinned to each call's recorded {@code file:line}), {@code testFinished}
     * (a divergence is a failure at the call's location; otherwise the recorded outcome), then {@code fileFinished}.
     * An unreadable or malformed trace, or a bad override, throws a one-line IllegalArgumentException.
     */
    public static ReplayResult run(Path trace, Map<String, String> overrides, RunObserver observer) {
        Map<String, String> mods = new LinkedHashMap<>();
        overrides.forEach((slot, name) -> mods.put(Slot.parse(slot).id(), name));
        TraceReader.Trace t = TraceReader.read(trace);
        String name = trace.toString();
        observer.fileStarted(name, null);
        List<TestReplay> tests = new ArrayList<>();
        List<TestResult> results = new ArrayList<>();
        for (TraceReader.Section s : t.tests()) {
            TestResult[] seen = new TestResult[1];
            RunObserver tap = new RunObserver() {
                @Override
                public void testStarted(String n) {
                    observer.testStarted(n);
                }

                @Override
                public org.kmemlab.kernel.Kernel machineBooted(org.kmemlab.api.MachineConfig c,
                                                               org.kmemlab.kernel.Kernel k) {
                    return observer.machineBooted(c, k);
                }

                @Override
                public void testFinished(String n, TestResult r) {
                    seen[0] = r;
                    observer.testFinished(n, r);
                }
            };
            tests.add(new SectionReplay(t.path(), s, mods, tap).run());
            if (seen[0] != null) {
                results.add(seen[0]);
            }
        }
        observer.fileFinished(new ScenarioResult(name, results, "", null));
        return new ReplayResult(name, Collections.unmodifiableMap(mods), List.copyOf(tests), t.truncated());
    }
}
