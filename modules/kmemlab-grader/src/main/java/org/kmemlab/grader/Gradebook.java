package org.kmemlab.grader;

import java.util.List;

/** {@code gradebook.csv}: student, score, max_score, status, then one column per graded item (its points). */
public final class Gradebook {
    private Gradebook() {
    }

    public static String csv(List<GradedItem> plan, List<Report> reports) {
        StringBuilder sb = new StringBuilder("student,score,max_score,status");
        for (GradedItem i : plan) {
            sb.append(',').append(cell(i.name()));
        }
        sb.append('\n');
        for (Report r : reports) {
            sb.append(cell(r.student())).append(',').append(Points.format(r.score())).append(',')
                .append(Points.format(r.maxScore())).append(',').append(r.status());
            for (GradedItem i : r.items()) {
                sb.append(',').append(Points.format(i.points()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula. */
    static String cell(String s) {
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
