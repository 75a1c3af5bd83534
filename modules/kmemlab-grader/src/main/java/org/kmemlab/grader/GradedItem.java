package org.kmemlab.grader;

import java.util.List;

/**
 * One graded item: a test file (all or nothing) or a conformance check; in a scenario assignment, the
 * submission's scenarios passing on the reference ({@code REFERENCE}) or one mutant ({@code MUTANT}, passed when
 * killed; {@code message} then says which test killed it). Points in hundredths. {@code tests} are
 * the file's {@code test()}s; {@code message} and {@code location} the first failure (or why it did not run).
 */
public record GradedItem(String name, Kind kind, String file, long points, long maxPoints, boolean passed,
                         Visibility visibility, String message, String location, List<TestLine> tests) {
    public enum Kind { TEST, CONFORMANCE, REFERENCE, MUTANT }

    /** One {@code test()} of a test file. */
    public record TestLine(String name, String status, String message, String location) {
    }

    /** {@code lost 10 points: coalescing — test 'x': expected ...}. */
    public String lostLine(boolean showHidden) {
        String head = "lost " + Points.format(maxPoints - points) + (maxPoints - points == 100 ? " point: " : " points: ") + name;
        if (visibility.concealed() && !showHidden) {
            return head + " (hidden test)";
        }
        return head + (message == null ? "" : " — " + message) + (location == null ? "" : " (" + location + ")");
    }
}
