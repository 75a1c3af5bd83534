package org.kmemlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.kmemlab.grader.replay.Replay;
import org.kmemlab.grader.replay.ReplayResult;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.report.ReportObserver;
import org.kmemlab.script.trace.TraceRecorder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kmemlab bench observe FILE}: what watching a run costs. Runs one scenario file plainly, with {@code --trace},
 * with {@code --report}, and replays the trace, each {@code --repeat} times in one JVM after a warm-up round, and
 * prints the best time of each with the per-call cost and the output sizes.
 */
@Command(name = "observe", mixinStandardHelpOptions = true,
    description = {"Time a scenario plainly, with --trace, with --report, and the replay of its trace (best of",
        "--repeat runs after one warm-up round of each, in one JVM); prints ms, µs per kernel call and output sizes."},
    footer = {"", "Examples:", "  kmemlab bench observe examples/bench/calls-10000.js",
        "  kmemlab bench observe my.js --repeat 10 --ram 4G"})
final class BenchObserve implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a scenario file")
    Path file;

    @Mixin
    BenchRuns runs = new BenchRuns();

    private int repeat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        repeat = runs.repeat();
        Path dir = Files.createTempDirectory("kmemlab-bench-observe");
        Path trace = dir.resolve("calls.jsonl");
        Path html = dir.resolve("report.html");
        ScenarioRunner.Options options = new ScenarioRunner.Options(runs.machine.config(), 3_600_000,
            ScenarioRunner.Options.defaults().statementLimit());
        int[] calls = new int[1];
        Supplier<ScenarioResult> plain = () -> new ScenarioRunner(options).run(file);
        Supplier<ScenarioResult> traced = () -> {
            try (TraceRecorder rec = TraceRecorder.open(trace, "kmemlab bench observe " + file)) {
                ScenarioResult r = new ScenarioRunner(options).observe(rec).run(file);
                calls[0] = rec.calls();
                return r;
            }
        };
        Supplier<ScenarioResult> reported = () -> new ScenarioRunner(options).observe(ReportObserver.forFile(html)).run(file);
        Supplier<ReplayResult> replayed = () -> Replay.run(trace, Map.of());

        PrintWriter out = spec.commandLine().getOut();
        ScenarioResult check = traced.get(); // warm-up round, which also checks that the file runs
        if (!check.ok()) {
            out.println(file + " does not pass; timing a failing scenario measures the wrong thing:");
            if (check.error() != null) {
                out.println("  " + check.error());
            }
            check.tests().stream().filter(t -> t.failure() != null)
                .forEach(t -> out.println("  ✗ " + t.name() + ": " + t.failure()));
            out.flush();
            return Main.FAILED;
        }
        plain.get();
        reported.get();
        replayed.get();
        long tPlain = best(plain::get);
        long tTrace = best(traced::get);
        long tReport = best(reported::get);
        long tReplay = best(replayed::get);
        int n = Math.max(1, calls[0]);
        out.printf("%s: %,d kernel calls, best of %d runs after a warm-up round (JDK %s)%n", file, calls[0], repeat,
            Runtime.version());
        out.printf("  %-22s %9s %16s %s%n", "run", "ms", "µs per call", "output");
        row(out, "plain", tPlain, n, 0, "");
        row(out, "--trace", tTrace, n, tTrace - tPlain, String.format("%,d bytes of JSON Lines", Files.size(trace)));
        row(out, "--report", tReport, n, tReport - tPlain, String.format("%,d bytes of HTML", Files.size(html)));
        row(out, "replay of the trace", tReplay, n, 0, "");
        out.flush();
        Files.deleteIfExists(trace);
        Files.deleteIfExists(html);
        Files.deleteIfExists(dir);
        return Main.OK;
    }

    private long best(Runnable r) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    private static void row(PrintWriter out, String name, long nanos, int calls, long extra, String output) {
        String perCall = String.format("%.1f", nanos / 1000.0 / calls)
            + (extra > 0 ? String.format(" (+%.1f)", extra / 1000.0 / calls) : "");
        out.printf("  %-22s %9.0f %16s %s%n", name, nanos / 1e6, perCall, output);
    }
}
