package org.kmemlab.grader.replay;

/**
 * One test of a trace, replayed.
 *
 * @param file           the scenario file the test was recorded from
 * @param name           the test's name
 * @param calls          the calls the trace holds for it
 * @param replayed       the calls replayed (up to and including a diverging one)
 * @param divergence     the first difference, or null when every call reproduced
 * @param recordedStatus the test's outcome in the recorded run ({@code passed}, {@code failed}, ...), or null
 */
public record TestReplay(String file, String name, int calls, int replayed, Divergence divergence,
                         String recordedStatus) {
    public boolean reproduced() {
        return divergence == null;
    }
}
