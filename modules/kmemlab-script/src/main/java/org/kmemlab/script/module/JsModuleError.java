package org.kmemlab.script.module;

/**
 * A JavaScript slot module that failed: it does not parse, it threw, it ran out of its statement budget, it broke
 * the contract (returned something that is not a pfn, passed a bad argument to the kernel API), or it was asked to
 * implement a slot JavaScript modules cannot implement. The message is one line starting
 * {@code buddy module FILE:LINE: } (a syntax error adds the source line and a caret).
 *
 * <p>It is an {@link IllegalArgumentException} because the module named on the command line or in
 * {@code machine({ modules })} is bad input: the CLI prints the message alone and exits 2, and the scenario
 * layer turns it into a JavaScript {@code Error} at the scenario line that made the call (a test failure).
 * {@code KernelBug}s raised by the kernel services a module calls are not wrapped: they pass through unchanged.
 */
public final class JsModuleError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsModuleError(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the message says everything; the Java stack is kmemlab's, not the student's
    }
}
