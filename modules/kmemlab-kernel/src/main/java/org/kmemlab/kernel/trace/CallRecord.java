package org.kmemlab.kernel.trace;

import java.lang.reflect.Method;
import java.util.List;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.kernel.Kernel;

/**
 * One kernel call a scenario made, as {@link RecordingKernel} saw it: the C function, its arguments and result
 * (Java values as the {@link Kernel} interface types them), the error it raised (a {@code KernelBug} carries the
 * kernel's report), the scenario's {@code file:line}, and the kmem tracepoint events the call emitted.
 *
 * @param seq      1-based position among the recorded calls on this machine
 * @param method   the {@link Kernel} method (its name is the C function's)
 * @param args     the arguments (never null; empty for none)
 * @param result   the result (null for void calls and when {@code error} is set)
 * @param error    what the call threw, or null
 * @param location the scenario's {@code file:line}, or null outside a scenario
 * @param events   the events emitted during the call, in order
 * @param nested   the kernel calls made back into the kernel while the call ran (a kmem_cache constructor writing
 *                 its object), in order; empty for most calls
 * @param kernel   the machine the call ran on (its state is the state after the call while the listener runs)
 */
public record CallRecord(int seq, Method method, Object[] args, Object result, RuntimeException error,
                         String location, List<KernelEvent> events, List<Nested> nested, Kernel kernel) {
    /** A call made from inside a recorded call: the method and its arguments (what replay needs to make it again). */
    public record Nested(Method method, Object[] args) {
    }

    /** The C function's name. */
    public String fn() {
        return method.getName();
    }
}
