package org.kmemlab.grader.replay;

/**
 * The first step of a test where the replay and the trace (or the two modules of a lockstep replay) disagree.
 *
 * @param step        the call's {@code seq} in the trace
 * @param line        the call's line number in the trace file
 * @param location    the scenario's {@code file:line} the call was made from, or null
 * @param call        the call as C, e.g. {@code alloc_pages(GFP_KERNEL, 2)}
 * @param recorded    what the trace holds (a result, an error), as text
 * @param replayed    what the replay got, as text (null for a lockstep divergence)
 * @param explanation the difference in words: the result, the error, the events, the state diff, or the lockstep
 *                    explanation
 */
public record Divergence(int step, int line, String location, String call, String recorded, String replayed,
                         String explanation) {
}
