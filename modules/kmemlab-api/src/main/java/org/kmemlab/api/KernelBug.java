package org.kmemlab.api;

/**
 * A misuse of the kernel API that the real kernel would report (BUG, Oops, bad page state, ...).
 * The message is the kernel's own report text, first line first.
 */
public class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelBug(String report) {
        super(report, null, false, false);
    }

    /** The kernel's report text (same as {@link #getMessage()}). */
    public String report() {
        return getMessage();
    }
}
