package org.kmemlab.grader.format;

import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;

/** TAP version 13: one test point per graded item, a YAML block with the failure, the score as a comment. */
final class TapFormat {
    private TapFormat() {
    }

    static String render(Report r, boolean showHidden) {
        StringBuilder sb = new StringBuilder("TAP version 13\n");
        sb.append("1..").append(r.items().size()).append('\n');
        int n = 0;
        for (GradedItem i : r.items()) {
            n++;
            sb.append(i.passed() ? "ok " : "not ok ").append(n).append(" - ").append(i.name().replace("#", "\\#"))
                .append(" # ").append(Points.format(i.points())).append('/').append(Points.format(i.maxPoints()))
                .append('\n');
            if (!i.passed() && (!i.visibility().concealed() || showHidden)) {
                sb.append("  ---\n");
                sb.append("  message: ").append(quote(i.message() == null ? "failed" : i.message())).append('\n');
                if (i.location() != null) {
                    sb.append("  at: ").append(quote(i.location())).append('\n');
                }
                sb.append("  ...\n");
            }
        }
        sb.append("# score ").append(Points.format(r.score())).append('/').append(Points.format(r.maxScore())).append('\n');
        if (r.message() != null) {
            sb.append("# ").append(r.message().replace("\n", "\n# ")).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return JsonFormat.write(s).trim(); // a JSON string is a valid YAML flow scalar
    }
}
