package org.kmemlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.kmemlab.grader.replay.Divergence;
import org.kmemlab.grader.replay.Replay;
import org.kmemlab.grader.replay.ReplayResult;
import org.kmemlab.grader.replay.TestReplay;
import org.kmemlab.kernel.ModuleRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kmemlab replay TRACE [--module SLOT=NAME ...]}: re-run a recorded trace's calls (docs/traces.md). */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay the kernel calls of a trace (kmemlab run FILE --trace calls.jsonl) on fresh machines and "
        + "report the first step of each test where the results or the state differ; with --module, run them in "
        + "lockstep on the recorded modules and yours. Exit 0 if every test reproduces, 1 on a divergence, 2 for bad input.",
    footer = {"", "Examples:",
        "  kmemlab run examples/scenarios/02-alloc-pages.js --trace calls.jsonl",
        "  kmemlab replay calls.jsonl",
        "  kmemlab replay calls.jsonl --module buddy=my-buddy.js",
        "  kmemlab replay calls.jsonl --module slab=slab --json",
        "  kmemlab replay calls.jsonl --module buddy=my-buddy.js --report replay.html"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "a trace file (JSON Lines) written by kmemlab run --trace")
    Path trace;

    @Option(names = "--module", paramLabel = "SLOT=NAME", description = "replay against this module instead of the "
        + "recorded one, in lockstep: a name (slab=slab, a plugin's name) or a JavaScript file (buddy=./my-buddy.js); "
        + "repeatable")
    List<String> modules = new ArrayList<>();

    @Option(names = "--json", description = "print machine-readable results")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write the replay as an HTML step-through "
        + "report (docs/report.md); a divergence shows as the failing step")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplayResult r;
        try {
            if (report != null && !report.toString().endsWith(".html")) {
                throw new IllegalArgumentException("--report " + report + " must name an .html file");
            }
            r = report == null ? Replay.run(trace, overrides(modules))
                : Replay.run(trace, overrides(modules), org.kmemlab.script.report.ReportObserver.forFile(report));
        } catch (IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("kmemlab: " + e.getMessage().lines().findFirst().orElse(""));
            err.flush();
            return Main.BAD_INPUT;
        }
        if (json) {
            json(out, r);
        } else {
            human(out, Style.detect(), r);
        }
        out.flush();
        return r.reproduced() ? Main.OK : Main.FAILED;
    }

    /** SLOT=NAME values; a module file is made absolute against the working directory. */
    static Map<String, String> overrides(List<String> modules) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : modules) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--module '" + s + "' must look like SLOT=NAME, e.g. buddy=linux");
            }
            String name = s.substring(eq + 1);
            out.put(s.substring(0, eq), ModuleRegistry.isFile(name)
                ? Path.of(name).toAbsolutePath().normalize().toString() : name);
        }
        return out;
    }

    static void human(PrintWriter out, Style st, ReplayResult r) {
        out.println(r.trace() + (r.overrides().isEmpty() ? "" : " (replayed with " + overridesText(r) + ")"));
        String file = null;
        for (TestReplay t : r.tests()) {
            if (!t.file().equals(file) && r.tests().stream().map(TestReplay::file).distinct().count() > 1) {
                out.println("  " + t.file());
            }
            file = t.file();
            Divergence d = t.divergence();
            if (d == null) {
                out.println("  " + st.pass("✓") + " " + t.name() + st.dim(" (reproduced " + t.replayed() + " call"
                    + (t.replayed() == 1 ? "" : "s") + ")"));
                continue;
            }
            out.println("  " + st.fail("✗") + " " + t.name() + " — diverged at step " + d.step()
                + (d.location() == null ? "" : " " + d.location()) + ": " + d.call());
            d.explanation().lines().forEach(l -> out.println("      " + l));
            out.println("      " + st.dim("(trace line " + d.line() + ")"));
        }
        if (r.truncated()) {
            out.println("  " + st.dim("the trace's last line was cut off (the recorded run ended while writing it)"));
        }
        long bad = r.tests().stream().filter(t -> !t.reproduced()).count();
        out.println((r.tests().size() - bad) + " reproduced, " + bad + " diverged (" + r.steps() + " calls replayed)");
    }

    private static String overridesText(ReplayResult r) {
        List<String> parts = new ArrayList<>();
        r.overrides().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    static void json(PrintWriter out, ReplayResult r) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("trace", r.trace());
        top.put("overrides", r.overrides());
        top.put("reproduced", r.reproduced());
        top.put("steps", r.steps());
        top.put("truncated", r.truncated());
        List<Object> tests = new ArrayList<>();
        for (TestReplay t : r.tests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", t.file());
            m.put("name", t.name());
            m.put("calls", t.calls());
            m.put("replayed", t.replayed());
            m.put("recorded_status", t.recordedStatus());
            m.put("divergence", t.divergence());
            tests.add(m);
        }
        top.put("tests", tests);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(top));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
