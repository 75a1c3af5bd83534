package org.kmemlab.grader;

/** The names graded items go by in every report. */
public final class ItemNames {
    private ItemNames() {
    }

    /** {@code conformance: buddy/coalescing}. */
    public static String conformance(String slot, String check) {
        return "conformance: " + slot + "/" + check;
    }
}
