package org.kmemlab.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.kmemlab.api.MachineConfig;

/** Runs scenario files: one sandboxed context per file, a fresh machine per test. */
public final class ScenarioRunner {
    /** How scenarios run: the machine options from the command line, and the limits. */
    public record Options(MachineConfig base, long timeoutMillis, long statementLimit) {
        public static Options defaults() {
            return new Options(MachineConfig.defaults(), 60_000, 500_000_000L);
        }
    }

    /** Thrown for input that cannot run at all (missing file, syntax error): the CLI exits 2. */
    public static final class BadScenario extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadScenario(String message) {
            super(message, null, false, false);
        }
    }

    /** The pseudo-test name observers see for a file's top-level code. */
    public static final String TOP_LEVEL = "(top level)";

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kmemlab-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Options options;
    private RunObserver observer = new RunObserver() { };
    private final java.util.function.BiFunction<MachineConfig, java.util.function.BiConsumer<String, String>,
        org.kmemlab.kernel.Kernel> booter;

    public ScenarioRunner(Options options) {
        this(options, (config, recordFailure) -> org.kmemlab.kernel.Machine.boot(config));
    }

    /**
     * Runs with this booter instead of {@code Machine.boot}. The booter also gets the current test's failure
     * recorder ({@code (message, "file:line")}, recorded host-side like a failed {@code expect}, so a scenario
     * that catches an error cannot hide it): strict grading boots a lockstep pair of machines and records the
     * first divergence there.
     */
    public ScenarioRunner(Options options, java.util.function.BiFunction<MachineConfig,
        java.util.function.BiConsumer<String, String>, org.kmemlab.kernel.Kernel> booter) {
        this.options = options;
        this.booter = booter;
    }

    /** Watches the runs of this runner (report, trace); returns this. */
    public ScenarioRunner observe(RunObserver o) {
        this.observer = o;
        return this;
    }

    /** Reads and runs one file. A missing file or a syntax error throws {@link BadScenario}. */
    public ScenarioResult run(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadScenario(file + ": no such file");
        } catch (IOException e) {
            throw new BadScenario(file + ": cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return run(file.toString(), text, dir);
    }

    /** Runs scenario source text under a display name (used for file:line); relative module files start at the working directory. */
    public ScenarioResult run(String name, String text) {
        return run(name, text, null);
    }

    /**
     * Runs scenario source text under a display name; relative module file paths in {@code machine({ modules })}
     * are resolved against {@code dir} (the scenario's directory), or the working directory when it is null.
     */
    public ScenarioResult run(String name, String text, Path dir) {
        StringBuilder current = new StringBuilder();
        KernelBridge[] self = new KernelBridge[1];
        KernelBridge bridge = new KernelBridge(options.base(),
            c -> observer.machineBooted(c, booter.apply(c, (message, location) -> self[0].recordFailure(message, location))),
            s -> appendCapped(current, s));
        self[0] = bridge;
        bridge.setBaseDir(dir);
        ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
        Context ctx = ScriptEngine.newContext(options.statementLimit(), guestOut);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            ctx.close(true);
        }, options.timeoutMillis(), TimeUnit.MILLISECONDS);
        List<TestResult> results = new ArrayList<>();
        String error = null;
        try {
            // before the prelude: evaluating it boots the first machine, which observers must see inside a test
            observer.fileStarted(name, text);
            observer.testStarted(TOP_LEVEL);
            Value hooks = ctx.eval(ScriptEngine.prelude()).execute(bridge);
            Source src = Source.newBuilder("js", text, name).buildLiteral();
            long t0 = System.nanoTime();
            boolean topFailed = false;
            try {
                ctx.eval(src);
            } catch (PolyglotException e) {
                if (e.isSyntaxError()) {
                    throw new BadScenario(syntaxError(name, text, e));
                }
                if (e.isCancelled() || e.isResourceExhausted() || e.isExit() || e.isInternalError() || !e.isGuestException()) {
                    throw e;
                }
                hooks.getMember("topLevelFailure").execute(e.getGuestObject());
                topFailed = true;
            }
            int n = hooks.getMember("count").execute().asInt();
            if (n == 0 || topFailed) {
                String testName = n == 0 ? Path.of(name).getFileName().toString() : "(top level of " + name + ")";
                results.add(outcome(testName, bridge, t0, current));
                observer.testFinished(TOP_LEVEL, results.get(results.size() - 1));
            } else {
                observer.testFinished(TOP_LEVEL, null);
            }
            for (int i = 0; i < n && !topFailed; i++) {
                String testName = hooks.getMember("name").execute(i).asString();
                if (hooks.getMember("skipped").execute(i).asBoolean()) {
                    results.add(new TestResult(testName, TestResult.Status.SKIPPED, 0, null, null, ""));
                    continue;
                }
                bridge.resetForTest();
                current.setLength(0);
                observer.testStarted(testName);
                long t = System.nanoTime();
                try {
                    hooks.getMember("run").execute(i);
                } catch (PolyglotException e) {
                    results.add(new TestResult(testName, TestResult.Status.FAILED, ms(t), limitMessage(e, timedOut),
                        location(e, name), current.toString()));
                    observer.testFinished(testName, results.get(results.size() - 1));
                    throw new Stop();
                }
                results.add(outcome(testName, bridge, t, current));
                observer.testFinished(testName, results.get(results.size() - 1));
            }
        } catch (Stop stop) {
            error = "stopped: " + results.get(results.size() - 1).failure();
        } catch (PolyglotException e) {
            error = limitMessage(e, timedOut);
        } finally {
            watchdog.cancel(false);
            bridge.dropMachine();
            try {
                ctx.close(true);
            } catch (PolyglotException | IllegalStateException ignored) {
                // closing a cancelled context rethrows the cancellation
            }
        }
        String guest = guestOut.toString(StandardCharsets.UTF_8);
        ScenarioResult result = new ScenarioResult(name, results, guest, error);
        observer.fileFinished(result);
        return result;
    }

    /** console.log output kept per test; a scenario printing in a loop cannot fill the heap. */
    static final int MAX_OUTPUT = 1 << 20;

    private static void appendCapped(StringBuilder sb, String s) {
        if (sb.length() >= MAX_OUTPUT) {
            return;
        }
        if (sb.length() + s.length() + 1 > MAX_OUTPUT) {
            sb.append(s, 0, Math.max(0, MAX_OUTPUT - sb.length()));
            sb.append("\n... output truncated at ").append(MAX_OUTPUT).append(" characters\n");
            return;
        }
        sb.append(s).append('\n');
    }

    /** A test's outcome from the failures recorded on the host side (try/catch in the guest cannot hide them). */
    private static TestResult outcome(String name, KernelBridge bridge, long t0, StringBuilder out) {
        List<String[]> f = bridge.failures();
        if (f.isEmpty()) {
            return new TestResult(name, TestResult.Status.PASSED, ms(t0), null, null, out.toString());
        }
        return new TestResult(name, TestResult.Status.FAILED, ms(t0), f.get(0)[0], f.get(0)[1], out.toString());
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private String limitMessage(PolyglotException e, AtomicBoolean timedOut) {
        if (timedOut.get()) {
            return "scenario exceeded its time limit of " + seconds(options.timeoutMillis()) + " (--timeout)";
        }
        if (e.isResourceExhausted() || (e.isCancelled() && String.valueOf(e.getMessage()).contains("Statement count limit"))) {
            return "scenario exceeded its statement budget of " + options.statementLimit() + " statements";
        }
        if (e.isCancelled()) {
            return "scenario was cancelled";
        }
        return "internal error: " + e.getMessage();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static String location(PolyglotException e, String name) {
        SourceSection s = e.getSourceLocation();
        if (s != null && s.getSource().getName().equals(name)) {
            return name + ":" + s.getStartLine();
        }
        return name;
    }

    static String syntaxError(String name, String text, PolyglotException e) {
        SourceSection s = e.getSourceLocation();
        String msg = String.valueOf(e.getMessage());
        if (s == null) {
            return name + ": " + msg;
        }
        int line = s.getStartLine();
        int col = s.getStartColumn();
        String[] lines = text.split("\n", -1);
        String src = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        String firstLine = msg.lines().findFirst().orElse(msg)
            .replaceFirst(java.util.regex.Pattern.quote(name) + ":\\d+:\\d+ ", "");
        return name + ":" + line + ":" + col + ": " + firstLine + "\n    " + src + "\n    "
            + " ".repeat(Math.max(0, col - 1)) + "^";
    }

    /** Unwinds the test loop after a time or statement limit: the context is gone. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }
}
