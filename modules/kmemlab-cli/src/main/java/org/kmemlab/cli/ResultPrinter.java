package org.kmemlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.TestResult;

/** Human and JSON output of scenario results. */
final class ResultPrinter {
    private ResultPrinter() {
    }

    static void human(PrintWriter out, Style st, ScenarioResult r) {
        out.println(r.file());
        for (TestResult t : r.tests()) {
            String mark = switch (t.status()) {
                case PASSED -> st.pass("✓");
                case FAILED -> st.fail("✗");
                case SKIPPED -> st.dim("-");
            };
            out.println("  " + mark + " " + t.name() + st.dim(t.status() == TestResult.Status.SKIPPED ? " (skipped)"
                : " (" + t.millis() + " ms)"));
            if (!t.output().isEmpty()) {
                t.output().stripTrailing().lines().forEach(l -> out.println("      " + st.dim("│") + " " + l));
            }
            if (t.status() == TestResult.Status.FAILED) {
                t.failure().lines().forEach(l -> out.println("      " + l));
                if (t.location() != null && !t.failure().contains("at " + t.location())) {
                    out.println("      at " + t.location());
                }
            }
        }
        if (r.error() != null) {
            out.println("  " + st.fail("✗") + " " + r.error());
        }
        out.flush();
    }

    static void json(PrintWriter out, List<ScenarioResult> results) {
        List<Object> files = new ArrayList<>();
        long passed = 0;
        long failed = 0;
        for (ScenarioResult r : results) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", r.file());
            List<Object> tests = new ArrayList<>();
            for (TestResult t : r.tests()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("status", t.status().name().toLowerCase());
                m.put("millis", t.millis());
                if (t.failure() != null) {
                    m.put("failure", t.failure());
                    m.put("location", t.location());
                }
                if (!t.output().isEmpty()) {
                    m.put("output", t.output());
                }
                tests.add(m);
            }
            f.put("tests", tests);
            if (r.error() != null) {
                f.put("error", r.error());
            }
            files.add(f);
            passed += r.passed();
            failed += r.failed();
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("passed", passed);
        top.put("failed", failed);
        top.put("files", files);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(top));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
