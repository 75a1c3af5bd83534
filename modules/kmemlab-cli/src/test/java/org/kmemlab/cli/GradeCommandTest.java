package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmemlab grade}'s bad input (exit 2, one line) and one real grading through the command line. */
class GradeCommandTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "buddy-lab");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badInput() throws Exception {
        Run r = run("grade", dir.toString(), "x.js");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("kmemlab: ") && r.err().contains("no assignment.json"), r.err());
        Files.writeString(dir.resolve("t.js"), "test(\"x\", () => {});\n");
        Files.writeString(dir.resolve("assignment.json"), "{ \"title\": \"x\", \"kind\": \"scenarios\", \"slots\": [\"buddy\"],"
            + " \"tests\": [{ \"name\": \"t\", \"file\": \"t.js\", \"points\": 1 }] }");
        r = run("grade", dir.toString(), LAB.resolve("samples/correct.js").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("kmemlab: ") && r.err().endsWith("assignment.json: tests is for kind \"module\"; a"
            + " scenario assignment grades the submitted scenarios with mutants (and passPoints)\n"), r.err());
        r = run("grade", LAB.toString(), dir.resolve("missing.js").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.js: no such submission"), r.err());
        r = run("grade", LAB.toString(), LAB.resolve("samples/correct.js").toString(), "--format", "pdf");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown format 'pdf'"), r.err());
    }

    @Test
    void scenarioAssignmentTakesADirectory() {
        Path lab = LAB.resolveSibling("scenario-lab");
        Run r = run("grade", lab.toString(), lab.resolve("samples/empty").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Score: 0 / 30\nNot graded: the submission has no scenario files (*.js): nothing to"
            + " grade"), r.out());
        r = run("grade", LAB.toString(), lab.resolve("samples/empty").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a directory without pom.xml is not a submission"), r.err());
    }

    @Test
    void gradesOneSubmissionToFiles() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("grade", LAB.toString(), LAB.resolve("samples/upper-half.js").toString(), "--format", "text",
            "--format", "gradescope", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("report.txt")).contains("Score: 35 / 40"));
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"score\" : 35.0"));
    }
}
