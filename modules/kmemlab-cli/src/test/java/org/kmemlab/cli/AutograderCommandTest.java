package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmemlab autograder}: the zip is unpacked into a fake /autograder tree (AUTOGRADER_ROOT), a submission goes
 * into submission/, and run_autograder runs with bash, as Gradescope runs it.
 */
class AutograderCommandTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "buddy-lab");

    @TempDir
    static Path dir;

    static Path zip;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @BeforeAll
    static void pack() {
        zip = dir.resolve("autograder.zip");
        String[] r = run("autograder", LAB.toString(), "--out", zip.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("wrote " + zip + ": setup.sh, run_autograder, "), r[1]);
    }

    static boolean bash() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "bash"))) {
                return true;
            }
        }
        return false;
    }

    /** A fresh fake /autograder: source/ (the zip), run_autograder copied up as Gradescope does, submission/. */
    static Path tree(String name) throws IOException {
        Path root = dir.resolve(name);
        Path source = root.resolve("source");
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path to = source.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(source), e.getName());
                Files.createDirectories(to.getParent());
                Files.copy(z, to);
            }
        }
        Files.copy(source.resolve("run_autograder"), root.resolve("run_autograder"));
        Files.createDirectories(root.resolve("submission"));
        return root;
    }

    static JsonNode runAutograder(Path root) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("run_autograder").toString());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.redirectErrorStream(true).redirectOutput(root.resolve("autograder.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "run_autograder did not finish");
        String log = Files.readString(root.resolve("autograder.log"));
        assertEquals(0, p.exitValue(), log);
        Path results = root.resolve("results").resolve("results.json");
        assertTrue(Files.isRegularFile(results), log);
        return new ObjectMapper().readTree(results.toFile());
    }

    @Test
    void theZipHoldsTheScriptsTheAssignmentAndKmemlab() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("setup.sh", "run_autograder"), names.subList(0, 2));
        for (String n : new String[] {"assignment/assignment.json", "assignment/tests/public/split.js",
            "assignment/tests/hidden/coalesce.js", "kmemlab/VERSION"}) {
            assertTrue(names.contains(n), n + " in " + names);
        }
        assertTrue(names.stream().anyMatch(n -> n.matches("kmemlab/lib/kmemlab-cli-.*\\.jar")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("kmemlab/lib/kmemlab-api-.*\\.jar")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("kmemlab/lib/picocli-.*\\.jar")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("/target/") || n.contains("junit")), names.toString());
    }

    @Test
    void gradesJavaScriptSubmissionsAsKmemlabGradeDoes() throws Exception {
        assumeTrue(bash(), "no bash on the PATH: run_autograder is a bash script");
        ObjectMapper json = new ObjectMapper();
        for (String sample : new String[] {"correct", "upper-half"}) {
            Path root = tree("gs-" + sample);
            Files.copy(LAB.resolve("samples").resolve(sample + ".js"), root.resolve("submission").resolve("buddy.js"));
            Files.writeString(root.resolve("submission").resolve("README.md"), "ignored\n");
            JsonNode gs = runAutograder(root);

            Path expectedFile = dir.resolve("expected-" + sample + ".json");
            String[] g = run("grade", LAB.toString(), LAB.resolve("samples").resolve(sample + ".js").toString(),
                "--format", "gradescope", "--out", expectedFile.toString());
            assertEquals("0", g[0], g[2]);
            JsonNode expected = json.readTree(expectedFile.toFile());

            assertEquals(expected.get("score").asDouble(), gs.get("score").asDouble(), sample);
            assertEquals(sample.equals("correct") ? 40.0 : 35.0, gs.get("score").asDouble(), sample);
            assertEquals("visible", gs.get("visibility").asText());
            assertEquals("hidden", gs.get("stdout_visibility").asText());
            assertEquals(21, gs.get("tests").size());
            double sum = 0;
            for (int i = 0; i < gs.get("tests").size(); i++) {
                JsonNode t = gs.get("tests").get(i);
                assertEquals(Set.of("name", "score", "max_score", "status", "output", "visibility"),
                    Set.copyOf(iterate(t.fieldNames())), t.toString());
                assertTrue(Set.of("visible", "hidden", "after_due_date").contains(t.get("visibility").asText()));
                assertEquals(expected.get("tests").get(i), t);
                sum += t.get("score").asDouble();
            }
            assertEquals(gs.get("score").asDouble(), sum, 1e-9);
            assertEquals("hidden", gs.get("tests").get(3).get("visibility").asText());      // coalescing
            assertEquals("after_due_date", gs.get("tests").get(5).get("visibility").asText()); // buddyinfo
        }
    }

    @Test
    void anEmptyOrAmbiguousSubmissionGetsZeroWithAReason() throws Exception {
        assumeTrue(bash(), "no bash on the PATH: run_autograder is a bash script");
        Path empty = tree("gs-empty");
        JsonNode r = runAutograder(empty);
        assertEquals(0.0, r.get("score").asDouble());
        assertTrue(r.get("output").asText().startsWith("nothing to grade in the submission"), r.toString());

        Path two = tree("gs-two");
        Files.writeString(two.resolve("submission").resolve("a.js"), "");
        Files.writeString(two.resolve("submission").resolve("b \"quoted\".js"), "");
        r = runAutograder(two);
        assertEquals(0.0, r.get("score").asDouble());
        assertTrue(r.get("output").asText().contains("several things to grade (a.js b \"quoted\".js)"), r.toString());
    }

    @Test
    void setupInstallsTheApiAndMakesRunAutograderExecutable() throws Exception {
        assumeTrue(bash(), "no bash on the PATH: setup.sh is a bash script");
        Process check = new ProcessBuilder("bash", "-c", "command -v mvn && java -version 2>&1 | grep -q 'version \"\\(1[7-9]\\|[2-9][0-9]\\)'")
            .redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0, "setup.sh would install a JDK 17 or Maven with apt-get: not in a test");
        Path root = tree("gs-setup");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder("bash", "setup.sh").directory(root.resolve("source").toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KMEMLAB_MAVEN_WARMUP", "0");
        pb.redirectErrorStream(true).redirectOutput(root.resolve("setup.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(root.resolve("setup.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("already installed"), log);
        assertTrue(Files.isExecutable(root.resolve("run_autograder")), log);
        assertTrue(Files.isExecutable(root.resolve("source").resolve("run_autograder")), log);
        String version = Files.readString(root.resolve("source/kmemlab/VERSION")).trim();
        Path api = home.resolve(".m2/repository/org/kmemlab/kmemlab-api").resolve(version);
        assertTrue(Files.isRegularFile(api.resolve("kmemlab-api-" + version + ".jar")), log);
        String pom = Files.readString(api.resolve("kmemlab-api-" + version + ".pom"));
        assertTrue(pom.contains("<artifactId>guice</artifactId><version>7.0.0</version>"), pom);
    }

    private static <T> List<T> iterate(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
