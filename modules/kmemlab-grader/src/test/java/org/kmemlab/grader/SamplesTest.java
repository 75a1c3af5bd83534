package org.kmemlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.grader.format.Format;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** examples/homework/buddy-lab graded on its samples: one batch (a child JVM per sample, two at a time) shared by every test. */
class SamplesTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "buddy-lab");

    @TempDir
    static Path out;

    static Map<String, Report> reports;

    @BeforeAll
    static void gradeAll() throws Exception {
        Grader g = new Grader(ManifestParser.read(LAB));
        List<Report> all = Batch.run(g, LAB.resolve("samples"), 2, List.of(Format.values()), out, false, s -> { });
        reports = all.stream().collect(Collectors.toMap(Report::student, Function.identity()));
    }

    private static String text(String student, boolean showHidden) {
        return Format.TEXT.render(reports.get(student), showHidden);
    }

    @Test
    void scores() {
        assertEquals(Map.of("correct", "40", "no-coalescing", "24.33", "upper-half", "35", "leaks-on-free", "19.34",
                "loops-forever", "28.99", "throws-in-free", "1.33"),
            reports.values().stream().collect(Collectors.toMap(Report::student, r -> Points.format(r.score()))));
        assertTrue(reports.values().stream().allMatch(r -> r.maxScore() == 4000 && r.status().equals("graded")));
    }

    @Test
    void theKeyMessages() {
        assertTrue(text("no-coalescing", true).contains("lost 10 points: coalescing — test 'two order-0 buddies merge back"
            + " into the block they came from': expect(received).toEqual(expected)"), text("no-coalescing", true));
        assertTrue(text("upper-half", true).contains("lost 5 points: splits the smallest block — test 'the lowest part of"
            + " the split block is handed out'"));
        assertTrue(text("upper-half", true).contains("(tests/public/split.js:"));
        assertTrue(text("throws-in-free", true).contains("buddy module throws-in-free.js:"));
        assertTrue(text("throws-in-free", true).contains("free_pages is not written yet"));
        String loops = text("loops-forever", true);
        assertTrue(loops.contains("alloc_pages did not finish within its budget of 50000000 statements"), loops);
        // the endless loop costs only the tests that ask for order 5; the rest of the submission is graded
        assertTrue(loops.contains("PASS  5/5       zones and GFP_DMA"), loops);
        assertTrue(loops.contains("PASS  10/10     coalescing"), loops);
    }

    @Test
    void hiddenItemsShowOnlyNameAndScore() {
        String t = text("no-coalescing", false);
        assertTrue(t.contains("FAIL  0/10      coalescing [hidden]"), t);
        assertTrue(t.contains("lost 10 points: coalescing (hidden test)"), t);
        assertFalse(t.contains("two order-0 buddies"), t);
    }

    @Test
    void gradebook() throws Exception {
        List<String> rows = Files.readAllLines(out.resolve("gradebook.csv"));
        assertEquals(7, rows.size());
        assertTrue(rows.get(0).startsWith("student,score,max_score,status,splits the smallest block,zones and GFP_DMA,"
            + "__GFP_ZERO,coalescing,exhaustion and giving pages back,/proc/buddyinfo after a sequence,"
            + "conformance: buddy/boot-free-count,"), rows.get(0));
        assertEquals(4 + 6 + 15, rows.get(0).split(",").length);
        assertTrue(rows.get(1).startsWith("correct,40,40,graded,5,5,2,10,5,3,0.67,"), rows.get(1));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("no-coalescing,24.33,40,graded,5,5,2,0,0,3,")));
    }

    @Test
    void gradescopeResults() throws Exception {
        JsonNode gs = new ObjectMapper().readTree(out.resolve("no-coalescing").resolve("results.json").toFile());
        assertEquals(24.33, gs.get("score").asDouble(), 1e-9); // 15 from the tests + 9.33 of the 10 conformance points (the kit's coalescing check fails too)
        assertEquals("visible", gs.get("visibility").asText());
        assertEquals("hidden", gs.get("stdout_visibility").asText());
        assertEquals(21, gs.get("tests").size());
        JsonNode coal = gs.get("tests").get(3);
        assertEquals("coalescing", coal.get("name").asText());
        assertEquals(0.0, coal.get("score").asDouble());
        assertEquals(10.0, coal.get("max_score").asDouble());
        assertEquals("failed", coal.get("status").asText());
        assertEquals("hidden", coal.get("visibility").asText());
        assertTrue(coal.get("output").asText().contains("expect(received).toEqual(expected)"));
        JsonNode conf = gs.get("tests").get(20);
        assertEquals("conformance: buddy/slab-and-vmalloc-on-top", conf.get("name").asText());
        assertEquals("passed", conf.get("status").asText());
        double sum = 0;
        for (JsonNode t : gs.get("tests")) {
            sum += t.get("score").asDouble();
        }
        assertEquals(24.33, sum, 1e-9);
    }

    @Test
    void junitXml() throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(out.resolve("upper-half").resolve("report.junit.xml").toFile());
        Element suite = d.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("21", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(21, cases.getLength());
        Element split = (Element) cases.item(0);
        assertEquals("splits the smallest block (0/5)", split.getAttribute("name"));
        Element failure = (Element) split.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("the lowest part of the split block"));
        assertTrue(failure.getTextContent().startsWith("at tests/public/split.js:"));
    }

    @Test
    void tapAndJson() throws Exception {
        List<String> tap = Files.readAllLines(out.resolve("upper-half").resolve("report.tap"));
        assertEquals("TAP version 13", tap.get(0));
        assertEquals("1..21", tap.get(1));
        assertEquals("not ok 1 - splits the smallest block # 0/5", tap.get(2));
        assertTrue(tap.contains("ok 2 - zones and GFP_DMA # 5/5"));
        assertEquals("# score 35/40", tap.get(tap.size() - 1));
        JsonNode j = new ObjectMapper().readTree(out.resolve("upper-half").resolve("report.json").toFile());
        assertEquals(35.0, j.get("score").asDouble());
        assertEquals("graded", j.get("status").asText());
        JsonNode first = j.get("items").get(0);
        assertEquals("test", first.get("kind").asText());
        assertEquals("tests/public/split.js", first.get("file").asText());
        assertEquals(3, first.get("tests").size());
        assertEquals("failed", first.get("tests").get(1).get("status").asText());
        assertFalse(j.get("items").get(3).has("tests"), "a hidden item has no details without --show-hidden");
        String txt = Files.readString(out.resolve("correct").resolve("report.txt"), StandardCharsets.UTF_8);
        assertTrue(txt.contains("Score: 40 / 40"), txt);
    }
}
