package org.kmemlab.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.grader.format.Format;

/**
 * Submissions that take their JVM down (System.exit, running out of heap, an output flood, a loop no budget can
 * stop) graded in one batch next to healthy ones: each loses only the item it was running and the items after
 * it, and the others are graded as if nothing happened. A small assignment of its own keeps this quick.
 */
class IsolationTest {
    @TempDir
    static Path work;

    static Map<String, Report> reports;

    @BeforeAll
    static void gradeAll() throws Exception {
        Path lab = Files.createDirectories(work.resolve("lab"));
        Files.writeString(lab.resolve("warmup.js"), "machine({ modules: { buddy: \"linux\" } });\n"
            + "test(\"the reference boots\", () => { expect(alloc_pages(GFP_KERNEL, 0)).not.toBeNull(); });\n");
        Files.copy(SamplesTest.LAB.resolve("tests/hidden/coalesce.js"), lab.resolve("coalesce.js"));
        Files.copy(SamplesTest.LAB.resolve("tests/public/split.js"), lab.resolve("split.js"));
        Files.writeString(lab.resolve("assignment.json"), """
            { "title": "Isolation", "kind": "module", "slots": ["buddy"], "machine": { "ram": "64M" },
              "limits": { "wallSeconds": 10, "testSeconds": 5, "heapMb": 256, "outputKb": 64 },
              "tests": [
                { "name": "warm-up", "file": "warmup.js", "points": 1 },
                { "name": "coalescing", "file": "coalesce.js", "points": 2 },
                { "name": "split", "file": "split.js", "points": 2, "visibility": "hidden" } ] }
            """);
        Path subs = Files.createDirectories(work.resolve("subs"));
        TestJars.jar(work, subs.resolve("exit.jar"), "System.exit(3); return -1;");
        TestJars.jar(work, subs.resolve("oom.jar"),
            "java.util.List<long[]> l = new java.util.ArrayList<>(); for (;;) { l.add(new long[1 << 20]); }");
        TestJars.jar(work, subs.resolve("flood.jar"), "for (;;) { System.out.println(\"flood flood flood flood flood\"); }");
        TestJars.jar(work, subs.resolve("hang.jar"), "for (;;) { Thread.onSpinWait(); }");
        Path samples = SamplesTest.LAB.resolve("samples");
        Files.copy(samples.resolve("correct.js"), subs.resolve("zz-correct.js"));
        Files.copy(samples.resolve("no-coalescing.js"), subs.resolve("nocoal-a.js"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(samples.resolve("no-coalescing.js"), subs.resolve("nocoal-b.js"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(subs.resolve("notes.txt"), "not a submission\n");
        List<Report> all = Batch.run(new Grader(ManifestParser.read(lab)), subs, 2, List.of(Format.JSON),
            work.resolve("out"), false, s -> { });
        reports = all.stream().collect(Collectors.toMap(Report::student, Function.identity()));
    }

    private static void dies(String student, String death) {
        Report r = reports.get(student);
        assertEquals("graded", r.status(), r.toString());
        assertEquals(100, r.score(), r.toString()); // the warm-up ran before the submission was touched
        String during = "the submission " + death + " during 'coalescing'";
        assertEquals(during, r.message());
        assertEquals(during, r.items().get(1).message());
        assertEquals("not run: " + during, r.items().get(2).message());
        assertEquals(List.of(100L, 0L, 0L), r.items().stream().map(GradedItem::points).toList());
    }

    @Test
    void systemExit() {
        dies("exit", "called System.exit(3)");
    }

    @Test
    void outOfMemory() {
        dies("oom", "ran out of memory (256 MB heap)");
    }

    @Test
    void outputFlood() {
        dies("flood", "printed more than 64 KB");
    }

    @Test
    void wallClock() {
        dies("hang", "ran past the 10 s wall-clock limit");
    }

    @Test
    void theOthersStillGrade() {
        assertEquals(500, reports.get("zz-correct").score(), reports.get("zz-correct").toString());
        assertEquals(300, reports.get("nocoal-a").score());
        assertEquals("not_graded", reports.get("notes.txt").status());
        assertEquals(8, reports.size());
    }

    @Test
    void gradingTwiceGivesTheSameResult() {
        assertEquals(reports.get("nocoal-a").items(), reports.get("nocoal-b").items());
        assertEquals(Format.JSON.render(reports.get("nocoal-a"), true).replace("nocoal-a", "nocoal-b"),
            Format.JSON.render(reports.get("nocoal-b"), true));
    }
}
