package org.kmemlab.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

/** The scenario's {@code file:line} of the kernel call being made, read from the running script's stack. */
public final class ScriptLocation {
    private static final Source STACK = Source.newBuilder("js", "new Error().stack", "<location>").buildLiteral();
    private static final Pattern FRAME = Pattern.compile("\\(?([^()\\s]+):(\\d+):(\\d+)\\)?\\s*$");

    /** A location set by code that makes kernel calls on a script's behalf (trace replay); wins over the stack. */
    private static final ThreadLocal<String> PINNED = new ThreadLocal<>();

    private ScriptLocation() {
    }

    /** Sets (or, with null, clears) the location {@link #current()} reports on this thread. */
    public static void pin(String location) {
        if (location == null) {
            PINNED.remove();
        } else {
            PINNED.set(location);
        }
    }

    /** The innermost frame in a scenario file (not the prelude, not an anonymous source); null outside a script. */
    public static String current() {
        String pinned = PINNED.get();
        if (pinned != null) {
            return pinned;
        }
        try {
            String stack = Context.getCurrent().eval(STACK).asString();
            for (String line : stack.split("\n")) {
                Matcher mm = FRAME.matcher(line);
                if (mm.find() && !mm.group(1).startsWith("<") && !mm.group(1).equals("Unnamed")) {
                    return mm.group(1) + ":" + mm.group(2);
                }
            }
        } catch (RuntimeException e) {
            // no script on this thread
        }
        return null;
    }
}
