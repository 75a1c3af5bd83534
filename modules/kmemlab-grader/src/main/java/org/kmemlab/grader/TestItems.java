package org.kmemlab.grader;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

/**
 * Runs one graded test file in the child: the scenario's own assertions on the student's machine
 * ({@code compare: contract}), or in lockstep with the reference ({@code compare: strict}, when
 * {@code org.kmemlab.grader.strict.Lockstep} is present). Either way under the scenario runner's statement
 * budget and time limit.
 */
final class TestItems {
    private static final String LOCKSTEP = "org.kmemlab.grader.strict.Lockstep";

    private final Manifest manifest;
    private final MachineConfig student;
    private final MachineConfig reference;
    private final ScenarioRunner.Options options;

    TestItems(Manifest manifest, MachineConfig student, MachineConfig reference) {
        this.manifest = manifest;
        this.student = student;
        this.reference = reference;
        this.options = new ScenarioRunner.Options(student, manifest.limits().testSeconds() * 1000L,
            manifest.limits().statements());
    }

    void run(Manifest.TestSpec t, WorkerEvents events) {
        ScenarioResult r;
        try {
            r = manifest.compare() == Manifest.Compare.STRICT && lockstep() != null ? strict(t) : contract(t);
        } catch (ScenarioRunner.BadScenario e) {
            events.result(t.name(), false, "the test file does not run: " + e.getMessage(), t.relative(), List.of());
            return;
        } catch (RuntimeException | StackOverflowError e) {
            events.result(t.name(), false, "the test could not run: " + e, t.relative(), List.of());
            return;
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        String message = r.error();
        String location = null;
        for (TestResult tr : r.tests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", tr.name());
            m.put("status", tr.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", tr.failure());
            m.put("location", tr.location());
            tests.add(m);
            if (tr.status() == TestResult.Status.FAILED && location == null) {
                location = tr.location();
                if (message == null) {
                    message = "test '" + tr.name() + "': " + tr.failure();
                }
            }
        }
        events.result(t.name(), r.ok(), message, location, tests);
    }

    private ScenarioResult contract(Manifest.TestSpec t) {
        String text;
        try {
            text = Files.readString(t.file(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioRunner.BadScenario(t.relative() + ": cannot read: " + e.getMessage());
        }
        // the display name is the path in the assignment, so file:line in reports is short and the same everywhere
        return new ScenarioRunner(options).run(t.relative(), text, t.file().getParent());
    }

    private ScenarioResult strict(Manifest.TestSpec t) {
        return (ScenarioResult) org.kmemlab.kernel.trace.Reflective.invoke(lockstep(), null,
            new Object[] {t.file(), options, student, reference});
    }

    /** {@code Lockstep.run(Path, ScenarioRunner.Options, MachineConfig, MachineConfig)}, or null while it is not built. */
    static Method lockstep() {
        try {
            return Class.forName(LOCKSTEP).getMethod("run", Path.class, ScenarioRunner.Options.class, MachineConfig.class,
                MachineConfig.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
