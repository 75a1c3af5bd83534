package org.kmemlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
    @TempDir
    Path dir;

    @Test
    void theExample() {
        Manifest m = ManifestParser.read(SamplesTest.LAB);
        assertEquals("Buddy allocator lab", m.title());
        assertEquals(List.of("buddy"), m.slots());
        assertEquals(Manifest.Compare.CONTRACT, m.compare());
        assertEquals(120, m.limits().wallSeconds());
        assertEquals(Visibility.HIDDEN, m.tests().get(3).visibility());
        Grader g = new Grader(m);
        assertEquals(21, g.plan().size());
        assertEquals(4000, g.maxScore());
        assertEquals(1000, g.plan().stream().filter(i -> i.kind() == GradedItem.Kind.CONFORMANCE)
            .mapToLong(GradedItem::maxPoints).sum());
    }

    private String error(String json) throws Exception {
        Files.writeString(dir.resolve("t.js"), "test(\"x\", () => {});\n");
        Files.writeString(dir.resolve("assignment.json"), json);
        String msg = assertThrows(IllegalArgumentException.class, () -> ManifestParser.read(dir)).getMessage();
        assertEquals(1, msg.lines().count(), msg);
        return msg.substring(msg.indexOf("assignment.json: ") + "assignment.json: ".length());
    }

    private static final String OK_TESTS = "\"tests\": [{ \"name\": \"t\", \"file\": \"t.js\", \"points\": 1 }]";

    @Test
    void badManifests() throws Exception {
        assertEquals("unknown field 'limits.wall'; allowed: heapMb, outputKb, statements, testSeconds, wallSeconds",
            error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"limits\": { \"wall\": 3 }, " + OK_TESTS + " }"));
        assertEquals("limits.wallSeconds must be a whole number from 1 to 86400, got -1",
            error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"limits\": { \"wallSeconds\": -1 }, "
                + OK_TESTS + " }"));
        assertEquals("kind must be \"module\" or \"scenarios\", got \"mod\"",
            error("{ \"title\": \"x\", \"kind\": \"mod\", \"slots\": [\"buddy\"], " + OK_TESTS + " }"));
        assertEquals("tests[0].file \"nope.js\" is not a file in the assignment directory",
            error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"tests\": [{ \"name\": \"t\","
                + " \"file\": \"nope.js\", \"points\": 1 }] }"));
        assertEquals("tests[0].visibility must be visible, hidden or after_due_date, got \"secret\"",
            error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"tests\": [{ \"name\": \"t\","
                + " \"file\": \"t.js\", \"points\": 1, \"visibility\": \"secret\" }] }"));
        assertEquals("title is required", error("{ \"kind\": \"module\", \"slots\": [\"buddy\"], " + OK_TESTS + " }"));
        String m = error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"machine\": { \"ram\": \"lots\" }, "
            + OK_TESTS + " }");
        assertEquals(true, m.startsWith("machine: "), m);
    }

    @Test
    void scenarioAssignmentsHaveMutantsNotTests() throws Exception {
        Files.writeString(dir.resolve("t.js"), "test(\"x\", () => {});\n");
        Files.writeString(dir.resolve("assignment.json"), "{ \"title\": \"x\", \"kind\": \"scenarios\", \"slots\": [\"buddy\"], "
            + "\"reference\": { \"buddy\": \"linux\" }, " + OK_TESTS + " }");
        String m = assertThrows(IllegalArgumentException.class, () -> ManifestParser.read(dir)).getMessage();
        assertTrue(m.endsWith("assignment.json: tests is for kind \"module\"; a scenario assignment grades the submitted"
            + " scenarios with mutants (and passPoints)"), m);
    }

    @Test
    void pointsSplitExactly() {
        assertEquals(List.of(67L, 67L, 66L), Points.split(200, 3));
        assertEquals("6.67", Points.format(667));
        assertEquals("10", Points.format(1000));
    }
}
