package org.kmemlab.conform;

/**
 * One check of a slot's contract: a stable short name (printed as {@code SLOT/NAME}) and a body that boots
 * the machines it needs from a {@link Machines} and throws a {@link Violation} naming what was expected
 * and what happened. An advisory check reports what the kernel does but does not require it: when it is
 * violated the result is {@code WARN}, not {@code FAIL} (exceptions and timeouts still fail).
 */
public record Check(String name, boolean advisory, Body body) {
    /** The check's code. */
    @FunctionalInterface
    public interface Body {
        void run(Machines machines) throws Exception;
    }

    public Check {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("check name must be lower-case words joined by '-': " + name);
        }
    }

    /** A required check. */
    public static Check of(String name, Body body) {
        return new Check(name, false, body);
    }

    /** An advisory check. */
    public static Check advisory(String name, Body body) {
        return new Check(name, true, body);
    }
}
