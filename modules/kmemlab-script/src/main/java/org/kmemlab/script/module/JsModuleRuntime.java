package org.kmemlab.script.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.Reports;
import org.kmemlab.script.ScriptEngine;

/**
 * One machine's JavaScript module: its sandboxed context (the scenario sandbox, on the shared engine), the module
 * prelude, the module file, and calls into {@code module.exports} with a fresh statement budget each. Every
 * failure leaves as a {@link JsModuleError} naming the file and line, except the {@link KernelBug}s the kernel
 * services raise, which pass through unchanged. A module that exhausts its budget is stopped for good (the
 * context is gone); later calls say so.
 */
final class JsModuleRuntime implements AutoCloseable {
    /** The operations a buddy module must export, and those it may. */
    static final List<String> REQUIRED = List.of("alloc_pages", "free_pages", "nr_free");
    static final List<String> OPTIONAL = List.of("init", "free_bootmem", "boot_complete", "drain_all_pages");

    private static final String PRELUDE_NAME = "<kmemlab-module>";
    private static volatile Source prelude;

    private final JsModuleFile file;
    private final KernelLog log;
    private final long budget;
    private final Context ctx;
    /** The exported operations, as they were when the file had run. */
    private final Map<String, Value> ops = new HashMap<>();
    private String stopped;

    private JsModuleRuntime(JsModuleFile file, KernelLog log, long budget) {
        this.file = file;
        this.log = log;
        this.budget = budget;
        this.ctx = ScriptEngine.newSandboxedContext(budget, OutputStream.nullOutputStream());
    }

