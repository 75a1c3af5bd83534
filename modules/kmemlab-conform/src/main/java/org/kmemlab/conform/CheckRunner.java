package org.kmemlab.conform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one check on a daemon worker thread and turns what happened into a {@link CheckResult}: a violation
 * fails (or warns, for an advisory check) with its message, any other exception or error fails with one
 * line from {@link Failures}, and a check still running after the time limit fails with "timed out"; its
 * thread is interrupted and abandoned (it cannot hold up the JVM's exit). Nothing escapes.
 */
final class CheckRunner {
    private final Duration timeout;

    CheckRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    CheckResult run(String slot, Check check, Machines machines) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                check.body().run(machines);
            } catch (Throwable t) { // a check reports everything, StackOverflowError included
                thrown.set(t);
            }
        }, "conform " + slot + "/" + check.name());
        worker.setDaemon(true);
        long start = System.nanoTime();
        try {
            worker.start();
            worker.join(Math.max(1, timeout.toMillis())); // join(0) would wait forever
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return result(slot, check, CheckResult.Status.FAIL, "interrupted", start);
        } catch (Throwable t) {
            return result(slot, check, CheckResult.Status.FAIL, "could not start the check: " + Failures.describe(t), start);
        }
        if (worker.isAlive()) {
            worker.interrupt(); // a courtesy; the thread is abandoned either way
            return result(slot, check, CheckResult.Status.FAIL, "timed out after " + seconds(timeout)
                + " (is something looping forever?)", start);
        }
        Throwable t = thrown.get();
        if (t == null) {
            return result(slot, check, CheckResult.Status.PASS, "", start);
        }
        if (t instanceof Violation v) {
            return result(slot, check, check.advisory() ? CheckResult.Status.WARN : CheckResult.Status.FAIL,
                v.getMessage(), start);
        }
        String why;
        try {
            why = Failures.describe(t);
        } catch (Throwable u) {
            why = t.getClass().getName();
        }
        return result(slot, check, CheckResult.Status.FAIL, why, start);
    }

    private static CheckResult result(String slot, Check check, CheckResult.Status status, String message, long start) {
        return new CheckResult(slot, check.name(), status, message, (System.nanoTime() - start) / 1_000_000);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
