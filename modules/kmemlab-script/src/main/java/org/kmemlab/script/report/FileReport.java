package org.kmemlab.script.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.CallRecord;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

/** Everything one scenario file's report holds, gathered while it runs: tests, machines, and the steps in order. */
final class FileReport {
    private final String name;
    private final String source;
    private final List<Map<String, Object>> tests = new ArrayList<>();
    private final List<MachineCapture> machines = new ArrayList<>();
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private Map<String, Object> test;

    FileReport(String name, String source) {
        this.name = name;
        this.source = source;
    }

    String name() {
        return name;
    }

    void testStarted(String testName) {
        test = new LinkedHashMap<>();
        test.put("name", testName);
        test.put("firstStep", steps.size());
        tests.add(test);
    }

    int machineBooted(MachineConfig config, Kernel kernel) {
        if (test == null) {
            testStarted(ScenarioRunner.TOP_LEVEL);
        }
        machines.add(new MachineCapture(tests.size() - 1, config, kernel));
        return machines.size() - 1;
    }

    void step(int machine, CallRecord r) {
        Map<String, Object> s;
        try {
            s = machines.get(machine).step(machine, r);
        } catch (RuntimeException e) {
            // a fault in the report must not change how the scenario runs: keep the call, say what went wrong
            s = new LinkedHashMap<>();
            s.put("m", machine);
            s.put("call", r.fn() + "(...)");
            s.put("error", "the report could not capture this step: " + e);
            s.put("errorType", "report");
            s.put("d", new int[0]);
        }
        s.put("t", tests.size() - 1);
        steps.add(s);
    }

    void testFinished(String testName, TestResult result) {
        if (test == null) {
            return;
        }
        test.put("steps", steps.size() - (int) test.get("firstStep"));
        if (result != null) {
            test.put("name", result.name()); // a file without tests: its top level is the test named after the file
            test.put("status", result.status().name());
            test.put("millis", result.millis());
            if (result.failure() != null) {
                test.put("failure", result.failure());
            }
            if (result.location() != null) {
                test.put("location", result.location());
            }
            if (result.output() != null && !result.output().isEmpty()) {
                test.put("output", result.output());
            }
        }
        test = null;
    }

    Map<String, Object> json(ScenarioResult result) {
        // indexes into tests and machines are referenced by steps: nothing is dropped here (the page hides an
        // empty top level)
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name);
        if (source != null) {
            m.put("source", source);
        }
        if (result != null && result.error() != null) {
            m.put("error", result.error());
        }
        m.put("tests", tests);
        List<Object> ms = new ArrayList<>();
        machines.forEach(c -> ms.add(c.json()));
        m.put("machines", ms);
        m.put("steps", steps);
        return m;
    }
}