    /** Evaluates the prelude and the module file, checks the exports, and calls {@code init(machine)} if exported. */
    static JsModuleRuntime start(JsModuleFile file, JsModuleHost host, KernelLog log, long budget) {
        JsModuleRuntime rt = new JsModuleRuntime(file, log, budget);
        try {
            rt.load(host);
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    private void load(JsModuleHost host) {
        Value api;
        Value module;
        try {
            api = ctx.eval(prelude()).execute(host);
            module = api.getMember("module");
            Value wrapper = ctx.eval(file.source());
            ctx.resetLimits();
            wrapper.execute(module, module.getMember("exports"));
        } catch (PolyglotException e) {
            throw translate(e, "the module's top level");
        }
        Value exports = module.getMember("exports");
        if (exports == null || exports.isNull() || !exports.hasMembers()) {
            throw new JsModuleError(prefix(0) + "module.exports must be an object with the module's operations, "
                + "e.g. module.exports = { alloc_pages, free_pages, nr_free }");
        }
        for (String op : REQUIRED) {
            Value v = exports.getMember(op);
            if (v == null || !v.canExecute()) {
                throw new JsModuleError(prefix(0) + "module.exports has no function " + op + "; a buddy module exports "
                    + "alloc_pages(gfp, order), free_pages(pfn, order) and nr_free(zone, order), and may export "
                    + String.join(", ", OPTIONAL) + " (assign module.exports = { ... }; docs/js-modules.md)");
            }
            ops.put(op, v);
        }
        for (String op : OPTIONAL) {
            Value v = exports.getMember(op);
            if (v != null && !v.isNull()) {
                if (!v.canExecute()) {
                    throw new JsModuleError(prefix(0) + "module.exports." + op + " must be a function, got " + v);
                }
                ops.put(op, v);
            }
        }
        if (has("init")) {
            call("init", api.getMember("machine"));
        }
    }

    private static Source prelude() {
        Source p = prelude;
        if (p == null) {
            try (InputStream in = JsModuleRuntime.class.getResourceAsStream("module-prelude.js")) {
                if (in == null) {
                    throw new IllegalStateException("module-prelude.js missing from the kmemlab-script jar");
                }
                p = Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), PRELUDE_NAME)
                    .buildLiteral();
                prelude = p;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    /** Whether the module exports this operation. */
    boolean has(String op) {
        return ops.containsKey(op);
    }

    /** The line where the exported function is defined (0 if unknown), for contract errors about its result. */
    int lineOf(String op) {
        Value v = ops.get(op);
        SourceSection s = v == null ? null : v.getSourceLocation();
        return s != null && s.getSource().getName().equals(file.fileName()) ? s.getStartLine() : 0;
    }

    /** Calls an exported operation with a fresh statement budget. */
    Value call(String op, Object... args) {
        if (stopped != null) {
            throw new JsModuleError(prefix(0) + "the module was stopped earlier (" + stopped + "); boot a new machine");
        }
        try {
            ctx.resetLimits();
            return ops.get(op).execute(args);
        } catch (PolyglotException e) {
            throw translate(e, op);
        } catch (IllegalStateException e) {
            // the context was closed under us (a cancelled scenario)
            stopped = "its context is closed";
            throw new JsModuleError(prefix(0) + op + ": the module's context is closed");
        }
    }

    /** "buddy module FILE:LINE: " (no line when unknown). */
    String prefix(int line) {
        return "buddy module " + file.fileName() + (line > 0 ? ":" + line : "") + ": ";
    }

    /** The first line in the module file on the exception's stack (the module's own code, not the prelude's). */
    private int moduleLine(PolyglotException e) {
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection s = f.isGuestFrame() ? f.getSourceLocation() : null;
            if (s != null && s.getSource().getName().equals(file.fileName())) {
                return s.getStartLine();
            }
        }
        SourceSection s = e.getSourceLocation();
        return s != null && s.getSource().getName().equals(file.fileName()) ? s.getStartLine() : 0;
    }

    private RuntimeException translate(PolyglotException e, String op) {
        if (e.isHostException()) {
            Throwable h = e.asHostException();
            if (h instanceof KernelBug || h instanceof JsModuleError) {
                return (RuntimeException) h;
            }
            if (h instanceof JsModuleHost.BugSignal) {
                return Reports.bug(log, file.fileName(), moduleLine(e), frames(op));
            }
            String msg = h.getMessage() != null ? h.getMessage() : h.getClass().getSimpleName();
            return new JsModuleError(prefix(moduleLine(e)) + msg);
        }
        if (e.isSyntaxError()) {
            return new JsModuleError(syntaxError(e));
        }
        if (e.isResourceExhausted() || e.isCancelled()) {
            int line = moduleLine(e);
            if (String.valueOf(e.getMessage()).contains("Statement count limit")) {
                stopped = op + " exceeded its statement budget";
                return new JsModuleError(prefix(line) + op + " did not finish within its budget of " + budget
                    + " statements (an endless loop?); the module is stopped"
                    + " (set -D" + JsPageAllocator.BUDGET_PROPERTY + "=N for a bigger budget)");
            }
            stopped = op + " was cancelled";
            return new JsModuleError(prefix(line) + op + " was cancelled");
        }
        if (e.isInternalError()) {
            return new JsModuleError(prefix(moduleLine(e)) + "internal error in " + op + ": " + e.getMessage());
        }
        String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new JsModuleError(prefix(moduleLine(e)) + msg);
    }

    /** The simulated call chain a BUG() in the module prints, by the operation that was running. */
    private static String[] frames(String op) {
        return switch (op) {
            case "alloc_pages" -> new String[] {"__alloc_pages_nodemask", "scenario_init"};
            case "free_pages" -> new String[] {"__free_pages_ok", "__free_pages", "scenario_init"};
            default -> new String[] {"scenario_init"};
        };
    }

    /** "buddy module FILE:LINE:COL: SyntaxError: ..." with the source line and a caret under the column. */
    private String syntaxError(PolyglotException e) {
        SourceSection s = e.getSourceLocation();
        String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("")
            .replaceFirst("^SyntaxError: ", "")
            .replaceFirst("^" + java.util.regex.Pattern.quote(file.fileName()) + ":\\d+:\\d+ ", "");
        if (s == null) {
            return prefix(0) + "SyntaxError: " + msg;
        }
        int line = s.getStartLine();
        String[] lines = file.text().split("\n", -1);
        if (line > lines.length) {
            // the error is on the wrapper's closing line: the file ended inside a block, a call or a literal
            int last = lines.length;
            while (last > 1 && lines[last - 1].isBlank()) {
                last--;
            }
            return prefix(last) + "SyntaxError: the file ends too early (a missing } or ) ?)";
        }
        int col = s.getStartColumn();
        if (line == 1) {
            col = Math.max(1, col - JsModuleFile.PREFIX.length());
        }
        return prefix(line).replaceFirst(": $", ":" + col + ": ") + "SyntaxError: " + msg
            + "\n    " + file.line(line) + "\n    " + " ".repeat(Math.max(0, col - 1)) + "^";
    }

    @Override
    public void close() {
        try {
            ctx.close(true);
        } catch (PolyglotException | IllegalStateException ignored) {
            // already closed or cancelled
        }
    }
}
