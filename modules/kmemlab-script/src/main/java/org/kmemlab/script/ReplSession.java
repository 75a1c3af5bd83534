package org.kmemlab.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.kmemlab.api.MachineConfig;

/**
 * An interactive session on one live machine, independent of any terminal: each input is evaluated in one
 * persistent sandboxed context (variables persist), its value printed; a KernelBug, a JS error, a runaway loop
 * becomes a report and the session goes on. The dot-commands are in {@link ReplCommands}, completion in
 * {@link ReplCompletion}.
 */
public final class ReplSession implements AutoCloseable {
    /** What one input printed; {@code exit} after {@code .exit}. */
    public record Result(String text, boolean error, boolean exit) {
        static Result ok(String text) {
            return new Result(text, false, false);
        }

        static Result error(String text) {
            return new Result(text, true, false);
        }
    }

    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_STATEMENT_LIMIT = ScenarioRunner.Options.defaults().statementLimit();

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kmemlab-repl-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:let|const|var|function\\*?|class)\\s+([A-Za-z_$][\\w$]*)");

    private final MachineConfig startConfig;
    private final long timeoutMillis;
    private final long statementLimit;
    private final StringBuilder output = new StringBuilder();
    private final ByteArrayOutputStream guestOut = new ByteArrayOutputStream();
    /** Names the user declared with let/const/class: not properties of globalThis, so completion tracks them. */
    final TreeSet<String> declared = new TreeSet<>();
    private final ReplCommands commands = new ReplCommands(this);
    private final ReplCompletion completion = new ReplCompletion(this);

    private MachineConfig config;
    private KernelBridge bridge;
    private Context ctx;
    private Value hooks;
    private Value formatter;
    private Value membersOf;
    private int inputs;
    private volatile boolean running;
    private volatile boolean timedOut;
    private volatile boolean contextKilled;

    /** A session on a machine booted with {@code base}, a 10 s wall-clock limit and the scenario statement budget per input. */
    public ReplSession(MachineConfig base) {
        this(base, DEFAULT_TIMEOUT_MILLIS, DEFAULT_STATEMENT_LIMIT);
    }

    public ReplSession(MachineConfig base, long timeoutMillis, long statementLimit) {
        this.startConfig = base;
        this.timeoutMillis = timeoutMillis;
        this.statementLimit = statementLimit;
        boot(base);
    }

    // ---------------------------------------------------------------- public surface

    /** Evaluates one complete input: a dot-command or JavaScript. */
    public Result eval(String input) {
        String t = input.strip();
        if (t.isEmpty()) {
            return Result.ok("");
        }
        if (ReplCommands.isCommand(t)) {
            return commands.run(t);
        }
        return evalJs(input, "repl-" + (++inputs), null, true);
    }

    /** False while brackets, a string or a template literal are still open (the reader then asks for another line). */
    public boolean isComplete(String input) {
        String t = input.strip();
        if (t.isEmpty() || ReplCommands.isCommand(t)) {
            return true;
        }
        try {
            ctx.parse(Source.newBuilder("js", input, "repl-parse").buildLiteral());
            return true;
        } catch (PolyglotException e) {
            return !(e.isSyntaxError() && ReplCompletion.endsEarly(e, input));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return true; // let eval report it
        }
    }

    /** Candidates that replace the token ending {@code line} (from {@link #tokenStart}): globals, variables, members, commands. */
    public List<String> completions(String line) {
        return completion.complete(line);
    }

    /** Where the token that {@link #completions} replaces starts in {@code line}. */
    public static int tokenStart(String line) {
        return ReplCompletion.tokenStart(line);
    }

    /** Stops the input being evaluated (Ctrl-C); the session goes on. */
    public void interrupt() {
        if (running) {
            stop();
        }
    }

    /** The machine config the current machine was booted with (after {@code .reset}, the reset one). */
    public MachineConfig config() {
        return config;
    }

    /** A one-line description of a machine config: "x86_64, 1G RAM, debug". */
    public static String describe(MachineConfig c) {
        return ReplCommands.describe(c);
    }

    @Override
    public void close() {
        bridge.dropMachine();
        closeQuietly(ctx);
    }

    // ---------------------------------------------------------------- for ReplCommands and ReplCompletion

    MachineConfig startConfig() {
        return startConfig;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Reboots with {@code c}: a new machine and a new context (variables go too); on failure the old session stays. */
    void reset(MachineConfig c) {
        KernelBridge oldBridge = bridge;
        Context oldCtx = ctx;
        Value[] old = {hooks, formatter, membersOf};
        MachineConfig oldConfig = config;
        try {
            boot(c);
        } catch (RuntimeException e) {
            bridge = oldBridge;
            ctx = oldCtx;
            hooks = old[0];
            formatter = old[1];
            membersOf = old[2];
            config = oldConfig;
            throw e;
        }
        oldBridge.dropMachine();
        closeQuietly(oldCtx);
        declared.clear();
    }

    /** Evaluates a file's text under its name; relative module paths in machine({ modules }) resolve against {@code dir}. */
    Result evalFile(String name, String text, Path dir) {
        return evalJs(text, name, dir, false);
    }

    /** Evaluates a snippet of the session's own (a command's) and returns its value, or null if it threw. */
    Value quiet(String js) {
        try {
            ctx.resetLimits();
            return ctx.eval(Source.newBuilder("js", js, "repl-internal").buildLiteral());
        } catch (PolyglotException | IllegalStateException e) {
            return null;
        }
    }

    /** The property names of a value and its prototypes; of the global object for null. */
    List<String> members(Value v) {
        try {
            Value names = v == null ? membersOf.execute() : membersOf.execute(v);
            return toList(names);
        } catch (PolyglotException | IllegalStateException | ClassCastException e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- evaluation

    private Result evalJs(String text, String name, Path dir, boolean showValue) {
        output.setLength(0);
        guestOut.reset();
        bridge.failures().clear();
        bridge.setBaseDir(dir);
        timedOut = false;
        int testsBefore = hooks.getMember("count").execute().asInt();
        ctx.resetLimits();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut = true;
            stop();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        StringBuilder shown = new StringBuilder();
        boolean error = false;
        running = true;
        try {
            Value v = ctx.eval(Source.newBuilder("js", text, name).buildLiteral());
            running = false;
            remember(text);
            if (showValue) {
                String s = formatter.execute(v).asString();
                if (!"undefined".equals(s)) {
                    shown.append(s);
                }
            }
            error = runNewTests(testsBefore, shown);
        } catch (PolyglotException e) {
            running = false;
            shown.setLength(0);
            shown.append(report(e, name, text));
            error = true;
        } catch (IllegalStateException e) {
            running = false; // the context was closed under us (a watchdog that could not interrupt)
            shown.setLength(0);
            shown.append(timedOut ? timeoutMessage() : "input cancelled");
            error = true;
        } finally {
            running = false;
            watchdog.cancel(false);
            bridge.setBaseDir(null);
        }
        if (contextKilled) {
            shown.append("\n").append(recreateContext());
        }
        String printed = printed();
        // a function that prints its text and also returns it (show_map) is shown once
        if (!error && shown.length() > 0 && printed.endsWith(shown.toString())) {
            shown.setLength(0);
        }
        return new Result(join(printed, shown.toString()), error, false);
    }

    /** test()/describe() in a session: the tests an input declares run at once, on the live machine, ✓ or ✗ each. */
    private boolean runNewTests(int before, StringBuilder shown) {
        int n = hooks.getMember("count").execute().asInt();
        boolean failed = false;
        for (int i = before; i < n; i++) {
            String testName = hooks.getMember("name").execute(i).asString();
            if (shown.length() > 0) {
                shown.append('\n');
            }
            if (hooks.getMember("skipped").execute(i).asBoolean()) {
                shown.append("○ ").append(testName).append(" (skipped)");
                continue;
            }
            bridge.failures().clear();
            hooks.getMember("run").execute(i);
            List<String[]> f = bridge.failures();
            if (f.isEmpty()) {
                shown.append("✓ ").append(testName);
            } else {
                failed = true;
                shown.append("✗ ").append(testName).append("\n    ").append(f.get(0)[0].replace("\n", "\n    "));
                if (f.get(0)[1] != null && !f.get(0)[0].contains("\n    at ")) {
                    shown.append("\n    at ").append(f.get(0)[1]);
                }
            }
        }
        bridge.failures().clear();
        return failed;
    }

    private String report(PolyglotException e, String name, String text) {
        if (timedOut) {
            return timeoutMessage();
        }
        if (e.isInterrupted() || (e.isCancelled() && !isStatementLimit(e))) {
            return "interrupted";
        }
        if (e.isResourceExhausted() || isStatementLimit(e)) {
            contextKilled = true;
            return "input exceeded its statement budget of " + statementLimit + " statements";
        }
        if (e.isSyntaxError()) {
            return ScenarioRunner.syntaxError(name, text, e);
        }
        if (e.isHostException()) {
            return "internal error: " + e.asHostException();
        }
        if (e.isGuestException()) {
            return nonEmpty(formatter.execute(e.getGuestObject(), true).asString(), e.getMessage());
        }
        return "internal error: " + e.getMessage();
    }

    private static boolean isStatementLimit(PolyglotException e) {
        return String.valueOf(e.getMessage()).contains("Statement count limit");
    }

    private String timeoutMessage() {
        return "input cancelled: it ran longer than " + ReplCommands.seconds(timeoutMillis) + " (the machine is kept)";
    }

    /** Interrupts the running input; a context that does not stop within a second is closed (and recreated after). */
    private void stop() {
        Context c = ctx;
        try {
            c.interrupt(Duration.ofSeconds(1));
        } catch (TimeoutException | IllegalStateException e) {
            contextKilled = true;
            closeQuietly(c);
        } catch (PolyglotException e) {
            contextKilled = true;
        }
    }

    /** A new context on the same bridge: the machine survives, the variables do not. */
    private String recreateContext() {
        contextKilled = false;
        closeQuietly(ctx);
        newContext(bridge);
        declared.clear();
        return "(the JavaScript context was recreated: variables are gone, the machine is kept)";
    }

    // ---------------------------------------------------------------- setup

    private void boot(MachineConfig c) {
        KernelBridge b = new KernelBridge(c, s -> appendCapped(output, s));
        newContext(b);
        config = c;
    }

    private void newContext(KernelBridge b) {
        Context c = ScriptEngine.newContext(statementLimit, guestOut);
        try {
            Value h = c.eval(ScriptEngine.prelude()).execute(b);
            formatter = c.eval(Source.newBuilder("js", resource("repl-format.js"), "<kmemlab-repl>").buildLiteral()).execute();
            membersOf = c.eval(Source.newBuilder("js", resource("repl-complete.js"), "<kmemlab-repl>").buildLiteral());
            hooks = h;
        } catch (PolyglotException e) {
            closeQuietly(c);
            if (!e.isGuestException()) {
                throw e;
            }
            // the machine could not boot (a bad module file, ...): one line, as the scenario would report it
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).lines().findFirst().orElse("cannot boot"));
        }
        bridge = b;
        ctx = c;
    }

    private void remember(String text) {
        Matcher m = DECLARATION.matcher(text);
        while (m.find()) {
            declared.add(m.group(1));
        }
    }

    private String printed() {
        String g = guestOut.toString(StandardCharsets.UTF_8);
        String s = output.toString() + g;
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b;
    }

    private static String nonEmpty(String a, String b) {
        return a == null || a.isEmpty() ? String.valueOf(b) : a;
    }

    private static void appendCapped(StringBuilder sb, String s) {
        if (sb.length() < ScenarioRunner.MAX_OUTPUT) {
            sb.append(s, 0, Math.min(s.length(), ScenarioRunner.MAX_OUTPUT - sb.length())).append('\n');
        }
    }

    private static List<String> toList(Value names) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (long i = 0; i < names.getArraySize(); i++) {
            out.add(names.getArrayElement(i).asString());
        }
        return out;
    }

    private static void closeQuietly(Context c) {
        try {
            c.close(true);
        } catch (PolyglotException | IllegalStateException ignored) {
            // closing a cancelled context rethrows the cancellation
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReplSession.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the kmemlab-script jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
