package org.kmemlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains a child's stdout and stderr on daemon threads, counting every byte of both together; past the cap it
 * calls {@code onFlood} once. Keeps the last few KiB of both for diagnosis (JVM messages such as
 * "Terminating due to java.lang.OutOfMemoryError").
 */
final class OutputCap {
    private static final int TAIL = 8192;

    private final long cap;
    private final Runnable onFlood;
    private final AtomicLong total = new AtomicLong();
    private final StringBuilder errTail = new StringBuilder();
    private volatile boolean flooded;
    private Thread out;
    private Thread err;

    OutputCap(long cap, Runnable onFlood) {
        this.cap = cap;
        this.onFlood = onFlood;
    }

    void start(Process p) {
        out = drain(p.getInputStream(), true, "kmemlab-grade-stdout");
        err = drain(p.getErrorStream(), true, "kmemlab-grade-stderr");
    }

    private Thread drain(InputStream in, boolean keep, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (keep) {
                        synchronized (errTail) {
                            errTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            if (errTail.length() > TAIL) {
                                errTail.delete(0, errTail.length() - TAIL);
                            }
                        }
                    }
                    if (total.addAndGet(n) > cap && !flooded) {
                        flooded = true;
                        onFlood.run();
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits (briefly) for both streams to end after the child is gone. */
    void finish() throws InterruptedException {
        out.join(2000);
        err.join(2000);
    }

    boolean flooded() {
        return flooded;
    }

    /** The last few KiB the child printed (stdout and stderr interleaved). */
    String tail() {
        synchronized (errTail) {
            return errTail.toString();
        }
    }
}
