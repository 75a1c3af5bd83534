package org.kmemlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import java.util.stream.Collectors;

import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.report.ReportObserver;
import org.kmemlab.script.trace.TraceRecorder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab run FILE...}. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run scenario files: a ✓ or ✗ line per test; exit 0 if all pass, 1 if any fails, 2 for bad input.",
    footer = {"", "Examples:",
        "  kmemlab run examples/scenarios/02-alloc-pages.js",
        "  kmemlab run my.js --profile i386 --ram 2G",
        "  kmemlab run my.js --no-debug --pcp --mobility --json",
        "  kmemlab run my.js --report my.html --trace my.jsonl"})
final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario files (.js)")
    List<Path> files = new ArrayList<>();

    @Mixin
    ScenarioOptions opts = new ScenarioOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(f + ": no such file");
            }
        }
        return runAll(files, opts, spec.commandLine().getOut(), false);
    }

    /** Runs files and prints results; returns the exit code. */
    static int runAll(List<Path> files, ScenarioOptions opts, PrintWriter out, boolean summary) {
        ScenarioRunner runner = opts.runner();
        ReportObserver report = opts.reportObserver(files);
        TraceRecorder trace = opts.trace == null ? null : TraceRecorder.open(opts.trace,
            "kmemlab run " + files.stream().map(Path::toString).collect(Collectors.joining(" ")));
        List<RunObserver> observers = new ArrayList<>();
        if (trace != null) {
            observers.add(trace);
        }
        if (report != null) {
            observers.add(report);
        }
        if (!observers.isEmpty()) {
            runner.observe(RunObserver.all(observers));
        }
        try {
            return runFiles(files, opts, out, summary, runner);
        } finally {
            if (trace != null) {
                trace.close();
                if (trace.problem() != null) {
                    out.println("kmemlab: warning: " + trace.problem());
                }
            }
            out.flush();
        }
    }

    private static int runFiles(List<Path> files, ScenarioOptions opts, PrintWriter out, boolean summary,
                                ScenarioRunner runner) {
        Style st = Style.detect();
        List<ScenarioResult> results = new ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            ScenarioResult r;
            try {
                r = runner.run(f);
            } catch (ScenarioRunner.BadScenario e) {
                if (files.size() == 1 && !summary) {
                    throw e;
                }
                out.println(f);
                out.println("  " + st.fail("✗") + " " + e.getMessage().replace("\n", "\n    "));
                bad = true;
                results.add(new ScenarioResult(f.toString(), List.of(), "", e.getMessage()));
                continue;
            }
            results.add(r);
            if (!opts.json) {
                ResultPrinter.human(out, st, r);
            }
        }
        long passed = results.stream().mapToLong(ScenarioResult::passed).sum();
        long failed = results.stream().mapToLong(ScenarioResult::failed).sum();
        if (opts.json) {
            ResultPrinter.json(out, results);
        } else if (summary) {
            out.println(passed + " passed, " + failed + " failed");
        }
        out.flush();
        if (bad && !summary) {
            return Main.BAD_INPUT;
        }
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
