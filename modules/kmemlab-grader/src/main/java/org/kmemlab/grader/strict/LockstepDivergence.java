package org.kmemlab.grader.strict;

/**
 * The first place where the student's machine and the reference machine disagree, thrown into the scenario at
 * the diverging call (the runner reports it as a test failure at that scenario line) and recorded host-side, so a
 * scenario that catches it does not hide it.
 */
public final class LockstepDivergence extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String location;

    public LockstepDivergence(String call, String location, String message) {
        super(message, null, false, false);
        this.call = call;
        this.location = location;
    }

    /** The diverging call as C, e.g. {@code alloc_pages(GFP_KERNEL, 0)}. */
    public String call() {
        return call;
    }

    /** The scenario's {@code file:line} of the call, or null when it was not made from a scenario. */
    public String location() {
        return location;
    }
}
