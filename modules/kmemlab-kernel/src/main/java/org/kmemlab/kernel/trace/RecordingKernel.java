package org.kmemlab.kernel.trace;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.kernel.Kernel;

/**
 * A {@link Kernel} that hands every top-level kernel call to a listener after it ran (traces, the step-through
 * report). Calls a kernel call makes back into the kernel (a kmem_cache constructor writing its object) belong
 * to the outer call: they are listed in its record's {@code nested}, not recorded on their own. Handles, views and struct-page field reads (what the JS
 * page objects use) are not kernel calls and pass through unrecorded.
 */
public final class RecordingKernel implements InvocationHandler {
    /** Methods passed through without a record: machine handles, configuration, /proc views, field reads. */
    public static final Set<String> NOT_RECORDED = Set.of("config", "profile", "mmu", "events", "physmem",
        "pageAllocator", "slabAllocator", "vmallocAllocator", "constants", "modules", "available_modules", "dmesg", "tainted", "proc", "view",
        "pageFlag", "pageFlagsRaw", "pageFlagNames", "pageCountField", "pageMapcountField", "pagePrivateField",
        "pageMappingField", "pageIndexField", "pageVirtualField", "hashCode", "equals", "toString");

    private final Kernel target;
    private final Supplier<String> location;
    private final Consumer<CallRecord> listener;
    private final List<KernelEvent> events = new ArrayList<>();
    private final List<CallRecord.Nested> nested = new ArrayList<>();
    private int depth;
    private int seq;
    private Kernel self;

    private RecordingKernel(Kernel target, Supplier<String> location, Consumer<CallRecord> listener) {
        this.target = target;
        this.location = location;
        this.listener = listener;
    }

    /**
     * Wraps {@code target}. {@code location} gives the scenario's {@code file:line} of the call being made (may
     * return null); {@code listener} gets each record right after its call, while the machine shows its effect.
     */
    public static Kernel wrap(Kernel target, Supplier<String> location, Consumer<CallRecord> listener) {
        RecordingKernel h = new RecordingKernel(target, location, listener);
        h.self = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, h);
        target.events().subscribe(e -> {
            if (h.depth > 0) {
                h.events.add(e);
            }
        });
        return h.self;
    }

    /** The machine behind a recording proxy (or {@code k} itself). */
    public static Kernel unwrap(Kernel k) {
        if (Proxy.isProxyClass(k.getClass()) && Proxy.getInvocationHandler(k) instanceof RecordingKernel r) {
            return r.target;
        }
        return k;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (m.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "recording(" + target + ")";
            };
        }
        if (NOT_RECORDED.contains(name)) {
            return call(m, args);
        }
        if (depth > 0) {
            nested.add(new CallRecord.Nested(m, args == null ? new Object[0] : args.clone()));
            depth++;
            try {
                return call(m, args);
            } finally {
                depth--;
            }
        }
        String at = location == null ? null : location.get();
        events.clear();
        nested.clear();
        depth++;
        Object result = null;
        RuntimeException error = null;
        try {
            result = call(m, args);
        } catch (RuntimeException e) {
            error = e;
        } finally {
            depth--;
        }
        Object[] a = args == null ? new Object[0] : args.clone();
        listener.accept(new CallRecord(++seq, m, a, result, error, at, List.copyOf(events), List.copyOf(nested), target));
        events.clear();
        nested.clear();
        if (error != null) {
            throw error;
        }
        return result;
    }

    private Object call(Method m, Object[] args) {
        return Reflective.invoke(m, target, args);
    }
}
