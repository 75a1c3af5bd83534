package org.kmemlab.conform;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.kmemlab.api.KernelBug;

/**
 * One line for an exception a check did not expect: its class, the first line of its message, and the first
 * stack frame from the implementation (not from the JDK, Guice, GraalJS, the kernel facade, the API helpers
 * or this kit), e.g. {@code NullPointerException: ... (at org.example.MyBuddy.allocPages(MyBuddy.java:42))}.
 */
final class Failures {
    private Failures() {
    }

    /** Packages whose frames are the harness, not the implementation (exact package names). */
    private static final Set<String> HARNESS_PACKAGES = Set.of("org.kmemlab.conform", "org.kmemlab.kernel",
        "org.kmemlab.kernel.plugins", "org.kmemlab.api", "org.kmemlab.script");
    /** Prefixes of the JDK and libraries. */
    private static final List<String> LIBRARY_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
        "com.google.inject.", "com.google.common.", "org.graalvm.", "com.oracle.truffle.", "org.junit.");

    static String describe(Throwable thrown) {
        Throwable t = unwrap(thrown);
        String msg = t.getMessage() == null ? "" : t.getMessage().strip().lines().findFirst().orElse("");
        String what = (t instanceof KernelBug ? "unexpected KernelBug" : t.getClass().getSimpleName())
            + (msg.isEmpty() ? "" : ": " + msg);
        StackTraceElement frame = implementationFrame(t);
        return frame == null ? what : what + " (at " + frame + ")";
    }

    /** Past the wrappers of reflection, Guice provisioning and futures, to the exception that was thrown. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 10 && cur.getCause() != null && cur.getCause() != cur && isWrapper(cur); i++) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
            || t instanceof ExecutionException || t instanceof CompletionException
            || t instanceof com.google.inject.ProvisionException || t instanceof com.google.inject.CreationException
            || t instanceof ExceptionInInitializerError;
    }

    /** The first frame of the implementation; the top frame when every frame is the harness's. */
    static StackTraceElement implementationFrame(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        for (StackTraceElement e : st) {
            if (!isHarness(e.getClassName())) {
                return e;
            }
        }
        return st.length > 0 ? st[0] : null;
    }

    static boolean isHarness(String className) {
        for (String p : LIBRARY_PREFIXES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        return HARNESS_PACKAGES.contains(pkg);
    }
}
