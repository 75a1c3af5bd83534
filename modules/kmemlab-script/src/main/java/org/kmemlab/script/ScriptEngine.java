package org.kmemlab.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

/**
 * The process-wide GraalJS engine (shared, so parsed sources are cached) and the sandboxed contexts
 * made from it: SandboxPolicy.CONSTRAINED, only {@code @HostAccess.Export} members, no host class
 * lookup, no I/O, no threads or processes, and a statement budget.
 */
public final class ScriptEngine {
    private static volatile Engine shared;
    private static volatile Source prelude;

    private ScriptEngine() {
    }

    public static Engine engine() {
        Engine e = shared;
        if (e == null) {
            synchronized (ScriptEngine.class) {
                e = shared;
                if (e == null) {
                    e = Engine.newBuilder("js")
                        .sandbox(SandboxPolicy.CONSTRAINED)
                        .out(OutputStream.nullOutputStream())
                        .err(OutputStream.nullOutputStream())
                        .option("engine.WarnInterpreterOnly", "false")
                        .build();
                    shared = e;
                }
            }
        }
        return e;
    }

    static Source prelude() {
        Source p = prelude;
        if (p == null) {
            try (InputStream in = ScriptEngine.class.getResourceAsStream("prelude.js")) {
                if (in == null) {
                    throw new IllegalStateException("prelude.js missing from the kmemlab-script jar");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                p = Source.newBuilder("js", text, "<kmemlab>").buildLiteral();
                prelude = p;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    /** A fresh sandboxed context; guest output goes to {@code out}. */
    static Context newContext(long statementLimit, ByteArrayOutputStream out) {
        return newSandboxedContext(statementLimit, out);
    }

    /**
     * A fresh context on the shared engine with the scenario sandbox (used for scenarios and for JavaScript slot
     * modules, {@code org.kmemlab.script.module}): no host class lookup, no I/O, no builtins beyond ECMAScript,
     * and a statement limit (0 = none) that {@link Context#resetLimits()} restarts.
     */
    public static Context newSandboxedContext(long statementLimit, OutputStream out) {
        Context.Builder b = Context.newBuilder("js")
            .engine(engine())
            .sandbox(SandboxPolicy.CONSTRAINED)
            .allowHostAccess(HostAccess.CONSTRAINED)
            .allowHostClassLookup(name -> false)
            .out(out)
            .err(out)
            .option("js.load", "false")
            .option("js.print", "false")
            .option("js.graal-builtin", "false")
            .option("js.console", "false");
        if (statementLimit > 0) {
            b.resourceLimits(ResourceLimits.newBuilder().statementLimit(statementLimit, null).build());
        }
        return b.build();
    }
}
