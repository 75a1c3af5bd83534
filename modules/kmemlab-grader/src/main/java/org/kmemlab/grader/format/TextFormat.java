package org.kmemlab.grader.format;

import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;

/** The friendly report: the total, each item with its points, each failure with its message and file:line. */
final class TextFormat {
    private TextFormat() {
    }

    static String render(Report r, boolean showHidden) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.assignment()).append(" — ").append(r.student()).append(" (").append(r.submission()).append(")\n");
        sb.append("Score: ").append(Points.format(r.score())).append(" / ").append(Points.format(r.maxScore())).append('\n');
        if (r.message() != null) {
            sb.append(r.status().equals("graded") ? "Note: " : "Not graded: ").append(r.message().replace("\n", "\n  "))
                .append('\n');
        }
        sb.append('\n');
        for (GradedItem i : r.items()) {
            sb.append(String.format("  %s  %-9s %s%s%n", i.passed() ? "PASS" : "FAIL",
                Points.format(i.points()) + "/" + Points.format(i.maxPoints()), i.name(),
                i.visibility().concealed() ? " [" + i.visibility().id() + "]" : ""));
            if (i.visibility().concealed() && !showHidden) {
                continue;
            }
            for (GradedItem.TestLine t : i.tests()) {
                if (i.tests().size() == 1 && t.status().equals("passed")) {
                    break;
                }
                sb.append("        ").append(mark(t.status())).append(' ').append(t.name());
                if (t.message() != null) {
                    sb.append(" — ").append(t.message().replace("\n", "\n          "));
                }
                if (t.location() != null && t.message() != null) {
                    sb.append(" (").append(t.location()).append(')');
                }
                sb.append('\n');
            }
            if ((!i.passed() || i.kind() == GradedItem.Kind.MUTANT) && i.tests().isEmpty() && i.message() != null) {
                sb.append("        ").append(i.message().replace("\n", "\n        ")).append('\n');
            }
        }
        boolean lost = false;
        for (GradedItem i : r.items()) {
            if (i.points() < i.maxPoints()) {
                if (!lost) {
                    sb.append('\n');
                    lost = true;
                }
                sb.append(i.lostLine(showHidden).replace("\n", "\n  ")).append('\n');
            }
        }
        return sb.toString();
    }

    private static String mark(String status) {
        return switch (status) {
            case "passed" -> "✓";
            case "skipped" -> "-";
            default -> "✗";
        };
    }
}
