package org.kmemlab.grader.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Grader;
import org.kmemlab.grader.ManifestParser;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;
import org.kmemlab.grader.Submission;

/** examples/homework/buddy-lab with "compare": "strict", graded through the grader (a child JVM per submission). */
class StrictGradingTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "buddy-lab");

    @TempDir
    static Path dir;

    static Path lab;
    static Grader grader;

    @BeforeAll
    static void strictCopy() throws IOException {
        lab = dir.resolve("strict-lab");
        for (String sub : new String[] {"tests", "samples"}) {
            try (Stream<Path> s = Files.walk(LAB.resolve(sub))) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    Path to = lab.resolve(LAB.relativize(f));
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
        }
        String json = Files.readString(LAB.resolve("assignment.json"));
        assertTrue(json.contains("\"compare\": \"contract\""), json);
        Files.writeString(lab.resolve("assignment.json"), json.replace("\"compare\": \"contract\"", "\"compare\": \"strict\""));
        grader = new Grader(ManifestParser.read(lab));
    }

    private static Report grade(String sample) {
        return grader.grade(Submission.of(sample, lab.resolve("samples").resolve(sample + ".js")));
    }

    @Test
    void correctGetsFullMarks() {
        Report r = grade("correct");
        assertEquals("graded", r.status(), r.toString());
        assertEquals(4000, r.maxScore());
        assertEquals(4000, r.score(), () -> r.items().stream().filter(i -> !i.passed())
            .map(i -> i.name() + ": " + i.message()).toList().toString());
    }

    @Test
    void upperHalfFailsWithTheDivergenceAtARelativeLocation() {
        Report r = grade("upper-half");
        assertEquals("graded", r.status(), r.toString());
        assertTrue(r.score() < r.maxScore(), Points.format(r.score()));
        GradedItem split = r.items().get(0);
        assertEquals("splits the smallest block", split.name());
        assertFalse(split.passed());
        assertTrue(split.message().contains("returned pfn 0x18ff on your allocator but pfn 0x18e0 on the reference"),
            split.message());
        assertTrue(split.message().contains("Yours did not keep the lowest part of the block"), split.message());
        // the location is the scenario's path in the assignment, as in contract mode, never the absolute path
        assertTrue(split.location().matches("tests/public/split\\.js:\\d+"), split.location());
        for (GradedItem i : r.items()) {
            for (GradedItem.TestLine t : i.tests()) {
                if (t.location() != null) {
                    assertTrue(t.location().matches("tests/(public|hidden)/[a-z]+\\.js:\\d+"), t.location());
                }
            }
            if (i.location() != null) {
                assertFalse(i.location().contains(dir.toString()), i.location());
            }
        }
    }
}
