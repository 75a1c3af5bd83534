package org.kmemlab.conform;

/** The outcome of one check: {@code PASS  buddy/zeroing}, {@code FAIL  buddy/zeroing: reason}. */
public record CheckResult(String slot, String check, Status status, String message, long millis) {
    /** PASS; FAIL (violated, threw, or timed out); WARN (an advisory check was violated). */
    public enum Status { PASS, FAIL, WARN }

    /** {@code SLOT/NAME}. */
    public String id() {
        return slot + "/" + check;
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** The line the command prints. */
    public String line() {
        String head = String.format("%-4s  %s", status, id());
        return message == null || message.isEmpty() ? head : head + ": " + message;
    }
}
