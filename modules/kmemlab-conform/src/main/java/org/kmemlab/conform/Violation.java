package org.kmemlab.conform;

/**
 * A broken promise of the contract: the message says what was expected and what happened, in terms a
 * student can act on ("alloc_pages(GFP_KERNEL, 3) returned pfn 0x1235, not aligned to 8 pages").
 */
public final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Violation(String message) {
        super(message, null, false, false);
    }

    /** Throws a violation with a formatted message. */
    public static Violation fail(String format, Object... args) {
        throw new Violation(args.length == 0 ? format : String.format(format, args));
    }

    /** Throws unless {@code ok}. */
    public static void require(boolean ok, String format, Object... args) {
        if (!ok) {
            fail(format, args);
        }
    }
}
