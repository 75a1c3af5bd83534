package org.kmemlab.grader.replay;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.kmemlab.api.SlabAllocator;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.script.trace.TraceFormat;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@link Kernel} methods by C name, their arguments decoded from a trace line, and the call made by reflection. */
final class KernelCalls {
    private static final Map<String, Method> BY_NAME = new HashMap<>();

    static {
        for (Method m : Kernel.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                BY_NAME.put(m.getName(), m);
            }
        }
    }

    private KernelCalls() {
    }

    /** The method a trace's {@code fn} names; IllegalArgumentException for none. */
    static Method method(String fn) {
        Method m = BY_NAME.get(fn);
        if (m == null) {
            throw new IllegalArgumentException("unknown kernel function " + fn);
        }
        return m;
    }

    /** The arguments of a call line, decoded by the method's parameter types. */
    static Object[] args(Method m, JsonNode args, Function<String, SlabAllocator.KmemCache> caches) {
        Type[] types = m.getGenericParameterTypes();
        if (args.size() != types.length) {
            throw new IllegalArgumentException(m.getName() + " takes " + types.length + " arguments, the trace has "
                + args.size());
        }
        Object[] out = new Object[types.length];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = TraceFormat.decode(args.get(i), types[i], caches);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(m.getName() + " argument " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Makes the call; what it throws comes out unwrapped. */
    static Object invoke(Kernel k, Method m, Object[] args) {
        return org.kmemlab.kernel.trace.Reflective.invoke(m, k, args);
    }
}
