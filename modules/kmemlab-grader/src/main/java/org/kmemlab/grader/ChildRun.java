package org.kmemlab.grader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Grades one submission in a child JVM ({@link GradeWorker}) under the assignment's limits: a hard wall clock
 * (destroyForcibly), the heap ({@code -Xmx}, and {@code -XX:+ExitOnOutOfMemoryError} so running out of memory
 * ends the child instead of leaving it half-alive), and the output cap. The child's events survive its death.
 */
final class ChildRun {
    /** What the child reported, and why it stopped early ({@code death} null when it finished). */
    record Outcome(List<JsonNode> events, String death) {
    }

    private ChildRun() {
    }

    static Outcome run(Manifest m, String kind, Path module) throws IOException, InterruptedException {
        Path results = Files.createTempFile("kmemlab-grade", ".jsonl");
        try {
            return run(m, kind, module, results);
        } finally {
            Files.deleteIfExists(results);
        }
    }

    private static Outcome run(Manifest m, String kind, Path module, Path results) throws IOException, InterruptedException {
        Manifest.Limits lim = m.limits();
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx" + lim.heapMb() + "m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
            "-cp", System.getProperty("java.class.path"), GradeWorker.class.getName(),
            m.dir().toString(), results.toString(), kind, module.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // the limits are the manifest's, not the grader's environment's
        pb.environment().remove("KMEMLAB_PLUGINS");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File(System.getProperty("os.name", "").startsWith("Windows")
            ? "NUL" : "/dev/null")));
        Process p = pb.start();
        OutputCap cap = new OutputCap(lim.outputKb() * 1024L, () -> kill(p));
        cap.start(p);
        boolean exited = p.waitFor(lim.wallSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            kill(p);
            p.waitFor();
        }
        cap.finish();
        List<JsonNode> events = WorkerEvents.read(results);
        boolean done = events.stream().anyMatch(e -> e.path("event").asText().equals("done"));
        String death;
        if (cap.flooded()) {
            death = "printed more than " + lim.outputKb() + " KB";
        } else if (!exited) {
            death = "ran past the " + lim.wallSeconds() + " s wall-clock limit";
        } else if (done) {
            death = null;
        } else if (cap.tail().contains("java.lang.OutOfMemoryError")) {
            death = "ran out of memory (" + lim.heapMb() + " MB heap)";
        } else if (events.stream().anyMatch(e -> e.path("event").asText().equals("exit"))) {
            death = "called System.exit(" + p.exitValue() + ")";
        } else {
            death = "crashed the JVM (exit status " + p.exitValue() + ")";
        }
        return new Outcome(events, death);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin",
            System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
