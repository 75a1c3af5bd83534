package org.kmemlab.grader.autograder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * examples/homework/buddy-lab/starter-java graded as a Maven project submission (the grader builds a copy with
 * {@code mvn -o}). The project depends on org.kmemlab:kmemlab-api, which a build finds only in the local Maven
 * repository: the tests are skipped (with the reason) when {@code mvn install} has not put it there yet, e.g. in
 * {@code mvn verify} on a clean clone, and when there is no mvn on the PATH.
 */
class StarterJavaTest {
    static final Path LAB = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "homework", "buddy-lab");

    @TempDir
    static Path dir;

    static Grader grader;

    @BeforeAll
    static void setUp() {
        grader = new Grader(ManifestParser.read(LAB));
    }

    static void assumeBuildable() {
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path api = repo.resolve("org/kmemlab/kmemlab-api/0.1.0-SNAPSHOT/kmemlab-api-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(api)) {
            installReactorApi(api); // a clean clone's `mvn verify` installs nothing: do what setup.sh does on Gradescope
        }
        assumeTrue(Files.isRegularFile(api), "org.kmemlab:kmemlab-api:0.1.0-SNAPSHOT is not in " + repo
            + " (run `mvn install -DskipTests` once): the starter project cannot build offline");
        boolean mvn = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "mvn")));
        assumeTrue(mvn, "no mvn on the PATH: Maven project submissions cannot be built");
    }

    /**
     * Puts the kmemlab-api jar this build just made into the local repository with a pom of its own (no parent),
     * as the autograder's setup.sh does, so a student's project can resolve it offline.
     */
    private static void installReactorApi(Path api) {
        Path built = Path.of("..", "kmemlab-api", "target", "kmemlab-api-0.1.0-SNAPSHOT.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(built)) {
            return;
        }
        try {
            Files.createDirectories(api.getParent());
            Files.copy(built, api);
            Files.writeString(api.resolveSibling("kmemlab-api-0.1.0-SNAPSHOT.pom"),
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n"
                    + "  <groupId>org.kmemlab</groupId>\n  <artifactId>kmemlab-api</artifactId>\n"
                    + "  <version>0.1.0-SNAPSHOT</version>\n</project>\n");
        } catch (IOException e) {
            // the assumption below says what is missing
        }
    }

    static Path copy(String name) throws IOException {
        Path src = LAB.resolve("starter-java");
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !src.relativize(f).startsWith("target")).toList()) {
                Path t = to.resolve(src.relativize(f));
                Files.createDirectories(t.getParent());
                Files.copy(f, t);
            }
        }
        return to;
    }

    @Test
    void theStarterBuildsBootsAndScoresLow() throws IOException {
        assumeBuildable();
        Report r = grader.grade(Submission.of("starter", copy("starter")));
        assertEquals("graded", r.status(), () -> r.status() + ": " + r.message());
        assertEquals(null, r.message(), "the starter must not crash or time out");
        assertTrue(r.score() < 500, Points.format(r.score()));
        GradedItem split = r.items().get(0);
        assertTrue(split.tests().get(0).message().contains("Received: -1"), split.tests().toString());
        assertTrue(r.items().stream().allMatch(i -> i.message() == null || !i.message().startsWith("not run")),
            r.items().toString());
    }

    @Test
    void aBrokenProjectIsABuildFailureWithTheCompilerMessage() throws IOException {
        assumeBuildable();
        Path broken = copy("broken");
        Path java = broken.resolve("src/main/java/org/kmemlab/student/StudentBuddy.java");
        Files.writeString(java, Files.readString(java).replace("public long nrFree(int zone, int order) {",
            "public long nrFree(int zone, int order) { int x = ;"));
        Report r = grader.grade(Submission.of("broken", broken));
        assertEquals("build_failed", r.status());
        assertEquals(0, r.score());
        assertEquals(grader.maxScore(), r.maxScore());
        assertTrue(r.message().contains("StudentBuddy.java"), r.message());
        assertTrue(r.message().contains("illegal start of expression"), r.message());
        assertTrue(r.items().stream().allMatch(i -> i.points() == 0 && i.message().startsWith("not run: ")));
    }
}
