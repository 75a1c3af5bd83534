package org.kmemlab.kernel.trace;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls made by reflection (the recording and lockstep proxies, trace replay) whose errors come out as thrown. */
public final class Reflective {
    private Reflective() {
    }

    /** {@code m.invoke(target, args)}; what the method throws is rethrown unwrapped (checked causes wrapped once). */
    public static Object invoke(Method m, Object target, Object[] args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
