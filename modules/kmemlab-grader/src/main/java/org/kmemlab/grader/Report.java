package org.kmemlab.grader;

import java.util.List;

/**
 * The grade of one submission. {@code status}: {@code graded} (whatever the score; {@code message} then says
 * when the submission stopped early), {@code build_failed} or {@code not_graded} (the submission could not
 * be loaded: {@code message} says why). Always complete: every item of the assignment is listed.
 */
public record Report(String assignment, String student, String submission, long score, long maxScore, String status,
                     String message, List<GradedItem> items) {
}
