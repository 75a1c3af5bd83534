package org.kmemlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a Maven project submission: {@code mvn -q -o -B -DskipTests package}, then without {@code -o} if that
 * fails, each attempt under the time limit; the plugin is the one jar in {@code target/}.
 */
final class ProjectBuild {
    /** The jar, or the reason there is none (with the build's last lines). */
    record Outcome(Path jar, String failure) {
    }

    private ProjectBuild() {
    }

    static Outcome build(Path project, int seconds) {
        String failure = attempt(project, seconds, true);
        if (failure != null && !failure.startsWith("the build ran past")) {
            failure = attempt(project, seconds, false);
        }
        if (failure != null) {
            return new Outcome(null, failure);
        }
        try (Stream<Path> s = Files.list(project.resolve("target"))) {
            List<Path> jars = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar")
                    && !n.endsWith("-tests.jar") && !n.startsWith("original-");
            }).sorted().toList();
            if (jars.size() != 1) {
                return new Outcome(null, "the build made " + jars.size() + " jars in target/ (" + jars.stream()
                    .map(p -> p.getFileName().toString()).toList() + "); the grader needs exactly one plugin jar");
            }
            return new Outcome(jars.get(0), null);
        } catch (IOException e) {
            return new Outcome(null, "the build left no target/ directory");
        }
    }

    private static String attempt(Path project, int seconds, boolean offline) {
        Path log;
        try {
            log = Files.createTempFile("kmemlab-build", ".log");
        } catch (IOException e) {
            return "cannot build: " + e.getMessage();
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(offline ? List.of(mvn(), "-q", "-o", "-B", "-DskipTests", "package")
                : List.of(mvn(), "-q", "-B", "-DskipTests", "package"));
            pb.directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "the build ran past its " + seconds + " s limit";
            }
            if (p.exitValue() == 0) {
                return null;
            }
            return "the build failed (mvn exit status " + p.exitValue() + "):\n" + lastLines(log, 20);
        } catch (IOException e) {
            return "cannot run mvn: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the build was interrupted";
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    private static String mvn() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn";
    }

    private static String lastLines(Path log, int n) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
