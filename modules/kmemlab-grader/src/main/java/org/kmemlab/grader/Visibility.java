package org.kmemlab.grader;

/** Who sees a graded item's details (Gradescope's meanings). */
public enum Visibility {
    VISIBLE("visible"), HIDDEN("hidden"), AFTER_DUE_DATE("after_due_date");

    private final String id;

    Visibility(String id) {
        this.id = id;
    }

    /** The manifest's and Gradescope's spelling. */
    public String id() {
        return id;
    }

    /** Hidden in our own reports unless --show-hidden (only the name and the score show). */
    public boolean concealed() {
        return this != VISIBLE;
    }

    public static Visibility parse(String field, String s) {
        for (Visibility v : values()) {
            if (v.id.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException(field + " must be visible, hidden or after_due_date, got \"" + s + "\"");
    }
}
