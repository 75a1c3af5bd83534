package org.kmemlab.script.trace;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.RecordingKernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sits under the {@link RecordingKernel} and keeps the calls a kernel call makes back into the kernel while it
 * runs: a kmem_cache constructor writing its objects ({@code writeq(obj, ...)} when kmem_cache_alloc makes a slab).
 * The trace lists them under the outer call as {@code "nested"}, and replay makes them right after it, so the
 * memory a constructor wrote reads the same on replay although the constructor itself is not replayed.
 */
final class NestedCalls implements InvocationHandler {
    private final Kernel target;
    private final List<ObjectNode> calls = new ArrayList<>();
    private int depth;

    private NestedCalls(Kernel target) {
        this.target = target;
    }

    static NestedCalls over(Kernel target) {
        return new NestedCalls(target);
    }

    Kernel proxy() {
        return (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, this);
    }

    /** The nested calls since the last drain, as trace objects ({@code {"fn": ..., "args": [...]}}), or null. */
    ArrayNode drain() {
        if (calls.isEmpty()) {
            return null;
        }
        ArrayNode out = TraceFormat.NODES.arrayNode(calls.size());
        out.addAll(calls);
        calls.clear();
        return out;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            return switch (m.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "nested(" + target + ")";
            };
        }
        if (depth > 0 && !RecordingKernel.NOT_RECORDED.contains(m.getName())) {
            ObjectNode c = TraceFormat.NODES.objectNode().put("fn", m.getName());
            ArrayNode a = c.putArray("args");
            if (args != null) {
                for (Object x : args) {
                    a.add(TraceFormat.encode(x));
                }
            }
            calls.add(c);
        }
        depth++;
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            depth--;
        }
    }
}
