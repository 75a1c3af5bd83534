package org.kmemlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.grader.format.Format;

/**
 * examples/homework/scenario-lab graded on its samples (submitted scenarios scored by the mutants they kill): one
 * batch, two child JVMs at a time, shared by every test.
 */
class ScenarioAssignmentTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "scenario-lab");

    @TempDir
    static Path out;

    @TempDir
    Path dir;

    static Map<String, Report> reports;

    @BeforeAll
    static void gradeAll() throws Exception {
        Grader g = new Grader(ManifestParser.read(LAB));
        List<Report> all = Batch.run(g, LAB.resolve("samples"), 2, List.of(Format.TEXT, Format.JSON, Format.GRADESCOPE),
            out, false, s -> { });
        reports = all.stream().collect(Collectors.toMap(Report::student, Function.identity()));
    }

    private static String text(String student) {
        return Format.TEXT.render(reports.get(student), true);
    }

    private static GradedItem item(String student, String name) {
        return reports.get(student).items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void scores() {
        assertEquals(Map.of("thorough", "30", "weak", "15", "fails-on-reference", "0", "empty", "0"),
            reports.values().stream().collect(Collectors.toMap(Report::student, r -> Points.format(r.score()))),
            reports.values().stream().map(ScenarioAssignmentTest::textOf).collect(Collectors.joining("\n")));
        assertTrue(reports.values().stream().allMatch(r -> r.maxScore() == 3000), reports.toString());
        assertEquals(List.of("passes on the reference", "no coalescing", "keeps the upper half", "ignores __GFP_ZERO",
            "off-by-one order", "leaks on free"), reports.get("weak").items().stream().map(GradedItem::name).toList());
    }

    private static String textOf(Report r) {
        return Format.TEXT.render(r, true);
    }

    @Test
    void thoroughKillsEveryMutantAndSaysWhich() {
        Report r = reports.get("thorough");
        assertEquals("graded", r.status());
        assertNull(r.message());
        assertTrue(r.items().stream().allMatch(GradedItem::passed), textOf(r));
        GradedItem ref = item("thorough", "passes on the reference");
        assertEquals("5 tests in 3 files pass on the reference", ref.message());
        assertEquals(5, ref.tests().size());
        assertEquals("free.js: freeing two buddies merges them back", ref.tests().get(0).name());
        GradedItem coal = item("thorough", "no coalescing");
        assertTrue(coal.message().startsWith("killed by test 'freeing two buddies merges them back' (free.js:9): "
            + "expect(received).toEqual(expected)"), coal.message());
        assertEquals("free.js:9", coal.location());
        assertTrue(item("thorough", "keeps the upper half").message().startsWith(
            "killed by test 'the lowest part of the split block is handed out' (split.js:"), textOf(r));
        assertTrue(item("thorough", "ignores __GFP_ZERO").message().startsWith(
            "killed by test '__GFP_ZERO zeroes every page of the block' (zero.js:"), textOf(r));
        String t = text("thorough");
        assertTrue(t.contains("PASS  5/5       no coalescing\n        killed by test 'freeing two buddies merges them back'"
            + " (free.js:9)"), t);
    }

    @Test
    void weakKillsExactlyTwo() {
        Report r = reports.get("weak");
        assertEquals(List.of(true, false, false, true, true, false), r.items().stream().map(GradedItem::passed).toList(),
            textOf(r));
        assertEquals("no test noticed the mutant 'no coalescing' (what differs: a freed block is never merged with its"
            + " free buddy)", item("weak", "no coalescing").message());
        assertNull(item("weak", "no coalescing").location());
        assertTrue(item("weak", "off-by-one order").message().startsWith(
            "killed by test 'two order-0 allocations are buddies' (basics.js:11): "), textOf(r));
        String t = text("weak");
        assertTrue(t.contains("lost 5 points: leaks on free — no test noticed the mutant 'leaks on free' (what differs:"
            + " freed pages never return to the free lists)"), t);
        // the after-due-date mutant shows only its name and score without --show-hidden
        String hidden = Format.TEXT.render(r, false);
        assertTrue(hidden.contains("PASS  5/5       off-by-one order [after_due_date]"), hidden);
        assertFalse(hidden.contains("basics.js:11"), hidden);
    }

    @Test
    void failingOnTheReferenceEarnsNothing() {
        Report r = reports.get("fails-on-reference");
        assertEquals("graded", r.status());
        GradedItem ref = item("fails-on-reference", "passes on the reference");
        assertFalse(ref.passed());
        assertTrue(ref.message().startsWith("test 'a freed page waits on the order-0 list' fails on the reference (a"
            + " correct allocator), so no mutant counts: expect(received).toBe(expected)"), ref.message());
        assertEquals("free.js:9", ref.location());
        for (GradedItem i : r.items().subList(1, 6)) {
            assertEquals("not graded: test 'a freed page waits on the order-0 list' in free.js fails on the reference",
                i.message());
            assertEquals(0, i.points());
        }
    }

    @Test
    void anEmptyDirectoryIsNotGraded() {
        Report r = reports.get("empty");
        assertEquals("not_graded", r.status());
        assertEquals("the submission has no scenario files (*.js): nothing to grade", r.message());
        assertTrue(text("empty").contains("Not graded: the submission has no scenario files (*.js): nothing to grade"));
    }

    @Test
    void reportFiles() throws Exception {
        JsonNode j = new ObjectMapper().readTree(out.resolve("weak").resolve("report.json").toFile());
        assertEquals(15.0, j.get("score").asDouble());
        assertEquals("reference", j.get("items").get(0).get("kind").asText());
        assertEquals("mutant", j.get("items").get(1).get("kind").asText());
        JsonNode gs = new ObjectMapper().readTree(out.resolve("thorough").resolve("results.json").toFile());
        assertEquals(30.0, gs.get("score").asDouble());
        assertTrue(gs.get("tests").get(1).get("output").asText().startsWith("killed by test"), gs.toString());
        List<String> rows = Files.readAllLines(out.resolve("gradebook.csv"));
        assertEquals("student,score,max_score,status,passes on the reference,no coalescing,keeps the upper half,"
            + "ignores __GFP_ZERO,off-by-one order,leaks on free", rows.get(0));
        assertTrue(rows.contains("weak,15,30,graded,5,0,0,5,5,0"), rows.toString());
    }

    @Test
    void manifestErrors() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/bug.js"), "module.exports = {};\n");
        String head = "{ \"title\": \"x\", \"kind\": \"scenarios\", \"slots\": [\"buddy\"], \"reference\": { \"buddy\": \"linux\" }, ";
        assertEquals("mutants must be a non-empty list of { name, modules, points, hint, visibility } (a scenario"
            + " assignment is graded by the mutants its scenarios kill)", error(head + "\"mutants\": [] }"));
        assertEquals("mutants[0].modules.buddy \"m/none.js\" is not a .js file in the assignment directory",
            error(head + "\"mutants\": [{ \"name\": \"a\", \"modules\": { \"buddy\": \"m/none.js\" }, \"points\": 1 }] }"));
        assertEquals("mutants[0].modules.buddy must be a .js module file in the assignment directory, got \"linux\"",
            error(head + "\"mutants\": [{ \"name\": \"a\", \"modules\": { \"buddy\": \"linux\" }, \"points\": 1 }] }"));
        assertEquals("mutants[1].name \"a\" is used by another mutant", error(head + "\"mutants\": ["
            + "{ \"name\": \"a\", \"modules\": { \"buddy\": \"m/bug.js\" }, \"points\": 1 },"
            + "{ \"name\": \"a\", \"modules\": { \"buddy\": \"m/bug.js\" }, \"points\": 1 }] }"));
        assertEquals("unknown field 'mutants[0].modules.slab'; allowed: buddy", error(head + "\"mutants\": [{ \"name\": \"a\","
            + " \"modules\": { \"slab\": \"m/bug.js\" }, \"points\": 1 }] }"));
        assertEquals("tests is for kind \"module\"; a scenario assignment grades the submitted scenarios with mutants"
            + " (and passPoints)", error(head + "\"tests\": [], \"mutants\": [] }"));
        assertEquals("reference: a scenario assignment needs a reference module for every slot; \"buddy\" has none",
            error("{ \"title\": \"x\", \"kind\": \"scenarios\", \"slots\": [\"buddy\"], \"mutants\": [] }"));
        assertEquals("mutants is for kind \"scenarios\" (students write scenarios graded by mutants)",
            error("{ \"title\": \"x\", \"kind\": \"module\", \"slots\": [\"buddy\"], \"mutants\": [] }"));
        assertEquals("passPoints must be 0 or more, got -1", error(head + "\"passPoints\": -1, \"mutants\": [] }"));
    }

    private String error(String json) throws Exception {
        Files.writeString(dir.resolve("assignment.json"), json);
        String m = assertThrows(IllegalArgumentException.class, () -> ManifestParser.read(dir)).getMessage();
        String prefix = dir.resolve("assignment.json") + ": ";
        assertTrue(m.startsWith(prefix), m);
        return m.substring(prefix.length());
    }
}
