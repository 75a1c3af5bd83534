package org.kmemlab.grader.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;

/**
 * Gradescope's {@code results.json}: top-level {@code score}, {@code output}, {@code visibility},
 * {@code stdout_visibility} and {@code tests} (name, score, max_score, status, output, visibility). Hidden
 * items keep their details: Gradescope itself hides them from students.
 */
final class GradescopeFormat {
    private GradescopeFormat() {
    }

    static String render(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", Points.value(r.score()));
        StringBuilder out = new StringBuilder(r.assignment() + ": " + Points.format(r.score()) + " / "
            + Points.format(r.maxScore()));
        if (r.message() != null) {
            out.append("\n").append(r.message());
        }
        m.put("output", out.toString());
        m.put("visibility", "visible");
        m.put("stdout_visibility", "hidden");
        List<Object> tests = new ArrayList<>();
        for (GradedItem i : r.items()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", i.name());
            t.put("score", Points.value(i.points()));
            t.put("max_score", Points.value(i.maxPoints()));
            t.put("status", i.passed() ? "passed" : "failed");
            t.put("output", output(i));
            t.put("visibility", i.visibility().id());
            tests.add(t);
        }
        m.put("tests", tests);
        return JsonFormat.write(m);
    }

    private static String output(GradedItem i) {
        StringBuilder sb = new StringBuilder();
        if ((!i.passed() || i.kind() == GradedItem.Kind.MUTANT) && i.message() != null) {
            sb.append(i.message());
            if (i.location() != null) {
                sb.append(" (").append(i.location()).append(')');
            }
        }
        for (GradedItem.TestLine t : i.tests()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(t.status().equals("passed") ? "✓ " : t.status().equals("skipped") ? "- " : "✗ ").append(t.name());
        }
        return sb.toString();
    }
}
