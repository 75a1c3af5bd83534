package org.kmemlab.grader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.kmemlab.api.Slot;
import org.kmemlab.conform.Conformance;

/**
 * Grades submissions against one assignment. Each submission runs in its own child JVM ({@link ChildRun}); this
 * class turns what the child reported into a complete {@link Report}. It never throws for a bad submission.
 */
public final class Grader {
    private final Manifest manifest;
    private final List<GradedItem> plan;

    public Grader(Manifest manifest) {
        this.manifest = manifest;
        this.plan = plan(manifest);
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Every graded item in order, not yet run (0 points). */
    public List<GradedItem> plan() {
        return plan;
    }

    public long maxScore() {
        return plan.stream().mapToLong(GradedItem::maxPoints).sum();
    }

    private static List<GradedItem> plan(Manifest m) {
        List<GradedItem> items = new ArrayList<>();
        if (m.kind() == Manifest.Kind.SCENARIOS) {
            items.add(new GradedItem(ManifestParser.REFERENCE_ITEM, GradedItem.Kind.REFERENCE, null, 0, m.passPoints(),
                false, Visibility.VISIBLE, null, null, List.of()));
            for (Manifest.MutantSpec mu : m.mutants()) {
                items.add(new GradedItem(mu.name(), GradedItem.Kind.MUTANT, null, 0, mu.points(), false, mu.visibility(),
                    null, null, List.of()));
            }
            return List.copyOf(items);
        }
        for (Manifest.TestSpec t : m.tests()) {
            items.add(new GradedItem(t.name(), GradedItem.Kind.TEST, t.relative(), 0, t.points(), false, t.visibility(),
                null, null, List.of()));
        }
        if (m.conformance().points() > 0) {
            List<String[]> checks = new ArrayList<>();
            for (String slot : m.slots()) {
                for (String c : Conformance.checkNames(Slot.parse(slot))) {
                    checks.add(new String[] {slot, c});
                }
            }
            List<Long> shares = Points.split(m.conformance().points(), checks.size());
            for (int i = 0; i < checks.size(); i++) {
                items.add(new GradedItem(ItemNames.conformance(checks.get(i)[0], checks.get(i)[1]), GradedItem.Kind.CONFORMANCE,
                    null, 0, shares.get(i), false, m.conformance().visibility(), null, null, List.of()));
            }
        }
        return List.copyOf(items);
    }

    /** Grades one submission; every problem with it ends up in the report. */
    public Report grade(Submission s) {
        try {
            Path module = s.path();
            if ((s.type() == Submission.Type.SCENARIOS) != (manifest.kind() == Manifest.Kind.SCENARIOS)) {
                return unscored(s, "not_graded", manifest.kind() == Manifest.Kind.SCENARIOS
                    ? "a scenario assignment grades a directory of scenario files (*.js) or one .js scenario file"
                    : "a directory of scenarios is not a submission to a module assignment");
            }
            if (s.type() == Submission.Type.SCENARIOS && ScenarioItems.files(s.path()).isEmpty()) {
                return unscored(s, "not_graded", "the submission has no scenario files (*.js): nothing to grade");
            }
            String kind = switch (s.type()) {
                case JS -> "js";
                case SCENARIOS -> "scenarios";
                default -> "jar";
            };
            if (s.type() == Submission.Type.PROJECT) {
                ProjectBuild.Outcome b = ProjectBuild.build(s.path(), manifest.limits().wallSeconds());
                if (b.jar() == null) {
                    return unscored(s, "build_failed", b.failure());
                }
                module = b.jar();
            }
            return score(s, ChildRun.run(manifest, kind, module));
        } catch (IOException e) {
            return unscored(s, "not_graded", "the grader could not run the submission: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unscored(s, "not_graded", "grading was interrupted");
        }
    }

    private Report unscored(Submission s, String status, String message) {
        List<GradedItem> items = new ArrayList<>();
        for (GradedItem p : plan) {
            items.add(withOutcome(p, false, "not run: " + firstLine(message), null, List.of()));
        }
        return new Report(manifest.title(), s.student(), s.path().getFileName().toString(), 0, maxScore(), status, message,
            items);
    }

    private Report score(Submission s, ChildRun.Outcome o) {
        Map<String, JsonNode> results = new HashMap<>();
        String running = null;
        String fatal = null;
        for (JsonNode e : o.events()) {
            switch (e.path("event").asText()) {
                case "start" -> running = e.path("item").asText();
                case "result" -> {
                    results.put(e.path("item").asText(), e);
                    running = null;
                }
                case "fatal" -> fatal = e.path("message").asText();
                default -> { }
            }
        }
        String death = null;
        if (o.death() != null) {
            death = "the submission " + o.death() + (running != null ? " during '" + running + "'"
                : results.isEmpty() ? " before its first test" : "");
        }
        List<GradedItem> items = new ArrayList<>();
        long score = 0;
        for (GradedItem p : plan) {
            JsonNode r = results.get(p.name());
            GradedItem g;
            if (r != null) {
                g = withOutcome(p, r.path("passed").asBoolean(), text(r.get("message")), text(r.get("location")), lines(r));
            } else if (p.name().equals(running) && death != null) {
                g = withOutcome(p, false, death, null, List.of());
            } else {
                String why = fatal != null ? fatal : death != null ? death : "the grader ended before this item";
                g = withOutcome(p, false, "not run: " + why, null, List.of());
            }
            score += g.points();
            items.add(g);
        }
        String status = fatal != null && results.isEmpty() ? "not_graded" : "graded";
        String message = fatal != null ? fatal : death;
        return new Report(manifest.title(), s.student(), s.path().getFileName().toString(), score, maxScore(), status,
            message, items);
    }

    private static GradedItem withOutcome(GradedItem p, boolean passed, String message, String location,
                                          List<GradedItem.TestLine> tests) {
        return new GradedItem(p.name(), p.kind(), p.file(), passed ? p.maxPoints() : 0, p.maxPoints(), passed,
            p.visibility(), message, location, tests);
    }

    private static List<GradedItem.TestLine> lines(JsonNode r) {
        List<GradedItem.TestLine> out = new ArrayList<>();
        for (JsonNode t : r.path("tests")) {
            out.add(new GradedItem.TestLine(t.path("name").asText(), t.path("status").asText(), text(t.get("message")),
                text(t.get("location"))));
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
